// The marking page: typing anything in a student's row ticks its "Record" box, so
// what the teacher entered is saved (the server saves such rows anyway).
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("[data-marking-row]").forEach(function (row) {
    const record = row.querySelector("[data-record]");
    if (!record) {
      return;
    }
    const tick = function (event) {
      if (event.target === record) {
        return;
      }
      const field = event.target;
      const entered =
        field.type === "checkbox" ? field.checked || field.defaultChecked !== field.checked
          : field.value !== "";
      if (entered) {
        record.checked = true;
      }
    };
    row.addEventListener("input", tick);
    row.addEventListener("change", tick);
  });
});
