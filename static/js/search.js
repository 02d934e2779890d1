// Enhancements for the search form and results; everything works without them.
(function () {
  "use strict";

  // "Use my location": the browser's position fills lat/lon for this one
  // search and is never stored. Three decimals (about 100 m) are plenty to
  // find what is near and put no more of where someone is in the address.
  var locate = document.querySelector("[data-locate]");
  if (locate && "geolocation" in navigator) {
    locate.hidden = false;
    locate.addEventListener("click", function () {
      var form = locate.closest("form");
      var label = locate.textContent;
      locate.disabled = true;
      locate.textContent = locate.dataset.busy;
      navigator.geolocation.getCurrentPosition(function (position) {
        ["lat", "lon"].forEach(function (name) {
          var input = form.querySelector('input[name="' + name + '"]');
          if (!input) {
            input = document.createElement("input");
            input.type = "hidden";
            input.name = name;
            form.appendChild(input);
          }
          input.value = (name === "lat" ? position.coords.latitude : position.coords.longitude).toFixed(3);
        });
        var near = form.querySelector('input[name="near"]');
        if (near) near.value = "";
        form.submit();
      }, function () {
        locate.disabled = false;
        locate.textContent = label;
        var near = form.querySelector('input[name="near"]');
        if (near) near.focus();
      }, { timeout: 10000, maximumAge: 600000 });
    });
  }

  // The map loads Leaflet and its tiles only when someone asks for it.
  var toggle = document.querySelector("[data-map-toggle]");
  var box = document.getElementById("results-map");
  if (!toggle || !box) return;
  toggle.hidden = false;
  var map = null;
  var showLabel = toggle.textContent;

  function load(src, css) {
    return new Promise(function (resolve, reject) {
      var el = document.createElement(css ? "link" : "script");
      if (css) { el.rel = "stylesheet"; el.href = src; } else { el.src = src; }
      el.onload = resolve;
      el.onerror = reject;
      document.head.appendChild(el);
    });
  }

  function draw() {
    var points = JSON.parse(document.getElementById("map-points").textContent);
    // Leaflet's own control words, in the page's language (the map box carries them).
    map = L.map(box, { zoomControl: false });
    L.control.zoom({ zoomInTitle: box.dataset.zoomIn, zoomOutTitle: box.dataset.zoomOut }).addTo(map);
    map.on("popupopen", function (event) {
      var close = event.popup.getElement().querySelector(".leaflet-popup-close-button");
      if (close) close.setAttribute("aria-label", box.dataset.closePopup);
    });
    L.tileLayer(box.dataset.tileUrl, { maxZoom: 19, attribution: box.dataset.attribution }).addTo(map);
    var bounds = [];
    points.forEach(function (p) {
      var marker = L.marker([p.lat, p.lon], { title: p.title, alt: p.title }).addTo(map);
      var link = document.createElement("a");
      link.href = p.url;
      link.textContent = p.title;
      marker.bindPopup(link);
      bounds.push([p.lat, p.lon]);
    });
    if (bounds.length) map.fitBounds(bounds, { padding: [24, 24], maxZoom: 15 });
  }

  toggle.addEventListener("click", function () {
    var show = box.hidden;
    box.hidden = !show;
    toggle.setAttribute("aria-expanded", String(show));
    toggle.textContent = show ? toggle.dataset.hide : showLabel;
    if (show && !map) {
      Promise.all([load(box.dataset.leafletCss, true), load(box.dataset.leafletJs)]).then(draw);
    }
  });
})();
