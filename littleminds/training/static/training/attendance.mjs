// The attendance register, a little quicker on a slow connection: a tap sends its mark in
// the background and replaces only that person's row, keeping the focus on the same mark,
// and says what was marked. Only a help: without JavaScript, or when anything goes wrong,
// the button posts the form and the page comes back to the same person.
const said = document.getElementById("attendance-said");

async function send(form, button) {
  const body = new FormData(form, button);
  const response = await fetch(form.action, {
    method: "POST",
    body,
    credentials: "same-origin",
    headers: { "X-Requested-With": "fetch" },
  });
  if (!response.ok) {
    throw new Error(`the register answered ${response.status}`);
  }
  const holder = document.createElement("template");
  holder.innerHTML = (await response.text()).trim();
  const row = holder.content.firstElementChild;
  const old = form.closest(".lm-attendance__person");
  if (!row || !old || row.id !== old.id) {
    throw new Error("the register answered with another row");
  }
  old.replaceWith(row);
  const again = row.querySelector(`button[name="mark"][value="${button.value}"]`);
  if (again) {
    again.focus();
  }
  const name = row.querySelector(".lm-attendance__name");
  const now = row.querySelector(".lm-attendance__now");
  if (said && name && now) {
    said.textContent = `${now.textContent.trim()}: ${name.textContent.trim()}`;
  }
}

document.addEventListener("submit", (event) => {
  const form = event.target;
  const button = event.submitter;
  if (!(form instanceof HTMLFormElement) || !form.classList.contains("lm-attendance__marks")) {
    return;
  }
  if (form.dataset.plain === "true" || !button) {
    return;
  }
  event.preventDefault();
  send(form, button).catch(() => {
    // Post the form as it would be without JavaScript.
    form.dataset.plain = "true";
    form.requestSubmit(button);
  });
});
