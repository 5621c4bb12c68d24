// The contact summary's label follows the channel ("what the phone call covered"…).
// The channel <select> carries the labels as JSON in data-summary-labels.
document.addEventListener("change", function (event) {
  const select = event.target.closest("select[data-summary-labels]");
  if (!select) {
    return;
  }
  const summary = select.form && select.form.elements.namedItem("summary");
  const label = summary && select.form.querySelector('label[for="' + summary.id + '"]');
  let labels;
  try {
    labels = JSON.parse(select.dataset.summaryLabels);
  } catch (error) {
    return;
  }
  if (!label || !labels[select.value]) {
    return;
  }
  const mark = label.querySelector(".asteriskField");
  label.textContent = labels[select.value];
  if (mark) {
    label.append(mark);
  }
});
