// "Add a row" for Django formsets: clones the empty form kept in a <template> and bumps the
// management form's TOTAL_FORMS, so that the server receives every row the user added.
document.querySelectorAll("[data-formset]").forEach((container) => {
  const prefix = container.dataset.formset;
  const template = document.getElementById(`${prefix}-empty`);
  const total = document.getElementById(`id_${prefix}-TOTAL_FORMS`);
  const rows = container.querySelector("[data-formset-rows]");
  const button = container.querySelector("[data-formset-add]");
  if (!template || !total || !rows || !button) return;
  button.addEventListener("click", () => {
    const index = Number(total.value);
    const html = template.innerHTML.replace(/__prefix__/g, String(index));
    rows.insertAdjacentHTML("beforeend", html);
    total.value = String(index + 1);
    const first = rows.lastElementChild.querySelector("textarea, input, select");
    if (first) first.focus();
  });
});
