// Location editor: a Leaflet map whose marker writes the latitude and
// longitude inputs, and follows them when staff type numbers instead.
(function () {
  "use strict";

  function setUp(element) {
    if (element.dataset.ready || typeof L === "undefined") return;
    element.dataset.ready = "1";
    var form = element.closest("form");
    var lat = form.querySelector('[name="' + element.dataset.latitudeName + '"]');
    var lon = form.querySelector('[name="' + element.dataset.longitudeName + '"]');
    var approximate = form.querySelector('[name="coordinates_approximate"]');
    var start = lat.value && lon.value ? [parseFloat(lat.value), parseFloat(lon.value)] : [39.7392, -104.9903];

    var map = L.map(element).setView(start, lat.value ? 16 : 10);
    L.tileLayer(element.dataset.tileUrl, { maxZoom: 19, attribution: element.dataset.attribution }).addTo(map);
    var marker = L.marker(start, { draggable: true, keyboard: true }).addTo(map);

    function write(point) {
      lat.value = point.lat.toFixed(6);
      lon.value = point.lng.toFixed(6);
      // A point placed by hand is exact, not the ZIP code's centre.
      if (approximate) approximate.checked = false;
    }
    marker.on("dragend", function () { write(marker.getLatLng()); });
    map.on("click", function (event) { marker.setLatLng(event.latlng); write(event.latlng); });
    [lat, lon].forEach(function (input) {
      input.addEventListener("change", function () {
        var point = [parseFloat(lat.value), parseFloat(lon.value)];
        if (!isNaN(point[0]) && !isNaN(point[1])) { marker.setLatLng(point); map.panTo(point); }
      });
    });
  }

  function setUpAll() { document.querySelectorAll("[data-map-picker]").forEach(setUp); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUpAll);
  else setUpAll();
})();
