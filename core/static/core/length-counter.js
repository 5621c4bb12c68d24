/* A counter under every long text field: "12 / 300", so a limit is seen before it is reached.
   Applies to textareas and to text inputs of 100 characters or more that carry maxlength
   (Django sets it from the form field). Runs again after htmx swaps content in. */
(function () {
  "use strict";

  function attach(field) {
    if (field.dataset.lengthCounter) return;
    var max = parseInt(field.getAttribute("maxlength"), 10);
    if (!max) return;
    field.dataset.lengthCounter = "1";
    var counter = document.createElement("div");
    counter.className = "form-text text-end length-counter";
    counter.setAttribute("aria-live", "polite");
    if (field.id) counter.id = field.id + "-counter";
    function update() {
      // Count characters as the server does (code points, not UTF-16 units).
      var used = Array.from(field.value).length;
      counter.textContent = used + " / " + max;
      counter.classList.toggle("text-danger", used >= max);
    }
    field.addEventListener("input", update);
    field.insertAdjacentElement("afterend", counter);
    update();
  }

  function scan(root) {
    root.querySelectorAll("textarea[maxlength], input[type=text][maxlength]").forEach(function (f) {
      if (f.tagName === "TEXTAREA" || parseInt(f.getAttribute("maxlength"), 10) >= 100) attach(f);
    });
  }

  document.addEventListener("DOMContentLoaded", function () { scan(document); });
  document.addEventListener("htmx:afterSettle", function (event) { scan(event.target); });
  // Fields added by script (a formset's new row) get theirs when first used.
  document.addEventListener("focusin", function (event) {
    var f = event.target;
    if (f.matches && f.matches("textarea[maxlength], input[type=text][maxlength]")) {
      if (f.tagName === "TEXTAREA" || parseInt(f.getAttribute("maxlength"), 10) >= 100) attach(f);
    }
  });
})();
