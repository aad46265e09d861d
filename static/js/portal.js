// Behaviour shared by every page, kept out of the templates so the Content-Security-Policy can
// refuse inline script (script-src 'self'): no onclick="…" attributes, data attributes instead.
document.addEventListener("click", function (event) {
  var button = event.target.closest("[data-print]");
  if (button) {
    window.print();
  }
});
