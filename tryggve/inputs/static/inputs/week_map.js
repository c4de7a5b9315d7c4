// The week's reports as points over the area outlines: an enhancement of the table, which
// lists the same reports. Tiles only come from the configured server.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var container = document.querySelector(".week-map");
    var data = document.getElementById("week-points");
    if (!container || !data || typeof L === "undefined") return;
    var points = JSON.parse(data.textContent);
    container.hidden = false;
    container.setAttribute("role", "region");
    container.setAttribute("aria-label", container.dataset.label);
    var map = L.map(container, { scrollWheelZoom: false });
    if (container.dataset.tiles) {
      L.tileLayer(container.dataset.tiles, { attribution: container.dataset.attribution, maxZoom: 19 }).addTo(map);
    }
    fetch(container.dataset.areasUrl, { credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (collection) {
        var features = collection.features.filter(function (f) { return f.geometry; });
        var outlines = L.geoJSON(features, {
          style: { color: "#1f4e79", weight: 1, fillOpacity: 0.05 },
          interactive: false,
        }).addTo(map);
        var markers = points.map(function (p) {
          return L.circleMarker([p.lat, p.lng], { radius: 6, color: "#a4000f", fillOpacity: 0.7 })
            .bindTooltip(p.label).addTo(map);
        });
        var bounds = markers.length ? L.featureGroup(markers).getBounds() : outlines.getBounds();
        if (bounds.isValid()) map.fitBounds(bounds, { maxZoom: 15, padding: [20, 20] });
      });
  });
})();
