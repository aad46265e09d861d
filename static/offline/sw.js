/* Service worker of the deputy's web app (docs/offline.md), served at /sw.js by renda_portal/offline.py
   which fills in the queue script's URL, the version and the deputy's offline pages. */
importScripts("__QUEUE_JS__");
var CACHE = "renda-__VERSION__";
var PAGES = __PAGES__;
// Logout stops all background work: a fetch of the old session landing after the logout (or during
// the next login) would set another CSRF cookie than the login form's, and the login would be 403.
// `generation` marks what a session asked for; `inflight` is what the logout waits for. After a
// restart of the worker, the deputy's cache is the session marker: logout deletes it, and only a
// deputy's page ("cache") creates it again.
var generation = 0, stopped = false, abort = null, inflight = [];

function track(p) {
  function done() { inflight.splice(inflight.indexOf(p), 1); }
  inflight.push(p);
  p.then(done, done);
  return p;
}

function fill(urls) {
  stopped = false;  // only a logged-in deputy's page asks for this
  var gen = generation, ctl = abort = new AbortController();
  return caches.open(CACHE).then(function (c) {
    return Promise.all(urls.map(function (u) {
      return fetch(u, { credentials: "same-origin", signal: ctl.signal }).then(function (resp) {
        // A redirect is the login page (the session ended): never keep it as the deputy's page.
        if (gen === generation && !stopped && resp.ok && !resp.redirected) return c.put(u, resp);
      }).catch(function () {});
    }));
  });
}

function stop() {
  stopped = true;
  generation++;
  if (abort) abort.abort();
  return Promise.all(inflight.map(function (p) { return p.catch(function () {}); })).then(clearAll);
}

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
    e.waitUntil(track(fill(PAGES.concat(d.urls || []))));
  } else if (d.type === "clear") {
    // Logout: abort, wait for what is in flight, clear, then answer so the page may post the logout.
    var port = e.ports && e.ports[0];
    e.waitUntil(stop().then(function () { if (port) port.postMessage({ type: "cleared" }); }));
  }
});

self.addEventListener("sync", function (e) {
  if (e.tag !== "renda-queue" || stopped) return;
  e.waitUntil(track(caches.has(CACHE).then(function (session) {
    if (!session) return;  // logged out since the sync was registered: nothing to send, nobody to send as
    return self.RendaQueue.flush().then(tellPages, function (err) {
      return tellPages().then(function () { throw err; });
    });
  })));
});

self.addEventListener("fetch", function (e) {
  var req = e.request, url = new URL(req.url);
  if (req.method !== "GET" || url.origin !== location.origin) return;
  if (req.mode === "navigate" && PAGES.indexOf(url.pathname) >= 0 && !url.search) {
    // Network first: the deputy sees today's page when there is a signal, the last copy when not.
    var gen = generation;
    e.respondWith(fetch(req).then(function (resp) {
      if (resp.ok && !resp.redirected && gen === generation && !stopped) {
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
