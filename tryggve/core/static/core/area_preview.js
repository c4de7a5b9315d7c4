// The upload's preview: the outlines the boundary file makes, drawn over the configured tiles
// (if any). An enhancement of the table beside it, which lists the same areas.
(function () {
  "use strict";

  // Names come from the uploaded file: into the tooltip as text, never as HTML.
  function asText(label) {
    var span = document.createElement("span");
    span.textContent = label;
    return span;
  }

  document.addEventListener("DOMContentLoaded", function () {
    var container = document.querySelector(".area-preview-map");
    var data = document.getElementById("area-preview");
    if (!container || !data || typeof L === "undefined") return;
    var collection = JSON.parse(data.textContent);
    var layer = L.geoJSON(collection, {
      style: function (feature) {
        return { color: feature.properties["new"] ? "#1f4e79" : "#6b2c2c", weight: 2, fillOpacity: 0.1 };
      },
      onEachFeature: function (feature, shape) {
        var p = feature.properties;
        shape.bindTooltip(asText(p.code ? p.name + " (" + p.code + ")" : p.name));
      },
    });
    var bounds = layer.getBounds();
    if (!bounds.isValid()) return;
    container.hidden = false;
    container.setAttribute("role", "region");
    container.setAttribute("aria-label", container.dataset.label);
    var map = L.map(container, { scrollWheelZoom: false });
    map.fitBounds(bounds, { padding: [20, 20] });
    TryggveMap.background(map, container);
    layer.addTo(map);
  });
})();
