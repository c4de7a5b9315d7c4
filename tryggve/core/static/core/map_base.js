// What every map shares: Tryggve's own tiles (when a source is configured; never another host)
// and the areas' names as labels, so a map without tiles still says where is where.
(function () {
  "use strict";

  // Names are typed by users: into the label as text, never as HTML.
  function asText(label) {
    var span = document.createElement("span");
    span.textContent = label;
    return span;
  }

  window.TryggveMap = {
    asText: asText,
    background: function (map, container) {
      if (container.dataset.tiles) {
        var options = {
          attribution: container.dataset.attribution,
          maxZoom: 19,
          maxNativeZoom: Number(container.dataset.nativeZoom) || 19,
        };
        var edges = (container.dataset.tileBounds || "").split(",").map(Number);
        // The archive's extent: no requests (and no 404s) for tiles beyond the region.
        if (edges.length === 4) options.bounds = [[edges[1], edges[0]], [edges[3], edges[2]]];
        L.tileLayer(container.dataset.tiles, options).addTo(map);
      }
    },
    // For L.geoJSON's onEachFeature: each district, locality or centre named on the map.
    label: function (feature, layer) {
      var p = feature.properties || {};
      if (p.name && p.kind !== "municipality") {
        layer.bindTooltip(asText(p.name), { permanent: true, direction: "center", className: "area-label" });
      }
    },
  };
})();
