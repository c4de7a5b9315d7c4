// The safety walk's route on a map: drawn point by point when planning (into a hidden field,
// with the route in words as the fallback), and shown with the findings on the walk's page.
(function () {
  "use strict";

  // Leaflet inserts a string into a tooltip as HTML; labels are names users typed, so they go
  // in as text.
  function asText(label) {
    var span = document.createElement("span");
    span.textContent = label;
    return span;
  }

  // The map, once what it shows is known: fitted to `bounds` before any layer is added, since
  // Leaflet cannot draw a path on a map without a view.
  function mapAt(container, bounds, maxZoom) {
    container.hidden = false;
    var map = L.map(container, { scrollWheelZoom: false });
    map.fitBounds(bounds, { maxZoom: maxZoom, padding: [20, 20] });
    TryggveMap.background(map, container);
    return map;
  }

  // Calls `then` with the area outlines as a layer, or with null if they cannot be had.
  function outlines(container, then) {
    fetch(container.dataset.areasUrl, { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error("areas: HTTP " + response.status);
        return response.json();
      })
      .then(function (collection) {
        var features = collection.features.filter(function (f) { return f.geometry; });
        then(features.length ? L.geoJSON(features, {
          style: { color: "#1f4e79", weight: 1, fillOpacity: 0.05 },
          interactive: false,
          onEachFeature: TryggveMap.label,
        }) : null);
      }, function () { then(null); });
  }

  function draw(container) {
    var input = document.getElementById(container.dataset.input);
    var undo = container.parentNode.querySelector(".route-undo");
    var points = [];
    try {
      var stored = JSON.parse(input.value || "null");
      if (stored && stored.coordinates) {
        points = stored.coordinates.map(function (c) { return L.latLng(c[1], c[0]); });
      }
    } catch (error) { points = []; }
    var line = L.polyline(points, { color: "#a4000f", weight: 4 });
    function store() {
      line.setLatLngs(points);
      input.value = points.length >= 2 ? JSON.stringify({
        type: "LineString",
        coordinates: points.map(function (p) { return [+p.lng.toFixed(6), +p.lat.toFixed(6)]; }),
      }) : "";
      undo.disabled = points.length === 0;
    }
    outlines(container, function (areas) {
      var bounds = points.length ? line.getBounds() : areas && areas.getBounds();
      // Nothing to draw on: the route in words is enough.
      if (!bounds || !bounds.isValid()) return;
      var map = mapAt(container, bounds, 17);
      container.setAttribute("role", "application");
      container.setAttribute("aria-label", container.dataset.label);
      if (areas) areas.addTo(map);
      line.addTo(map);
      map.on("click", function (event) { points.push(event.latlng); store(); });
      undo.hidden = false;
      undo.addEventListener("click", function () { points.pop(); store(); });
      store();
    });
  }

  function show(container) {
    var data = JSON.parse(document.getElementById("walk-map-data").textContent);
    var shown = L.featureGroup();
    if (data.route) L.geoJSON(data.route, { style: { color: "#a4000f", weight: 4 } }).addTo(shown);
    data.findings.forEach(function (f) {
      L.circleMarker([f.lat, f.lng], { radius: 7, color: "#1a1a1a", fillOpacity: 0.8 }).bindTooltip(asText(f.label)).addTo(shown);
    });
    outlines(container, function (areas) {
      var bounds = shown.getLayers().length ? shown.getBounds() : areas && areas.getBounds();
      if (!bounds || !bounds.isValid()) return;
      var map = mapAt(container, bounds, 17);
      container.setAttribute("role", "region");
      container.setAttribute("aria-label", container.dataset.label);
      if (areas) areas.addTo(map);
      shown.addTo(map);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (typeof L === "undefined") return;
    Array.prototype.forEach.call(document.querySelectorAll(".route-map[data-mode='draw']"), draw);
    Array.prototype.forEach.call(document.querySelectorAll(".route-map[data-mode='show']"), show);
  });
})();
