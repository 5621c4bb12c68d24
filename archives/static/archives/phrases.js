// Quick phrases on the lesson log: chips of the chosen kind under each row's note.
// One tap adds the chip's text to the note; a second chip appends after "；".
(function () {
  const data = document.getElementById("quick-phrases");
  const form = document.getElementById("lesson-form");
  if (!data || !form) return;
  const phrases = JSON.parse(data.textContent);
  const kind = form.querySelector("select[name='kind']");
  const SEPARATOR = "；";

  function render() {
    const texts = phrases[kind ? kind.value : "classroom"] || [];
    form.querySelectorAll(".phrase-chips").forEach(function (box) {
      box.replaceChildren();
      texts.forEach(function (text) {
        const chip = document.createElement("button");
        chip.type = "button";
        chip.className = "btn btn-sm btn-outline-secondary phrase-chip";
        chip.dataset.phrase = text;
        chip.textContent = text;
        box.appendChild(chip);
      });
    });
  }

  form.addEventListener("click", function (event) {
    const chip = event.target.closest(".phrase-chip");
    if (!chip) return;
    const note = document.getElementById(chip.closest(".phrase-chips").dataset.note);
    if (!note) return;
    const text = chip.dataset.phrase;
    const current = note.value.trim();
    if (current.split(SEPARATOR).indexOf(text) === -1) {
      note.value = current ? current + SEPARATOR + text : text;
    }
    chip.classList.add("active");
  });

  if (kind) kind.addEventListener("change", render);
  render();
})();
