/* "Add a step" for a Django formset without a reload, so nothing typed is lost.
   Markup: <template id="T"> holding the formset's empty_form (with __prefix__, and
   __num__ where the step's number goes), a container [data-formset-rows="P"], and a
   button [data-formset-add="P"][data-template="T"], P being the formset's prefix. */
(function () {
  "use strict";

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-formset-add]");
    if (!button) return;
    event.preventDefault();
    var prefix = button.dataset.formsetAdd;
    var total = document.getElementById("id_" + prefix + "-TOTAL_FORMS");
    var template = document.getElementById(button.dataset.template);
    var rows = document.querySelector('[data-formset-rows="' + prefix + '"]');
    if (!total || !template || !rows) return;
    var index = parseInt(total.value, 10) || 0;
    var html = template.innerHTML.replace(/__prefix__/g, String(index)).replace(/__num__/g, String(index + 1));
    rows.insertAdjacentHTML("beforeend", html);
    total.value = String(index + 1);
    var first = rows.lastElementChild && rows.lastElementChild.querySelector("textarea, input, select");
    if (first) first.focus();
  });

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-formset-add]").forEach(function (b) { b.hidden = false; });
  });
})();
