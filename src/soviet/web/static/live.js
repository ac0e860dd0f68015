// Live updates for the pages, from the API's event stream (GET /api/v1/events).
// An element with data-live-fragment is fetched again from that address when a notice of
// one of its data-live-kinds arrives, and its content replaced: only that element, so a
// form being filled elsewhere on the page is never reset. After a lost connection the
// page says so, reconnects with growing pauses and catches up from the last event seen.
// What the person has chosen or typed in a region's forms, and her focus, are kept across
// the replacement; a region is fetched at most once at a time however many notices arrive.
// A speaker's time (data-elapsed, seconds when the page was read) counts on every second.
(function () {
  "use strict";
  // The server's clock less this device's, from the time the page was made: a speech's
  // time counts from its start on the server's clock, whenever its part was rendered.
  var served = Date.parse(document.documentElement.getAttribute("data-server-now") || "");
  var skew = isNaN(served) ? null : served - Date.now();
  function tick() {
    var now = Date.now();
    Array.prototype.forEach.call(document.querySelectorAll("[data-elapsed]"), function (el) {
      if (!el.liveRead) { el.liveRead = now; }
      var started = Date.parse(el.getAttribute("data-started") || "");
      var seconds = skew !== null && !isNaN(started)
        ? Math.max(0, Math.floor((now + skew - started) / 1000))
        : Number(el.getAttribute("data-elapsed")) + Math.floor((now - el.liveRead) / 1000);
      var shown = Math.floor(seconds / 60) + ":" + ("0" + (seconds % 60)).slice(-2);
      if (el.textContent !== shown) { el.textContent = shown; }
      var limit = Number(el.getAttribute("data-limit") || 0);
      el.classList.toggle("over", limit > 0 && seconds > limit);
    });
  }
  if (document.querySelector("[data-elapsed]") || document.querySelector("[data-live-fragment]")) {
    setInterval(tick, 1000);
  }
  var regions = Array.prototype.slice.call(document.querySelectorAll("[data-live-fragment]"));
  if (!regions.length || !window.EventSource) { return; }
  var banner = document.querySelector("[data-connection]");
  var kinds = {};
  var counted = {};
  regions.forEach(function (region) {
    region.getAttribute("data-live-kinds").split(",").forEach(function (kind) { kinds[kind] = true; });
    (region.getAttribute("data-live-counts") || "").split(",").forEach(function (kind) {
      if (kind) { kinds[kind] = true; counted[kind] = true; }
    });
  });
  var names = Object.keys(kinds);

  // A ballot's notice adds one to the turnout shown for its poll, if the turnout was read
  // before it (data-seq): the same work for each notice however large the assembly.
  function count(event) {
    var notice;
    try { notice = JSON.parse(event.data); } catch (ignored) { return; }
    var motion = notice.fields && notice.fields.motion;
    Array.prototype.forEach.call(document.querySelectorAll("[data-count-motion]"), function (el) {
      if (el.getAttribute("data-count-motion") !== motion) { return; }
      if (el.getAttribute("data-count-federation") !== notice.federation) { return; }
      if (notice.seq <= Number(el.getAttribute("data-seq"))) { return; }
      el.setAttribute("data-seq", String(notice.seq));
      var cast = el.querySelector("[data-cast]");
      var bar = el.querySelector("progress");
      var ballots = Number(cast.textContent) + 1;
      cast.textContent = String(ballots);
      if (bar) { bar.value = ballots; }
    });
  }
  var lastId = null;
  var pause = 1000;
  var opened = false;

  // What the person has put in the region's forms, by form, field and (for a choice) value.
  function keyOf(input) {
    var form = input.form;
    var motion = form && form.elements.motion ? form.elements.motion.value : "";
    var action = form ? form.getAttribute("action") + "|" + motion : "";
    var choice = input.type === "radio" || input.type === "checkbox" ? input.value : "";
    return action + "|" + input.name + "|" + choice;
  }

  function place(region, html) {
    if (html === region.innerHTML) { return; }
    var kept = {};
    var focused = null;
    Array.prototype.forEach.call(region.querySelectorAll("input, select, textarea"), function (input) {
      if (input.type === "hidden") { return; }
      var key = keyOf(input);
      kept[key] = { checked: input.checked, value: input.value };
      if (input === document.activeElement) {
        focused = { key: key, start: input.selectionStart, end: input.selectionEnd };
      }
    });
    region.innerHTML = html;
    Array.prototype.forEach.call(region.querySelectorAll("input, select, textarea"), function (input) {
      var was = kept[keyOf(input)];
      if (!was || input.type === "hidden") { return; }
      if (input.type === "radio" || input.type === "checkbox") { input.checked = was.checked; }
      else { input.value = was.value; }
      if (focused && focused.key === keyOf(input)) {
        input.focus();
        try { input.setSelectionRange(focused.start, focused.end); } catch (ignored) { /* not text */ }
      }
    });
    tick();
  }

  function refresh(region) {
    if (region.hasAttribute("data-live-paused")) { return; }  // it shows a past day
    if (region.liveBusy) { region.liveAgain = true; return; }
    region.liveBusy = true;
    fetch(region.getAttribute("data-live-fragment"), { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) { if (html !== null) { place(region, html); } })
      .catch(function () { /* the next notice or reconnection fetches it again */ })
      .then(function () {
        region.liveBusy = false;
        if (region.liveAgain) { region.liveAgain = false; refresh(region); }
      });
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
        if (counted[kind]) { count(event); } else { refreshFor(kind); }
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
