/* Service worker of the deputy's web app (docs/offline.md), served at /sw.js by renda_portal/offline.py
   which fills in the queue script's URL, the version and the deputy's offline pages. */
importScripts("__QUEUE_JS__");
var CACHE = "renda-__VERSION__";
var PAGES = __PAGES__;

self.addEventListener("install", function () { self.skipWaiting(); });

self.addEventListener("activate", function (e) {
  e.waitUntil(caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (k) { return k !== CACHE; }).map(function (k) { return caches.delete(k); }));
  }).then(function () { return self.clients.claim(); }));
});

function clearAll() {
  return caches.keys().then(function (keys) {
    return Promise.all(keys.map(function (k) { return caches.delete(k); }));
  }).then(function () { return self.RendaQueue.clear(); });
}

function tellPages() {
  return self.clients.matchAll().then(function (cs) { cs.forEach(function (c) { c.postMessage({ type: "queue" }); }); });
}

self.addEventListener("message", function (e) {
  var d = e.data || {};
  if (d.type === "cache") {
    // The page lists its own assets; the deputy's pages come from PAGES. Fetched with the deputy's cookie.
    e.waitUntil(caches.open(CACHE).then(function (c) {
      return Promise.all(PAGES.concat(d.urls || []).map(function (u) { return c.add(u).catch(function () {}); }));
    }));
  } else if (d.type === "clear") {
    e.waitUntil(clearAll());
  }
});

self.addEventListener("sync", function (e) {
  if (e.tag === "renda-queue") e.waitUntil(self.RendaQueue.flush().then(tellPages, function (err) {
    return tellPages().then(function () { throw err; });
  }));
});

self.addEventListener("fetch", function (e) {
  var req = e.request, url = new URL(req.url);
  if (req.method !== "GET" || url.origin !== location.origin) return;
  if (req.mode === "navigate" && PAGES.indexOf(url.pathname) >= 0 && !url.search) {
    // Network first: the deputy sees today's page when there is a signal, the last copy when not.
    e.respondWith(fetch(req).then(function (resp) {
      if (resp.ok && !resp.redirected) {
        var copy = resp.clone();
        caches.open(CACHE).then(function (c) { return c.put(req.url, copy); });
      }
      return resp;
    }, function () {
      return caches.match(req.url).then(function (hit) { return hit || Response.error(); });
    }));
  } else if (url.pathname.indexOf("/static/") === 0) {
    e.respondWith(caches.match(req).then(function (hit) { return hit || fetch(req); }));
  }
});
