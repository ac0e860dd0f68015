// soviet: live updates for the pages, from the API's event stream (Server-Sent Events).
// A page that shows something live marks it with data-live="FEDERATION" and
// data-kinds="KIND,KIND": when a notice of those kinds in that federation arrives, the part
// is fetched again and swapped in, leaving every form outside it (and whatever a person is
// typing there) alone. After a lost connection the page says so, reconnects with growing
// pauses, and resumes after the last notice it had (last_event_id).
(function () {
  "use strict";
  var live = document.querySelector("[data-live]");
  if (!live || !window.EventSource) { return; }
  var federation = live.getAttribute("data-live");
  var kinds = (live.getAttribute("data-kinds") || "").split(",").filter(Boolean);
  var banner = document.getElementById("connection");
  var pause = 1000;
  var pending = null;
  var lastSeq = 0;

  function say(text) {
    if (!banner) { return; }
    banner.textContent = text;
    banner.hidden = !text;
  }

  function refresh() {
    pending = null;
    var headers = { "X-Soviet-Fragment": "live" };
    if (lastSeq) { headers["X-Soviet-After"] = String(lastSeq); }
    fetch(window.location.href, { headers: headers, credentials: "same-origin" })
      .then(function (answer) { return answer.ok ? answer.text() : null; })
      .then(function (text) {
        if (!text) { return; }
        var page = new DOMParser().parseFromString(text, "text/html");
        var fresh = page.querySelector("[data-live]");
        if (fresh) { live.innerHTML = fresh.innerHTML; }
      })
      .catch(function () { /* the next notice tries again */ });
  }

  function heard(event) {
    var notice;
    try { notice = JSON.parse(event.data); } catch (error) { return; }
    lastSeq = Math.max(lastSeq, Number(event.lastEventId) || 0);
    if (notice.federation !== federation) { return; }
    // The composition shown is of a past day: a new act changes nothing there.
    if (live.getAttribute("data-at")) { return; }
    if (!pending) { pending = window.setTimeout(refresh, 150); }
  }

  function connect() {
    var address = "/api/v1/events?kinds=" + encodeURIComponent(kinds.join(","));
    if (lastSeq) { address += "&last_event_id=" + lastSeq; }
    var stream = new EventSource(address);
    stream.onopen = function () { pause = 1000; say(""); };
    kinds.forEach(function (kind) { stream.addEventListener(kind, heard); });
    stream.onerror = function () {
      stream.close();
      say(document.documentElement.lang === "de"
        ? "Verbindung unterbrochen – neuer Versuch …"
        : "Connection lost – reconnecting …");
      window.setTimeout(connect, pause);
      pause = Math.min(pause * 2, 30000);
    };
  }
  connect();
}());
