// Copy the progress letter to the clipboard, to paste it into the family's messaging app.
document.addEventListener("click", function (event) {
  const button = event.target.closest("[data-copy-target]");
  if (!button) {
    return;
  }
  const field = document.querySelector(button.dataset.copyTarget);
  const status = document.getElementById("copy-status");
  function report(text) {
    if (status) {
      status.textContent = text;
    }
  }
  if (!field) {
    return;
  }
  if (navigator.clipboard && window.isSecureContext) {
    navigator.clipboard.writeText(field.value).then(
      function () { report(button.dataset.copiedText); },
      function () { field.select(); report(button.dataset.copyFailedText); }
    );
  } else {
    field.select();
    report(button.dataset.copyFailedText);
  }
});
