// The monitoring chart: tapping (or Enter on) a point shows its date, value and note below.
(function () {
  function show(point) {
    var out = document.getElementById(point.getAttribute("data-output"));
    if (out) { out.textContent = point.getAttribute("data-point-note"); }
  }
  document.querySelectorAll("[data-point-note]").forEach(function (point) {
    point.addEventListener("click", function () { show(point); });
    point.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === " ") { event.preventDefault(); show(point); }
    });
  });
})();
