/* Names the admin's autocomplete boxes (select2, vendored by Django) after their field's label or
   column header: select2 leaves its combobox and its search box unnamed (axe: label,
   aria-input-field-name) and puts the search box, a <span>, straight inside its <ul> (axe: list). */
(function () {
  "use strict";
  function nameOf(select) {
    var own = select.getAttribute("aria-label"), label = select.id && document.querySelector('label[for="' + select.id + '"]');
    return own || (label ? label.textContent.replace(/[:：]\s*$/, "").trim() : "");
  }
  function fix() {
    document.querySelectorAll("select.admin-autocomplete").forEach(function (select) {
      var box = select.nextElementSibling, name = nameOf(select);
      if (!box || !box.classList.contains("select2") || !name) return;
      box.querySelectorAll(".select2-selection, .select2-selection__rendered, .select2-search__field").forEach(function (el) {
        el.setAttribute("aria-label", name);
      });
      box.querySelectorAll("ul.select2-selection__rendered > span").forEach(function (el) { el.setAttribute("role", "listitem"); });
    });
  }
  window.addEventListener("load", fix);
  document.addEventListener("formset:added", fix);
  document.addEventListener("change", function () { setTimeout(fix); });
})();
