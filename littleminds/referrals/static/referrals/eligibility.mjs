// Says at once, while the first page of a referral is filled in, whether the family could
// be referred: the baby's age and the home postcode are sent to the eligibility check as
// soon as they change. Only a help: without JavaScript the page checks the same when it is
// saved, and nothing can be sent for a family who cannot be referred.
const form = document.querySelector("form[data-eligibility-url]");
const status = document.getElementById("eligibility-status");

function typed(name) {
  const field = form.elements.namedItem(name);
  return field && "value" in field ? field.value.trim() : "";
}

function isoDate(name) {
  const [day, month, year] = ["day", "month", "year"].map((part) => typed(`${name}_${part}`));
  if (!day || !month || year.length !== 4) {
    return "";
  }
  return `${year}-${month.padStart(2, "0")}-${day.padStart(2, "0")}`;
}

let latest = 0;

async function check() {
  const born = form.querySelector("input[name=born]:checked");
  const query = new URLSearchParams({
    postcode: typed("postcode"),
    born: born ? born.value : "",
    child_date_of_birth: isoDate("child_date_of_birth"),
    expected_delivery_date: isoDate("expected_delivery_date"),
  });
  const ticket = ++latest;
  const response = await fetch(`${form.dataset.eligibilityUrl}?${query}`, {
    headers: { Accept: "application/json" },
    credentials: "same-origin",
  });
  if (!response.ok || ticket !== latest) {
    return;
  }
  const answer = await response.json();
  if (answer.eligible) {
    status.replaceChildren();
    return;
  }
  const callout = document.createElement("div");
  callout.className = "nhsuk-warning-callout";
  const label = document.createElement("h2");
  label.className = "nhsuk-warning-callout__label";
  label.textContent = status.dataset.heading;
  const list = document.createElement("ul");
  for (const problem of answer.problems) {
    const item = document.createElement("li");
    item.textContent = problem;
    list.append(item);
  }
  const next = document.createElement("p");
  next.textContent = status.dataset.next;
  callout.append(label, list, next);
  status.replaceChildren(callout);
}

if (form && status) {
  form.addEventListener("change", () => {
    check().catch(() => {});
  });
}
