// Behaviour shared by every page, kept out of the templates so the Content-Security-Policy can
// refuse inline script (script-src 'self'): no onclick="…" attributes, data attributes instead.
document.addEventListener("click", function (event) {
  var button = event.target.closest("[data-print]");
  if (button) {
    window.print();
  }
});

// A chart's box takes the height the page computed for its rows (data-height, in pixels). Set
// through the style object, which the Content-Security-Policy allows (style-src 'self' refuses
// inline style attributes in the markup, not styles set by a script that is itself allowed).
document.querySelectorAll("[data-height]").forEach(function (box) {
  var px = parseInt(box.getAttribute("data-height"), 10);
  if (px > 0) {
    box.style.height = px + "px";
  }
});
