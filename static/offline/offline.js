/* The deputy's pages offline (docs/offline.md): registers the service worker, keeps the forms marked
   data-offline in the IndexedDB queue (queue.js) until they are sent, shows the queue, shrinks photos,
   clears everything at logout. Texts come translated from #offline-ui (templates/includes/offline.html).
   Without service workers (some in-app browsers) nothing here runs and the forms post as before. */
(function () {
  "use strict";
  var ui = document.getElementById("offline-ui"), Q = window.RendaQueue;
  if (!ui || !Q || !("serviceWorker" in navigator) || !window.indexedDB) return;
  // `stopped`: logging out; nothing starts a request any more. `busy`: the flush in flight, which the
  // logout waits for (its answer would otherwise land after the logout).
  var T = ui.dataset, sent = {}, panel, stopped = false, busy = Promise.resolve();

  function uuid() {
    if (crypto.randomUUID) return crypto.randomUUID();
    var b = crypto.getRandomValues(new Uint8Array(16)), h;
    b[6] = (b[6] & 15) | 64; b[8] = (b[8] & 63) | 128;
    h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join("");
    return [h.slice(0, 8), h.slice(8, 12), h.slice(12, 16), h.slice(16, 20), h.slice(20)].join("-");
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return e;
  }

  function csrf() { return T.csrf; }

  // A photo shrunk to the configured size (long side, JPEG quality) before it is kept and uploaded.
  function shrink(file) {
    var keep = [file, file.name];
    if (!/^image\//.test(file.type) || !window.createImageBitmap) return Promise.resolve(keep);
    return createImageBitmap(file).then(function (img) {
      var s = Math.min(1, +T.photoMax / Math.max(img.width, img.height)), c = document.createElement("canvas");
      c.width = Math.round(img.width * s); c.height = Math.round(img.height * s);
      c.getContext("2d").drawImage(img, 0, 0, c.width, c.height);
      return new Promise(function (done) {
        c.toBlob(function (b) {
          done(b && (s < 1 || b.size < file.size) ? [b, file.name.replace(/\.\w+$/, "") + ".jpg"] : keep);
        }, "image/jpeg", +T.photoQuality);
      });
    }, function () { return keep; });
  }

  function record(form) {
    var parts = [];
    new FormData(form).forEach(function (v, k) {
      if (k === "csrfmiddlewaretoken" || k === "idempotency_key") return;
      if (typeof v === "string") parts.push(Promise.resolve([k, v]));
      else if (v.size) parts.push(shrink(v).then(function (p) { return [k, p[0], p[1]]; }));
    });
    return Promise.all(parts).then(function (fields) {
      // The URL from the attribute: the answer form has a field named "action", which hides form.action.
      var title = form.elements[form.dataset.offlineTitle];
      return {
        key: uuid(), url: new URL(form.getAttribute("action") || "", location.href).href, page: location.pathname, kind: form.dataset.offline,
        text: title ? title.value : form.dataset.offlineText || "", fields: fields,
        state: "waiting", created: Date.now(), csrf: csrf()
      };
    });
  }

  function showErrors(form, errors) {
    var box = form.querySelector(".offline-errors") || form.insertBefore(el("div", "alert alert-danger py-2 offline-errors"), form.firstChild);
    box.setAttribute("role", "alert");
    box.setAttribute("data-testid", "offline-refused");
    box.textContent = T.refused + errors.join("；");
  }

  function later() {
    if (stopped) return;
    navigator.serviceWorker.ready.then(function (reg) { if (reg.sync) return reg.sync.register("renda-queue"); }).catch(function () {});
  }

  document.addEventListener("submit", function (e) {
    var form = e.target;
    if (form.hasAttribute("data-offline-logout")) return logout(e, form);
    if (!form.hasAttribute("data-offline")) return;
    e.preventDefault();
    var button = form.querySelector("[type=submit]");
    if (button) button.disabled = true;
    record(form).then(function (item) {
      return Q.put(item).then(function () { return navigator.onLine ? Q.send(item, csrf()) : item; });
    }).then(function (item) {
      if (button) button.disabled = false;
      if (item.state === "sent") {
        Q.remove(item.key);
        sessionStorage.setItem("renda-flash", (item.result.messages || []).join(" "));
        location.href = item.result.redirect || location.href;
      } else if (item.state === "refused") {
        // Sent at once and refused: the text is still in the form, the reason above it.
        Q.remove(item.key);
        showErrors(form, item.errors);
      } else {
        form.reset();
        later();
        render();
      }
    });
  });

  // The service worker stops, aborts and waits for its requests, clears, and answers; a worker that
  // does not answer within 3 s must not keep the deputy from logging out.
  function stopWorker() {
    var sw = navigator.serviceWorker.controller;
    if (!sw) return Promise.resolve();
    return new Promise(function (done) {
      var ch = new MessageChannel();
      ch.port1.onmessage = function () { done(); };
      sw.postMessage({ type: "clear" }, [ch.port2]);
      setTimeout(done, 3000);
    });
  }

  function logout(e, form) {
    e.preventDefault();
    if (stopped) return;
    Q.all().then(function (items) {
      var waiting = items.filter(function (it) { return it.state !== "sent"; }).length;
      if (waiting && !confirm(T.logoutWarn.replace("{n}", waiting))) return;
      stopped = true;
      window.removeEventListener("online", flush);
      return busy.then(stopWorker).then(function () {
        return Promise.all([Q.clear(), caches.keys().then(function (keys) {
          return Promise.all(keys.map(function (k) { return caches.delete(k); }));
        })]);
      }).then(function () { form.submit(); });
    });
  }

  // A refused record goes back into its form (same page) with the reason, for the deputy to correct.
  function edit(item) {
    if (item.page !== location.pathname) { location.href = item.page + "#offline-edit-" + item.key; return; }
    var form = document.querySelector("form[data-offline]");
    if (!form) return;
    item.fields.forEach(function (f) {
      var input = form.elements[f[0]];
      if (!input || !input.type) return;
      if (input.type === "file") {
        var dt = new DataTransfer();
        form._files = (form._files || []).concat([new File([f[1]], f[2], { type: f[1].type })]);
        form._files.forEach(function (x) { dt.items.add(x); });
        input.files = dt.files;
      } else input.value = f[1];
    });
    showErrors(form, item.errors);
    Q.remove(item.key).then(render);
  }

  function row(item) {
    var li = el("li", "list-group-item d-flex flex-wrap gap-2 align-items-center"), badge;
    li.setAttribute("data-testid", "offline-item");
    li.appendChild(el("span", "fw-semibold", item.kind));
    li.appendChild(el("span", "flex-grow-1 text-break", item.text));
    if (item.state === "sent") badge = el("span", "badge text-bg-success", T.sent);
    else if (item.state === "refused") badge = el("span", "badge text-bg-danger", T.refused + item.errors.join("；"));
    else badge = el("span", "badge text-bg-warning", T.waiting + (item.problem === "login" ? " · " + T.login : ""));
    badge.classList.add("text-wrap");
    li.appendChild(badge);
    if (item.state === "refused") {
      var fix = el("button", "btn btn-sm btn-outline-primary", T.fix), drop = el("button", "btn btn-sm btn-outline-secondary", T.drop);
      fix.type = drop.type = "button";
      fix.onclick = function () { edit(item); };
      drop.onclick = function () { Q.remove(item.key).then(render); };
      li.appendChild(fix); li.appendChild(drop);
    }
    return li;
  }

  // The queue above the page: waiting, refused and (until the next page) sent records.
  function render() {
    if (stopped) return Promise.resolve();
    return Q.all().then(function (items) {
      // Sent records are shown as sent until the next page, but no longer kept on the phone.
      items.forEach(function (it) { if (it.state === "sent") { sent[it.key] = it; Q.remove(it.key); } });
      items = items.filter(function (it) { return it.state !== "sent"; }).concat(Object.values(sent));
      var main = document.querySelector("#main > div") || document.body;
      if (!panel) { panel = el("section", "card shadow-sm mb-3"); panel.setAttribute("data-testid", "offline-queue"); main.insertBefore(panel, main.firstChild); }
      panel.textContent = "";
      var head = el("div", "card-body py-2 d-flex flex-wrap gap-2 align-items-center");
      if (!navigator.onLine) head.appendChild(el("span", "badge text-bg-secondary text-wrap", T.offline.replace("{n}", T.asOf)));
      var waiting = items.filter(function (it) { return it.state === "waiting"; }).length;
      if (waiting) {
        head.appendChild(el("span", "small", T.count.replace("{n}", waiting)));
        var now = el("button", "btn btn-sm btn-primary ms-auto", T.sendNow);
        now.type = "button";
        now.onclick = flush;
        head.appendChild(now);
      }
      panel.hidden = !items.length && navigator.onLine;
      panel.appendChild(head);
      var list = el("ul", "list-group list-group-flush");
      items.forEach(function (it) { list.appendChild(row(it)); });
      panel.appendChild(list);
    });
  }

  function flush() {
    if (stopped) return Promise.resolve();
    busy = Q.flush(csrf()).catch(function () {}).then(render);
    return busy;
  }

  navigator.serviceWorker.register(T.sw, { scope: "/" }).then(function () { return navigator.serviceWorker.ready; }).then(function (reg) {
    var urls = [];
    document.querySelectorAll("link[rel=stylesheet], link[rel=manifest], script[src]").forEach(function (x) { urls.push(x.href || x.src); });
    if (!stopped) reg.active.postMessage({ type: "cache", urls: urls });
  }).catch(function () {});
  navigator.serviceWorker.addEventListener("message", function (e) { if (e.data && e.data.type === "queue") render(); });
  window.addEventListener("online", flush);
  window.addEventListener("offline", render);

  var flash = sessionStorage.getItem("renda-flash");
  if (flash) {
    sessionStorage.removeItem("renda-flash");
    var note = el("div", "alert alert-success", flash);
    note.setAttribute("role", "status");
    (document.querySelector("#main > div") || document.body).prepend(note);
  }
  (navigator.onLine ? flush() : render()).then(function () {
    var m = /^#offline-edit-(.+)$/.exec(location.hash);
    if (m) Q.all().then(function (items) { items.forEach(function (it) { if (it.key === m[1]) edit(it); }); });
  });
})();
