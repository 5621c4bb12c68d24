// The score grid: pasting a column (or block) copied from Excel fills the class
// downwards from the box pasted into; Enter moves to the next student.
(function () {
  "use strict";
  const grid = document.getElementById("score-grid");
  if (!grid) {
    return;
  }

  function column(col) {
    return Array.from(grid.querySelectorAll('input[data-grid-col="' + col + '"]'));
  }

  grid.addEventListener("paste", function (event) {
    const target = event.target;
    if (!target.matches || !target.matches("input[data-grid-col]")) {
      return;
    }
    const text = (event.clipboardData || window.clipboardData).getData("text");
    if (!text || !/[\t\r\n]/.test(text.replace(/[\r\n]+$/, ""))) {
      return; // a single value: let the browser paste it
    }
    event.preventDefault();
    const lines = text.replace(/\r\n?/g, "\n").replace(/\n+$/, "").split("\n");
    const startCol = Number(target.dataset.gridCol);
    const start = column(startCol).indexOf(target);
    let filled = 0;
    lines.forEach(function (line, i) {
      line.split("\t").forEach(function (value, j) {
        const inputs = column(startCol + j);
        const input = inputs[start + i];
        if (input) {
          input.value = value.trim();
          input.dispatchEvent(new Event("input", { bubbles: true }));
          filled += 1;
        }
      });
    });
    grid.dataset.pasted = String(filled);
  });

  grid.addEventListener("keydown", function (event) {
    const target = event.target;
    if (event.key !== "Enter" || !target.matches("input[data-grid-col]")) {
      return;
    }
    event.preventDefault();
    const inputs = column(target.dataset.gridCol);
    const next = inputs[inputs.indexOf(target) + 1];
    if (next) {
      next.focus();
      next.select();
    }
  });
})();
