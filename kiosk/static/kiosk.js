/* Progressive enhancement only: every page works without this file.
   - Kiosk mode (body[data-idle]): once someone has used the screen, after IDLE seconds without a touch,
     warn, then wipe forms, storage and cookies and go home with location.replace (an untouched home
     screen is left alone); pages reached later with Back from an earlier visitor's session send the
     screen home (each history entry is stamped with the visitor's session id).
   - [data-reset] links ("new person", "new client") do the same wipe at once.
   - [data-print] buttons print; they are hidden until this script shows them.
   - Outside kiosk mode, in a secure context, a service worker keeps pages for offline reading. */
(function () {
  "use strict";
  var body = document.body;
  var kiosk = body.hasAttribute("data-idle");
  var KEY = "kiosk-visitor";

  function wipeForms() {
    Array.prototype.forEach.call(document.querySelectorAll("input, textarea, select"), function (el) {
      if (el.type === "checkbox" || el.type === "radio") { el.checked = false; }
      else if (el.tagName === "SELECT") { el.selectedIndex = 0; }
      else if (el.type !== "hidden" && el.type !== "submit" && el.type !== "button") { el.value = ""; }
    });
  }

  function wipeCookies() {
    document.cookie.split(";").forEach(function (c) {
      var name = c.split("=")[0].trim();
      if (name) { document.cookie = name + "=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/"; }
    });
  }

  function wipeStorage() {
    try { localStorage.clear(); sessionStorage.clear(); } catch (e) { /* storage disabled: nothing kept */ }
  }

  function reset(target) {
    wipeForms();
    wipeStorage();
    wipeCookies();
    location.replace(target || body.getAttribute("data-reset-url"));
  }

  Array.prototype.forEach.call(document.querySelectorAll("[data-reset]"), function (link) {
    link.addEventListener("click", function (event) {
      event.preventDefault();
      reset(link.getAttribute("href"));
    });
  });

  // A form of several tools (the counsellor's session): Enter in a field presses the button of that
  // field's own section, so its answer is the one on screen (and counted). Without this file Enter presses
  // the form's first button, and every tool with figures is still answered.
  Array.prototype.forEach.call(document.querySelectorAll("form.counsellor-form"), function (form) {
    form.addEventListener("keydown", function (event) {
      var field = event.target;
      if (event.key !== "Enter" || field.tagName !== "INPUT" || !form.requestSubmit) { return; }
      var section = field.closest("section");
      var button = section && section.querySelector("button[type=submit][name=tool]");
      if (!button) { return; }
      event.preventDefault();
      form.requestSubmit(button);
    });
  });

  Array.prototype.forEach.call(document.querySelectorAll("[data-print]"), function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });

  function stored(key) {
    try { return sessionStorage.getItem(key) !== null; } catch (e) { return false; }
  }

  function store(key) {
    try { sessionStorage.setItem(key, "1"); } catch (e) { /* storage disabled */ }
  }

  function visitor() {
    var id = null;
    try {
      id = sessionStorage.getItem(KEY);
      if (!id) { id = String(Date.now()) + Math.random().toString(36).slice(2); sessionStorage.setItem(KEY, id); }
    } catch (e) { /* storage disabled: no stamp, no check */ }
    return id;
  }

  function guardHistory() {
    var id = visitor();
    if (!id) { return; }
    var state = history.state || {};
    if (state.visitor && state.visitor !== id) {
      location.replace(body.getAttribute("data-home-url"));
      return;
    }
    if (!state.visitor) { history.replaceState(Object.assign({}, state, { visitor: id }), ""); }
  }

  function idleTimer() {
    var seconds = parseInt(body.getAttribute("data-idle"), 10);
    if (!(seconds > 0)) { return; }
    var warnFor = Math.min(20, Math.max(5, Math.floor(seconds / 4)));
    var box = document.getElementById("idle-warning");
    var stay = box && box.querySelector("button");
    var before = null;
    var count = document.getElementById("idle-count");
    var last = Date.now();
    var home = new URL(body.getAttribute("data-home-url"), location.href).pathname;
    var used = location.pathname !== home || stored("kiosk-used");
    function touched() {
      last = Date.now();
      if (!used) { used = true; store("kiosk-used"); }
      if (box && !box.hidden) {
        box.hidden = true;
        if (before && document.activeElement === stay) { before.focus(); }
      }
    }
    ["pointerdown", "keydown", "input", "wheel", "touchstart", "scroll"].forEach(function (name) {
      window.addEventListener(name, touched, { passive: true, capture: true });
    });
    if (stay) { stay.addEventListener("click", touched); }
    setInterval(function () {
      if (!used) { last = Date.now(); return; }
      var left = seconds - Math.floor((Date.now() - last) / 1000);
      if (left <= 0) { reset(); return; }
      if (box && left <= warnFor) {
        if (count) { count.textContent = String(left); }
        if (box.hidden) {
          box.hidden = false;
          before = document.activeElement;
          if (stay) { stay.focus(); }
        }
      }
    }, 1000);
  }

  if (kiosk) {
    guardHistory();
    window.addEventListener("pageshow", function (event) { if (event.persisted) { guardHistory(); } });
    idleTimer();
    if (navigator.serviceWorker) {
      navigator.serviceWorker.getRegistrations().then(function (regs) {
        regs.forEach(function (r) { r.unregister(); });
      });
    }
  } else if (navigator.serviceWorker && window.isSecureContext) {
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(function () { /* pages still work */ });
  }
}());
