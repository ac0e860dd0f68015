// Live updates for the pages, from the API's event stream (GET /api/v1/events).
// An element with data-live-fragment is fetched again from that address when a notice of
// one of its data-live-kinds arrives, and its content replaced: only that element, so a
// form being filled elsewhere on the page is never reset. After a lost connection the
// page says so, reconnects with growing pauses and catches up from the last event seen.
(function () {
  "use strict";
  var regions = Array.prototype.slice.call(document.querySelectorAll("[data-live-fragment]"));
  if (!regions.length || !window.EventSource) { return; }
  var banner = document.querySelector("[data-connection]");
  var kinds = {};
  regions.forEach(function (region) {
    region.getAttribute("data-live-kinds").split(",").forEach(function (kind) { kinds[kind] = true; });
  });
  var names = Object.keys(kinds);
  var lastId = null;
  var pause = 1000;
  var opened = false;

  function refresh(region) {
    return fetch(region.getAttribute("data-live-fragment"), { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) { if (html !== null && html !== region.innerHTML) { region.innerHTML = html; } })
      .catch(function () { /* the next notice or reconnection fetches it again */ });
  }

  function refreshFor(kind) {
    regions.forEach(function (region) {
      if (region.getAttribute("data-live-kinds").split(",").indexOf(kind) >= 0) { refresh(region); }
    });
  }

  function connect() {
    var url = "/api/v1/events?kinds=" + encodeURIComponent(names.join(","));
    if (lastId !== null) { url += "&last_event_id=" + encodeURIComponent(lastId); }
    var source = new EventSource(url);
    source.onopen = function () {
      pause = 1000;
      if (banner) { banner.hidden = true; }
      if (opened) { regions.forEach(refresh); }  // whatever changed while away
      opened = true;
      document.documentElement.setAttribute("data-live", "open");
    };
    names.forEach(function (kind) {
      source.addEventListener(kind, function (event) {
        if (event.lastEventId) { lastId = event.lastEventId; }
        refreshFor(kind);
      });
    });
    source.onerror = function () {
      source.close();
      document.documentElement.setAttribute("data-live", "lost");
      if (banner) { banner.hidden = false; }
      setTimeout(connect, pause);
      pause = Math.min(pause * 2, 30000);
    };
  }

  connect();
}());
