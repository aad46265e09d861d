/* The deputy's writes waiting in IndexedDB until the server has them (docs/offline.md).
   Shared by the pages (offline.js) and the service worker (Background Sync), so both send the
   same way. Each record carries the key the server uses to store it once (core/idempotency.py). */
(function (g) {
  "use strict";
  var DB = "renda-offline", STORE = "queue";

  // Only a write creates the database: reading (a flush, the page's list) after the logout deleted it
  // must not bring back an empty one on a phone the next person may use.
  function open(create) {
    return new Promise(function (resolve, reject) {
      var r = indexedDB.open(DB, 1), absent = false;
      r.onupgradeneeded = function (e) {
        if (!create && !e.oldVersion) { absent = true; r.transaction.abort(); return; }
        r.result.createObjectStore(STORE, { keyPath: "key" });
      };
      r.onsuccess = function () { resolve(r.result); };
      r.onerror = function (e) {
        if (absent) { e.preventDefault(); resolve(null); } else reject(r.error);
      };
    });
  }

  function tx(mode, work, create) {
    return open(create).then(function (db) {
      if (!db) return undefined;
      return new Promise(function (resolve, reject) {
        var t = db.transaction(STORE, mode), req = work(t.objectStore(STORE));
        // Closed at once: an open connection would block deleting the database at logout.
        t.oncomplete = function () { db.close(); resolve(req && req.result); };
        t.onerror = t.onabort = function () { db.close(); reject(t.error); };
      });
    });
  }

  function body(item) {
    var data = new FormData();
    item.fields.forEach(function (f) {
      if (f.length > 2) data.append(f[0], f[1], f[2]); else data.append(f[0], f[1]);
    });
    return data;
  }

  // One record to the server. Resolves to the record in its new state: "sent", "refused" (with the
  // server's reasons) or still "waiting" (no connection, logged out, server error: try again later).
  function send(item, csrf) {
    return fetch(item.url, {
      method: "POST", body: body(item), credentials: "same-origin",
      headers: { "Idempotency-Key": item.key, "Accept": "application/json", "X-CSRFToken": csrf || item.csrf }
    }).then(function (r) {
      var json = (r.headers.get("Content-Type") || "").indexOf("json") >= 0;
      return (json ? r.json() : Promise.resolve(null)).then(function (d) {
        if (d && d.ok) { item.state = "sent"; item.result = d; }
        else if (d && d.errors) { item.state = "refused"; item.errors = d.errors; }
        // Sent to the login page, or to the second step of a login (a deputy who enabled it): log in again.
        else { item.problem = /\/accounts\/(login|2fa)\//.test(r.url) ? "login" : "server"; }
        return item;
      });
    }, function () { item.problem = "network"; return item; });
  }

  // The page and the service worker (Background Sync) both send when the signal returns, and the
  // page may get two "online" events: one sender at a time, each reading the queue afresh, so a
  // record is sent once and a late answer never puts back a record the deputy already took out.
  function exclusive(work) {
    var locks = g.navigator && g.navigator.locks;
    return locks ? locks.request("renda-queue", work) : work();
  }

  var Q = {
    put: function (item) { return tx("readwrite", function (s) { return s.put(item); }, true); },
    all: function () { return tx("readonly", function (s) { return s.getAll(); }).then(function (r) { return r || []; }); },
    remove: function (key) { return tx("readwrite", function (s) { return s.delete(key); }); },
    clear: function () {
      return new Promise(function (done) {
        var r = indexedDB.deleteDatabase(DB);
        r.onsuccess = r.onerror = r.onblocked = function () { done(); };
      });
    },
    send: function (item, csrf) {
      return exclusive(function () {
        return send(item, csrf).then(function (it) { return Q.put(it).then(function () { return it; }); });
      });
    },
    // Sends every waiting record, one after another; rejects when some are still waiting so that
    // Background Sync tries again later.
    flush: function (csrf) {
      return exclusive(function () {
        return Q.all().then(function (items) {
          return items.filter(function (it) { return it.state === "waiting"; }).reduce(function (p, it) {
            return p.then(function (left) {
              return send(it, csrf).then(function (done) {
                return Q.put(done).then(function () { return left + (done.state === "waiting" ? 1 : 0); });
              });
            });
          }, Promise.resolve(0));
        });
      }).then(function (left) { if (left) throw new Error("waiting " + left); });
    }
  };
  g.RendaQueue = Q;
})(self);
