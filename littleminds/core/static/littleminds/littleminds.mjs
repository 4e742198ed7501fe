// Starts the NHS.UK components and the platform's own behaviours on every page.
import { initAll } from "../nhsuk/nhsuk-frontend.min.js";
import { startSessionTimeout } from "../accounts/session-timeout.mjs";

initAll();
startSessionTimeout(document.getElementById("session-timeout"));

// A button that prints the page (or saves it as a PDF); hidden until JavaScript shows it.
for (const button of document.querySelectorAll("[data-print]")) {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
}
