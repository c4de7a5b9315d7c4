// The map of residents' reported places: an enhancement only. It draws what the page's list and
// table already say (the listed reports at the middles of their squares, or the squares with
// enough reports), over the areas' outlines and Tryggve's own tiles.
(function () {
  "use strict";

  function setUp(container) {
    var data = JSON.parse(document.getElementById("places-map-data").textContent);
    if (!data.points.length && !data.squares.length) return;
    container.hidden = false;
    var map = L.map(container, { scrollWheelZoom: false });
    container.setAttribute("aria-label", container.dataset.label);
    TryggveMap.background(map, container);
    var asText = TryggveMap.asText;

    // Reports in the same square share one point: one marker naming each of them.
    var byPoint = {};
    data.points.forEach(function (point) {
      var key = point.latitude + "," + point.longitude;
      (byPoint[key] = byPoint[key] || { latitude: point.latitude, longitude: point.longitude, reports: [] })
        .reports.push(point);
    });
    var layers = [];
    Object.keys(byPoint).forEach(function (key) {
      var found = byPoint[key];
      var marker = L.circleMarker([found.latitude, found.longitude], {
        radius: 8, color: "#1f2937", weight: 2, fillColor: "#f59e0b", fillOpacity: 0.9
      });
      marker.bindTooltip(asText(found.reports.map(function (r) { return r.label; }).join("; ")));
      if (found.reports.length === 1) {
        marker.on("click", function () { window.location.href = found.reports[0].url; });
      }
      layers.push(marker);
    });
    data.squares.forEach(function (square) {
      var shape = L.rectangle([[square.south, square.west], [square.north, square.east]], {
        color: "#000", weight: 2, fillColor: "#000", fillOpacity: 0.35
      });
      // Counts are rounded down (situation.publication.place_squares): "at least N reports".
      shape.bindTooltip(asText(container.dataset.atLeastLabel + " " + square.count + " " + container.dataset.reportsLabel));
      layers.push(shape);
    });
    var group = L.featureGroup(layers).addTo(map);

    fetch(container.dataset.areasUrl, { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error("areas: HTTP " + response.status);
        return response.json();
      })
      .then(function (collection) {
        var features = collection.features.filter(function (f) {
          return f.geometry && f.properties.kind !== "municipality";
        });
        if (features.length) {
          L.geoJSON(features, {
            style: { color: "#4b5563", weight: 1, fillOpacity: 0.05 },
            onEachFeature: TryggveMap.label,
          }).addTo(map).bringToBack();
        }
      })
      .catch(function () { /* the points alone, without outlines */ })
      .finally(function () {
        var zoom = Number(container.dataset.zoom) || 15;
        map.fitBounds(group.getBounds(), { maxZoom: zoom, padding: [20, 20] });
      });
    // A view at once: Leaflet draws nothing without one.
    map.fitBounds(group.getBounds(), { maxZoom: Number(container.dataset.zoom) || 15, padding: [20, 20] });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var container = document.querySelector(".places-map");
    if (container && window.L && document.getElementById("places-map-data")) setUp(container);
  });
})();
