// The safety walk's route on a map: drawn point by point when planning (into a hidden field,
// with the route in words as the fallback), and shown with the findings on the walk's page.
(function () {
  "use strict";

  function baseMap(container) {
    container.hidden = false;
    var map = L.map(container, { scrollWheelZoom: false });
    if (container.dataset.tiles) {
      L.tileLayer(container.dataset.tiles, { attribution: container.dataset.attribution, maxZoom: 19 }).addTo(map);
    }
    return map;
  }

  function outlines(container, map, then) {
    fetch(container.dataset.areasUrl, { credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (collection) {
        var features = collection.features.filter(function (f) { return f.geometry; });
        var layer = L.geoJSON(features, {
          style: { color: "#1f4e79", weight: 1, fillOpacity: 0.05 },
          interactive: false,
        }).addTo(map);
        then(layer);
      });
  }

  function draw(container) {
    var input = document.getElementById(container.dataset.input);
    var undo = container.parentNode.querySelector(".route-undo");
    var map = baseMap(container);
    container.setAttribute("role", "application");
    container.setAttribute("aria-label", container.dataset.label);
    var points = [];
    try {
      var stored = JSON.parse(input.value || "null");
      if (stored && stored.coordinates) {
        points = stored.coordinates.map(function (c) { return L.latLng(c[1], c[0]); });
      }
    } catch (error) { points = []; }
    var line = L.polyline(points, { color: "#a4000f", weight: 4 }).addTo(map);
    function store() {
      line.setLatLngs(points);
      input.value = points.length >= 2 ? JSON.stringify({
        type: "LineString",
        coordinates: points.map(function (p) { return [+p.lng.toFixed(6), +p.lat.toFixed(6)]; }),
      }) : "";
      undo.disabled = points.length === 0;
    }
    map.on("click", function (event) { points.push(event.latlng); store(); });
    undo.hidden = false;
    undo.addEventListener("click", function () { points.pop(); store(); });
    store();
    outlines(container, map, function (layer) {
      map.fitBounds(points.length ? line.getBounds() : layer.getBounds());
    });
  }

  function show(container) {
    var data = JSON.parse(document.getElementById("walk-map-data").textContent);
    var map = baseMap(container);
    container.setAttribute("role", "region");
    container.setAttribute("aria-label", container.dataset.label);
    var shown = L.featureGroup().addTo(map);
    if (data.route) L.geoJSON(data.route, { style: { color: "#a4000f", weight: 4 } }).addTo(shown);
    data.findings.forEach(function (f) {
      L.circleMarker([f.lat, f.lng], { radius: 7, color: "#1a1a1a", fillOpacity: 0.8 }).bindTooltip(f.label).addTo(shown);
    });
    outlines(container, map, function (layer) {
      var bounds = shown.getLayers().length ? shown.getBounds() : layer.getBounds();
      if (bounds.isValid()) map.fitBounds(bounds, { maxZoom: 17, padding: [20, 20] });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (typeof L === "undefined") return;
    Array.prototype.forEach.call(document.querySelectorAll(".route-map[data-mode='draw']"), draw);
    Array.prototype.forEach.call(document.querySelectorAll(".route-map[data-mode='show']"), show);
  });
})();
