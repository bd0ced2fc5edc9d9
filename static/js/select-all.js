// A checkbox with data-select-all="<name>" ticks every checkbox of that name.
document.querySelectorAll("[data-select-all]").forEach((master) => {
  master.addEventListener("change", () => {
    const name = master.dataset.selectAll;
    document.querySelectorAll(`input[type=checkbox][name="${name}"]`).forEach((box) => {
      box.checked = master.checked;
    });
  });
});
