// Warns a signed-in user before their session ends for inactivity and lets them stay
// signed in (WCAG 2.2.1 Timing Adjustable). The server ends idle sessions by itself; this
// only tells the user in time and renews the session when they ask. The page counts from the
// time the session had left when it was drawn, which can be up to a minute short of the whole
// idle time: the server renews a session at most once a minute (ADR 0061).

export function startSessionTimeout(dialog) {
  if (!dialog || typeof dialog.showModal !== "function") {
    return;
  }
  const idleSeconds = Number(dialog.dataset.idleSeconds);
  const remaining = Number(dialog.dataset.remainingSeconds);
  const remainingSeconds = Number.isFinite(remaining) ? remaining : idleSeconds;
  const warningSeconds = Number(dialog.dataset.warningSeconds);
  const extendUrl = dialog.dataset.extendUrl;
  const countdown = dialog.querySelector("[data-countdown]");
  const stayButton = dialog.querySelector("[data-stay-signed-in]");
  const signOutForm = dialog.querySelector("form[data-sign-out]");
  const csrfToken = signOutForm.querySelector("input[name=csrfmiddlewaretoken]").value;
  let deadline = 0;
  let warnTimer = 0;
  let tick = 0;

  function describe(seconds) {
    const minutes = Math.ceil(seconds / 60);
    if (seconds > 60) {
      return dialog.dataset.minutesText.replace("%(minutes)s", String(minutes));
    }
    return dialog.dataset.secondsText.replace("%(seconds)s", String(Math.max(seconds, 0)));
  }

  function schedule(seconds) {
    deadline = Date.now() + seconds * 1000;
    window.clearTimeout(warnTimer);
    window.clearInterval(tick);
    warnTimer = window.setTimeout(warn, Math.max(seconds - warningSeconds, 0) * 1000);
  }

  function update() {
    const left = Math.round((deadline - Date.now()) / 1000);
    if (left <= 0) {
      window.clearInterval(tick);
      signOutForm.querySelector("input[name=reason]").value = "timeout";
      signOutForm.submit();
      return;
    }
    countdown.textContent = describe(left);
  }

  function warn() {
    update();
    dialog.showModal();
    stayButton.focus();
    tick = window.setInterval(update, 1000);
  }

  stayButton.addEventListener("click", async () => {
    const response = await fetch(extendUrl, {
      method: "POST",
      headers: { "X-CSRFToken": csrfToken },
      credentials: "same-origin",
    });
    if (response.ok) {
      // "Stay signed in" always renews: the whole idle time again.
      dialog.close();
      schedule(idleSeconds);
    } else {
      // The session has already ended on the server: show the sign-in page.
      window.location.reload();
    }
  });

  // Escape closes a modal dialog; treat that as "stay signed in" so the user keeps control.
  dialog.addEventListener("cancel", (event) => {
    event.preventDefault();
    stayButton.click();
  });

  schedule(remainingSeconds);
}
