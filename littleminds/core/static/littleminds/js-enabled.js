// Tells the NHS.UK stylesheet that JavaScript runs, before the page is drawn.
document.body.className += " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " nhsuk-frontend-supported" : "");
