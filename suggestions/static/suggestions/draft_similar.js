// Duplicate warning while a deputy drafts a suggestion: after a pause in typing, post the title and
// body to the server and show the similar submitted suggestions it returns (an HTML fragment the
// server rendered and escaped). A static file: the Content-Security-Policy refuses inline script.
// Without JavaScript the form's "查找相似建议" button does the same by reloading the form.
(function () {
  var box = document.getElementById("draft-similar");
  var form = document.getElementById("suggestion-form");
  if (!box || !form || !window.fetch) {
    return;
  }
  var timer = null;
  var last = "";

  function check() {
    var data = new FormData();
    ["title", "body", "session", "csrfmiddlewaretoken"].forEach(function (name) {
      var field = form.elements[name];
      if (field) {
        data.append(name, field.value);
      }
    });
    if (box.dataset.exclude) {
      data.append("exclude", box.dataset.exclude);
    }
    var key = data.get("title") + "\n" + data.get("body") + "\n" + data.get("session");
    if (key === last) {
      return;
    }
    last = key;
    fetch(box.dataset.url, { method: "POST", body: data, credentials: "same-origin" })
      .then(function (response) {
        return response.ok ? response.text() : null;
      })
      .then(function (html) {
        if (html !== null) {
          box.innerHTML = html;
        }
      })
      .catch(function () {
        // Offline or refused: the button still works; nothing to show.
      });
  }

  form.addEventListener("input", function (event) {
    if (["title", "body", "session"].indexOf(event.target.name) === -1) {
      return;
    }
    clearTimeout(timer);
    timer = setTimeout(check, 700);
  });
})();
