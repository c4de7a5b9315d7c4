// Lägesbild map: areas coloured by a share, and hotspot squares. An enhancement only: every
// figure is also in the tables on the page, which work without JavaScript.
(function () {
  "use strict";

  var BINS = [0.15, 0.3, 0.45, 0.6];
  var COLOURS = ["#fef0d9", "#fdcc8a", "#fc8d59", "#e34a33", "#b30000"];
  var HIDDEN = "#d9d9d9";

  function colour(value) {
    if (value === null || value === undefined) return HIDDEN;
    for (var i = 0; i < BINS.length; i++) if (value < BINS[i]) return COLOURS[i];
    return COLOURS[COLOURS.length - 1];
  }

  // Leaflet inserts a string into a tooltip as HTML; labels are names users typed, so they go
  // in as text.
  function asText(label) {
    var span = document.createElement("span");
    span.textContent = label;
    return span;
  }

  function percent(value) {
    return Math.round(value * 100) + " %";
  }

  function legend(list, container) {
    list.textContent = "";
    var labels = ["< 15 %", "15–30 %", "30–45 %", "45–60 %", "≥ 60 %"];
    labels.forEach(function (label, i) {
      var item = document.createElement("li");
      var swatch = document.createElement("span");
      swatch.className = "swatch";
      swatch.style.background = COLOURS[i];
      item.appendChild(swatch);
      item.appendChild(document.createTextNode(" " + label));
      list.appendChild(item);
    });
    var hidden = document.createElement("li");
    var swatch = document.createElement("span");
    swatch.className = "swatch";
    swatch.style.background = HIDDEN;
    hidden.appendChild(swatch);
    hidden.appendChild(document.createTextNode(" " + container.dataset.hiddenLabel));
    list.appendChild(hidden);
  }

  function setUp(container) {
    var data = JSON.parse(document.getElementById("situation-map-data").textContent);
    var controls = document.querySelector(".situation-map-controls");
    var select = controls.querySelector("select");
    data.shares.forEach(function (share, i) {
      var option = document.createElement("option");
      option.value = String(i);
      option.textContent = share.title;
      select.appendChild(option);
    });
    controls.hidden = false;
    container.hidden = false;
    legend(controls.querySelector(".legend"), container);

    var map = L.map(container, { scrollWheelZoom: false });
    container.setAttribute("aria-label", container.dataset.label);
    TryggveMap.background(map, container);
    var areas = null;

    function paint() {
      var share = data.shares[Number(select.value)] || { values: {} };
      areas.eachLayer(function (layer) {
        var value = share.values[String(layer.feature.properties.area_id)];
        layer.setStyle({ fillColor: colour(value), fillOpacity: 0.75, color: "#333", weight: 1 });
        layer.unbindTooltip();
        // Permanent: the map names every area (and its share) without hovering.
        layer.bindTooltip(asText(
          layer.feature.properties.name + ": " + (value === null || value === undefined ? "–" : percent(value))
        ), { permanent: true, direction: "center", className: "area-label" });
      });
    }

    function withoutMap() {
      // No outlines to colour: the tables on the page hold the same figures.
      map.remove();
      container.hidden = true;
      controls.hidden = true;
    }

    fetch(container.dataset.areasUrl, { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error("areas: HTTP " + response.status);
        return response.json();
      })
      .then(function (collection) {
        var features = collection.features.filter(function (f) {
          return f.geometry && f.properties.kind !== "municipality";
        });
        if (!features.length) return withoutMap();
        areas = L.geoJSON(features);
        map.fitBounds(areas.getBounds());  // a view first: Leaflet draws nothing without one
        areas.addTo(map);
        data.hotspots.forEach(function (square) {
          L.rectangle([[square.south, square.west], [square.north, square.east]], {
            color: "#000", weight: 2, fillColor: "#000", fillOpacity: 0.35
          }).bindTooltip(asText(square.count + " " + container.dataset.marksLabel)).addTo(map);
        });
        paint();
      }, withoutMap);
    select.addEventListener("change", function () { if (areas) paint(); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var container = document.querySelector(".situation-map");
    if (container && window.L && document.getElementById("situation-map-data")) setUp(container);
  });
})();
