// The week's reports as points over the area outlines: an enhancement of the table, which
// lists the same reports. Tiles only come from the configured server.
(function () {
  "use strict";

  // Leaflet inserts a string into a tooltip as HTML; labels are names users typed, so they go
  // in as text.
  function asText(label) {
    var span = document.createElement("span");
    span.textContent = label;
    return span;
  }

  function outlines(url) {
    // Resolves to the outlines layer, or to null if they cannot be had: the points alone still
    // make a map.
    return fetch(url, { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error("areas: HTTP " + response.status);
        return response.json();
      })
      .then(function (collection) {
        var features = collection.features.filter(function (f) { return f.geometry; });
        return features.length ? L.geoJSON(features, {
          style: { color: "#1f4e79", weight: 1, fillOpacity: 0.05 },
          interactive: false,
          onEachFeature: TryggveMap.label,
        }) : null;
      })
      .catch(function () { return null; });
  }

  function setUp(container, points) {
    var markers = L.featureGroup(points.map(function (p) {
      return L.circleMarker([p.lat, p.lng], { radius: 6, color: "#a4000f", fillOpacity: 0.7 }).bindTooltip(asText(p.label));
    }));
    outlines(container.dataset.areasUrl).then(function (areas) {
      var bounds = points.length ? markers.getBounds() : areas && areas.getBounds();
      // Nothing to show (no points and no outlines): the table below says it all.
      if (!bounds || !bounds.isValid()) return;
      container.hidden = false;
      container.setAttribute("role", "region");
      container.setAttribute("aria-label", container.dataset.label);
      var map = L.map(container, { scrollWheelZoom: false });
      // A view before any layer: Leaflet cannot draw a path on a map without one.
      map.fitBounds(bounds, { maxZoom: 15, padding: [20, 20] });
      TryggveMap.background(map, container);
      if (areas) areas.addTo(map);
      markers.addTo(map);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var container = document.querySelector(".week-map");
    var data = document.getElementById("week-points");
    if (!container || !data || typeof L === "undefined") return;
    setUp(container, JSON.parse(data.textContent));
  });
})();
