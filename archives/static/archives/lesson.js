// Batch lesson log: tapping 1–5 fills the row's rating (one-handed on a phone).
document.addEventListener("click", function (event) {
  const button = event.target.closest(".rating-picks [data-rating]");
  if (!button) return;
  const group = button.closest(".rating-picks");
  const input = document.getElementById(group.dataset.target);
  if (!input) return;
  input.value = button.dataset.rating;
  input.classList.remove("is-invalid");
  group.querySelectorAll("[data-rating]").forEach(function (b) {
    b.classList.toggle("active", b === button);
  });
});
