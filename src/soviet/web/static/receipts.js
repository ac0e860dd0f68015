// Receipts kept on the device: each one a page shows (an element with data-keep, saying
// what it is the receipt of) is added to this browser's own list, and the person's page
// lists them (data-receipts). The server keeps no receipt with a person's name.
(function () {
  "use strict";
  var KEY = "soviet-receipts";
  var MAX = 200;

  function kept() {
    try { return JSON.parse(window.localStorage.getItem(KEY) || "[]"); } catch (ignored) { return []; }
  }

  function save(list) {
    try { window.localStorage.setItem(KEY, JSON.stringify(list.slice(-MAX))); } catch (ignored) { /* full or off */ }
  }

  // Keep the receipt an element shows (a page's script calls this for one it shows later).
  function keep(el) {
    var receipt = el.textContent.trim();
    if (!/^[0-9a-f]{64}$/.test(receipt)) { return; }
    var all = kept();
    if (all.some(function (r) { return r.receipt === receipt; })) { return; }
    all.push({ what: el.getAttribute("data-keep"), receipt: receipt, at: new Date().toISOString(), page: window.location.pathname });
    save(all);
  }
  window.sovietKeepReceipt = keep;
  Array.prototype.forEach.call(document.querySelectorAll("[data-keep]"), keep);

  var box = document.querySelector("[data-receipts]");
  if (!box) { return; }
  function show() {
    box.textContent = "";
    var all = kept();
    if (!all.length) {
      var none = document.createElement("p");
      none.textContent = box.getAttribute("data-empty");
      box.appendChild(none);
      return;
    }
    var ul = document.createElement("ul");
    ul.className = "delegates receipts";
    all.slice().reverse().forEach(function (r) {
      var li = document.createElement("li");
      var what = document.createElement("a");
      what.href = r.page;
      what.textContent = r.what;
      var when = document.createElement("time");
      when.dateTime = r.at;
      when.textContent = r.at.slice(0, 16).replace("T", " ");
      var code = document.createElement("code");
      code.className = "receipt";
      code.textContent = r.receipt;
      li.appendChild(what);
      li.appendChild(document.createTextNode(", "));
      li.appendChild(when);
      li.appendChild(document.createTextNode(": "));
      li.appendChild(code);
      ul.appendChild(li);
    });
    box.appendChild(ul);
    var forget = document.createElement("button");
    forget.type = "button";
    forget.className = "secondary";
    forget.textContent = box.getAttribute("data-forget");
    forget.addEventListener("click", function () { save([]); try { window.localStorage.removeItem(KEY); } catch (ignored) { /* off */ } show(); });
    box.appendChild(forget);
  }
  show();
}());
