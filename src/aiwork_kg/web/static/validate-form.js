// The validation page's form (aiwork-kg, Apache-2.0): while the user ticks boxes, the Turtle the
// form states is refreshed below it. The server builds it (the same code as the "Show the Turtle"
// button, which does the same without JavaScript); nothing is sent anywhere but this server.
(function () {
  "use strict";
  var form = document.getElementById("profile-form");
  if (!form || !window.fetch || !window.DOMParser || !window.URLSearchParams) return;
  var timer = null, turn = 0;
  function update() {
    var data = new FormData(form);
    data.set("action", "preview");
    var mine = ++turn;
    // form.action would be the buttons named "action": read the attribute
    fetch(form.getAttribute("action") || window.location.pathname, {method: "POST", body: new URLSearchParams(data), headers: {"Accept": "text/html"}})
      .then(function (r) { return r.text(); })
      .then(function (html) {
        if (mine !== turn) return;  // a later change is on its way
        var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("built");
        var here = document.getElementById("built");
        if (fresh && here) here.innerHTML = fresh.innerHTML;
      })
      .catch(function () { /* the button still works */ });
  }
  function later(ms) { clearTimeout(timer); timer = setTimeout(update, ms); }
  form.addEventListener("change", function () { later(200); });
  form.addEventListener("input", function (ev) {
    var t = ev.target && ev.target.type;
    if (t === "text" || t === "url" || t === "date") later(500);
  });
})();
