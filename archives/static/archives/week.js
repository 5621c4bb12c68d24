// The week grid: one note sheet open at a time.
document.addEventListener("toggle", (event) => {
  const opened = event.target;
  if (!(opened instanceof HTMLDetailsElement) || !opened.open || !opened.classList.contains("wg-entry")) return;
  document.querySelectorAll("details.wg-entry[open]").forEach((other) => {
    if (other !== opened) other.open = false;
  });
}, true);
