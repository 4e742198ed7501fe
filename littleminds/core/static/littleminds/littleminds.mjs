// Starts the NHS.UK components and the platform's own behaviours on every page.
import { initAll } from "../nhsuk/nhsuk-frontend.min.js";
import { startSessionTimeout } from "../accounts/session-timeout.mjs";

initAll();
startSessionTimeout(document.getElementById("session-timeout"));
