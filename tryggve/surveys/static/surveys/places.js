// Map for the "places" question (and the incident report's place): an enhancement of the place
// fields, which work without it.
// A click fills the next free place's hidden latitude and longitude and picks its area;
// clicking a marker empties that place again. Tiles only come from the configured server.
(function () {
  "use strict";

  function inRing(lng, lat, ring) {
    var inside = false;
    for (var i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      var xi = ring[i][0], yi = ring[i][1], xj = ring[j][0], yj = ring[j][1];
      if ((yi > lat) !== (yj > lat) && lng < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) {
        inside = !inside;
      }
    }
    return inside;
  }

  function contains(geometry, lng, lat) {
    if (!geometry) return false;
    var polygons = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
    return polygons.some(function (rings) {
      return inRing(lng, lat, rings[0]) && !rings.slice(1).some(function (hole) { return inRing(lng, lat, hole); });
    });
  }

  function setUp(container) {
    var code = container.dataset.question;
    var form = container.closest("form");
    var slots = Array.prototype.slice.call(form.querySelectorAll("fieldset.place"));
    var field = function (slot, part) {
      return form.querySelector("[name='" + code + "-" + slot.dataset.slot + "-" + part + "']");
    };
    container.hidden = false;
    form.querySelector(".map-help").hidden = false;
    container.setAttribute("role", "application");
    container.setAttribute("aria-label", container.dataset.label);

    var map = L.map(container, { scrollWheelZoom: false });
    TryggveMap.background(map, container);
    var markers = {};
    var features = [];

    function place(slot, latlng) {
      var number = slot.dataset.slot;
      field(slot, "lat").value = latlng.lat.toFixed(6);
      field(slot, "lng").value = latlng.lng.toFixed(6);
      slot.querySelector(".place-point").hidden = false;
      var area = features.filter(function (f) {
        return f.properties.kind !== "municipality" && contains(f.geometry, latlng.lng, latlng.lat);
      })[0];
      if (area) field(slot, "area").value = String(area.properties.area_id);
      // The marker's image speaks the page's language (Leaflet's own alt is the English "Marker").
      var marker = L.marker(latlng, { title: slot.querySelector("legend").textContent, alt: container.dataset.markerAlt, keyboard: true }).addTo(map);
      marker.on("click", function () { clear(slot); });
      markers[number] = marker;
      var details = slot.closest("details");
      if (details) details.open = true;
    }

    function clear(slot) {
      var number = slot.dataset.slot;
      if (markers[number]) { map.removeLayer(markers[number]); delete markers[number]; }
      field(slot, "lat").value = "";
      field(slot, "lng").value = "";
      slot.querySelector(".place-point").hidden = true;
    }

    map.on("click", function (event) {
      var free = slots.filter(function (slot) { return !field(slot, "lat").value; })[0];
      if (!free) return;
      place(free, event.latlng);
      field(free, container.dataset.focus || "reason").focus({ preventScroll: true });
    });

    function withoutMap() {
      // No outlines to mark places on: the fields below work alone.
      map.remove();
      container.hidden = true;
      form.querySelector(".map-help").hidden = true;
    }

    fetch(container.dataset.areasUrl, { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error("areas: HTTP " + response.status);
        return response.json();
      })
      .then(function (collection) {
        features = collection.features.filter(function (f) { return f.geometry; });
        if (!features.length) return withoutMap();
        var layer = L.geoJSON(features, {
          style: function (f) {
            var look = f.properties.kind === "municipality"
              ? { color: "#1a1a1a", weight: 2, fill: false }
              : { color: "#1f4e79", weight: 1, fillOpacity: 0.08 };
            look.className = "area-" + f.properties.slug;
            return look;
          },
          interactive: false,
          onEachFeature: TryggveMap.label,
        });
        var districts = features.filter(function (f) { return f.properties.kind !== "municipality"; });
        // A view before any layer: Leaflet cannot draw a path on a map without one.
        map.fitBounds((districts.length ? L.geoJSON(districts) : layer).getBounds());
        layer.addTo(map);
        slots.forEach(function (slot) {
          var lat = parseFloat(field(slot, "lat").value), lng = parseFloat(field(slot, "lng").value);
          if (!isNaN(lat) && !isNaN(lng)) {
            field(slot, "lat").value = "";
            place(slot, L.latLng(lat, lng));
          }
        });
      }, withoutMap);
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (typeof L === "undefined") return;
    Array.prototype.forEach.call(document.querySelectorAll(".place-map[data-question]"), setUp);
  });
})();
