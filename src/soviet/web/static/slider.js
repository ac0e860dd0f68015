// The council page's time slider: each stop a day on which the council changed, the last
// today. Moving it reads the council page as it was on that day and puts its seats,
// members, drift and the line saying which day it is in place of the page's own, keeping
// the address in step (so a reload or a shared link shows the same day). While it shows a
// past day the live seats are paused. Without JavaScript the date field does the same.
(function () {
  "use strict";
  var box = document.querySelector("[data-slider]");
  if (!box || !window.fetch || !window.DOMParser) { return; }
  var slider = box.querySelector("input[type=range]");
  var shown = box.querySelector("[data-slider-day]");
  var date = document.getElementById("at");
  var stops = slider.getAttribute("data-stops").split(",");
  var parts = ["moment-line", "hemicycle", "members", "drift"];
  var timer = null;
  var wanted = null;
  box.hidden = false;

  function show(index) {
    var isNow = index === stops.length - 1;
    var day = stops[index];
    var query = new URLSearchParams(window.location.search);
    if (isNow) { query.delete("at"); } else { query.set("at", day); }
    var search = query.toString();
    var address = window.location.pathname + (search ? "?" + search : "");
    wanted = address;
    fetch(address, { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (html === null || wanted !== address) { return; }
        var read = new DOMParser().parseFromString(html, "text/html");
        parts.forEach(function (id) {
          var mine = document.getElementById(id);
          var theirs = read.getElementById(id);
          if (mine && theirs) { mine.innerHTML = theirs.innerHTML; }
        });
        var seats = document.getElementById("hemicycle");
        if (seats) {
          if (isNow) { seats.removeAttribute("data-live-paused"); }
          else { seats.setAttribute("data-live-paused", ""); }
        }
        if (date) { date.value = day; }
        window.history.replaceState(null, "", address);
        document.documentElement.setAttribute("data-slider-shows", isNow ? "now" : day);
      })
      .catch(function () { /* the next move reads it again */ });
  }

  slider.addEventListener("input", function () {
    var index = Number(slider.value);
    shown.textContent = stops[index];
    slider.setAttribute("aria-valuetext", stops[index]);
    clearTimeout(timer);
    timer = setTimeout(function () { show(index); }, 150);
  });
}());
