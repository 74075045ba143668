/* The kiosk's service worker, for secure contexts only (localhost or HTTPS), never in kiosk mode.
   Pages: network first, the last good copy when offline. Static files: cache first, because their
   addresses carry their version (?v=). Nothing but GET is handled, so a POSTed result (a worker's own
   figures) is never stored; nor is a page with a query (a search someone typed) or a no-store response.
   Old caches, and older versions of a static file, are removed. */
"use strict";
var VERSION = "kiosk-v1";
var PAGES = VERSION + "-pages";
var STATIC = VERSION + "-static";

self.addEventListener("install", function () { self.skipWaiting(); });

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (n) { return n !== PAGES && n !== STATIC; })
        .map(function (n) { return caches.delete(n); }));
    }).then(function () { return self.clients.claim(); })
  );
});

function keepable(response) {
  return response && response.ok && response.type === "basic" &&
    !/no-store/.test(response.headers.get("Cache-Control") || "");
}

function networkFirst(request, keep) {
  return fetch(request).then(function (response) {
    if (keep && keepable(response)) {
      var copy = response.clone();
      caches.open(PAGES).then(function (cache) { cache.put(request, copy); });
    }
    return response;
  }).catch(function () {
    return caches.match(request).then(function (hit) { return hit || Response.error(); });
  });
}

function cacheFirst(request) {
  return caches.match(request).then(function (hit) {
    return hit || fetch(request).then(function (response) {
      if (keepable(response)) {
        var copy = response.clone();
        caches.open(STATIC).then(function (cache) {
          cache.put(request, copy);
          return cache.keys().then(function (old) {
            old.forEach(function (r) {
              var u = new URL(r.url);
              if (u.pathname === new URL(request.url).pathname && r.url !== request.url) { cache.delete(r); }
            });
          });
        });
      }
      return response;
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin || url.pathname.indexOf("/api/") === 0) {
    return;
  }
  if (url.pathname.indexOf("/static/") === 0 && url.searchParams.has("v")) {
    event.respondWith(cacheFirst(request));
  } else if (request.mode === "navigate" && !/^\/static\/|\/new-person$/.test(url.pathname)) {
    event.respondWith(networkFirst(request, !url.search));
  }
});
