/* Chronicle's page scripts: maps (Leaflet) and the timeline filter.
 *
 * Both enhance content that is already on the page: without this script, or
 * without map tiles, every place and event is still listed. Text from the
 * archive is set with textContent only, never as HTML.
 */
(function () {
  "use strict";

  var fetched = {};
  function fetchJSON(url) {
    if (!fetched[url]) {
      fetched[url] = fetch(url).then(function (response) {
        if (!response.ok) throw new Error(url + ": " + response.status);
        return response.json();
      });
    }
    return fetched[url];
  }

  /* ---- maps ---------------------------------------------------------- */

  function siteRoot(geojsonUrl) {
    return geojsonUrl.replace(/data\/places\.geojson$/, "");
  }

  function initMap(element) {
    if (element.dataset.ready || typeof L === "undefined") return;
    element.dataset.ready = "1";
    var wanted = (element.dataset.places || "").split(" ").filter(Boolean);
    var source = element.dataset.geojson;
    fetchJSON(source).then(function (collection) {
      var features = collection.features.filter(function (feature) {
        return wanted.indexOf(feature.id) !== -1;
      });
      if (!features.length) { element.hidden = true; return; }
      var map = L.map(element, { scrollWheelZoom: false, attributionControl: true });
      L.tileLayer("https://tile.openstreetmap.org/{z}/{x}/{y}.png", {
        maxZoom: 18,
        attribution: '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors',
      }).addTo(map);
      var root = siteRoot(source);
      var bounds = [];
      features.forEach(function (feature, index) {
        var lonLat = feature.geometry.coordinates;
        var latLng = [lonLat[1], lonLat[0]];
        bounds.push(latLng);
        var marker = L.circleMarker(latLng, {
          radius: element.classList.contains("chronicle-map--small") && index === 0 ? 9 : 7,
          weight: 2,
          color: "#263238",
          fillColor: "#b35c00",
          fillOpacity: 0.85,
          className: "chronicle-marker",
        }).addTo(map);
        var label = document.createElement("span");
        label.textContent = feature.properties.name + (feature.properties.events ? " · " + feature.properties.events + " events" : "");
        marker.bindTooltip(label);
        marker.on("click", function () { window.location.href = root + feature.properties.url; });
      });
      if (bounds.length === 1) map.setView(bounds[0], 10);
      else map.fitBounds(bounds, { padding: [24, 24], maxZoom: 11 });
      element.classList.add("chronicle-map--ready");
    }).catch(function () { element.hidden = true; });
  }

  /* ---- timeline filter ------------------------------------------------ */

  var FILTERS = [
    ["place", "Place", "places"],
    ["person", "Person", "people"],
    ["kind", "Kind", "kinds"],
    ["status", "Status", "statuses"],
  ];

  function eventIdOf(row) {
    var link = row.querySelector('a[href*="events/"]');
    var match = link && link.pathname.match(/\/events\/([a-z0-9-]+)\/?$/);
    return match ? match[1] : null;
  }

  function matches(event, chosen) {
    return (!chosen.place || event.places.indexOf(chosen.place) !== -1) &&
      (!chosen.person || event.people.indexOf(chosen.person) !== -1) &&
      (!chosen.kind || event.kind === chosen.kind) &&
      (!chosen.status || event.status === chosen.status);
  }

  function applyFilter(form, data) {
    var chosen = {};
    FILTERS.forEach(function (filter) { chosen[filter[0]] = form.elements[filter[0]].value; });
    var article = form.closest("article") || document;
    var shown = 0, total = 0;
    article.querySelectorAll("table tbody tr").forEach(function (row) {
      var id = eventIdOf(row);
      if (!id || !data.events[id]) return;
      total += 1;
      var visible = matches(data.events[id], chosen);
      row.hidden = !visible;
      if (visible) shown += 1;
    });
    article.querySelectorAll("h2").forEach(function (heading) {
      var section = [];
      for (var node = heading.nextElementSibling; node && node.tagName !== "H2"; node = node.nextElementSibling) section.push(node);
      var any = section.some(function (node) { return node.querySelector && node.querySelector("tbody tr:not([hidden])"); });
      heading.hidden = !any;
      section.forEach(function (node) { node.hidden = !any; });
      // The table of contents lists only the months still shown.
      if (heading.id) document.querySelectorAll('.md-nav--secondary a[href$="#' + heading.id + '"]').forEach(function (link) {
        link.parentElement.hidden = !any;
      });
    });
    var count = article.querySelector(".chronicle-filter-count");
    if (count) count.textContent = shown === total ? total + " events" : shown + " of " + total + " events match";
    var query = new URLSearchParams();
    FILTERS.forEach(function (filter) { if (chosen[filter[0]]) query.set(filter[0], chosen[filter[0]]); });
    var search = query.toString();
    history.replaceState(history.state, "", window.location.pathname + (search ? "?" + search : ""));
  }

  function initFilter(form) {
    if (form.dataset.ready) return;
    form.dataset.ready = "1";
    fetchJSON(form.dataset.timeline).then(function (data) {
      var initial = new URLSearchParams(window.location.search);
      FILTERS.forEach(function (filter) {
        var name = filter[0], choices = data[filter[2]];
        var label = document.createElement("label");
        var caption = document.createElement("span");
        caption.textContent = filter[1];
        var select = document.createElement("select");
        select.name = name;
        var all = document.createElement("option");
        all.value = "";
        all.textContent = "All";
        select.appendChild(all);
        var entries = Array.isArray(choices) ? choices.map(function (value) { return [value, value.replace(/-/g, " ")]; })
          : Object.keys(choices).map(function (id) { return [id, choices[id]]; });
        entries.forEach(function (entry) {
          var option = document.createElement("option");
          option.value = entry[0];
          option.textContent = entry[1];
          select.appendChild(option);
        });
        if (entries.some(function (entry) { return entry[0] === initial.get(name); })) select.value = initial.get(name);
        select.addEventListener("change", function () { applyFilter(form, data); });
        label.appendChild(caption);
        label.appendChild(select);
        form.appendChild(label);
      });
      var reset = document.createElement("button");
      reset.type = "reset";
      reset.className = "md-button";
      reset.textContent = "Show all";
      form.addEventListener("reset", function () { setTimeout(function () { applyFilter(form, data); }, 0); });
      form.appendChild(reset);
      form.addEventListener("submit", function (event) { event.preventDefault(); });
      form.hidden = false;
      applyFilter(form, data);
    }).catch(function () { /* the unfiltered timeline stays */ });
  }

  function init() {
    document.querySelectorAll(".chronicle-map").forEach(initMap);
    document.querySelectorAll("form.chronicle-filter").forEach(initFilter);
  }

  // Material's instant navigation swaps pages without reloading scripts; document$ fires on each page.
  if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(init);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
