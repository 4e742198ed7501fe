// Choosing a passage with the mouse. Selecting words of the transcript fills the coding
// form's `start` and `end` with their place in the transcript's text, counted in Unicode
// code points as the server counts them (a JavaScript string counts UTF-16 units: an emoji
// is two of them, one code point). Only a help: without JavaScript the form's "from
// segment", "to segment" and "exact words" choose the passage, by keyboard alone.
const form = document.getElementById("passage-form");
const transcript = document.getElementById("transcript");
const said = document.getElementById("selection-said");

function codePoints(text) {
  return Array.from(text).length;
}

// The segment's text element a point of the selection is in, or null.
function textOf(node) {
  const element = node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement;
  return element ? element.closest(".lm-segment__text") : null;
}

// Where (container, offset) falls in the transcript's text, in code points. A point outside
// a segment's text (its label, its margin) is taken as the start or the end of that text.
function offsetOf(container, offset, atEnd) {
  let text = textOf(container);
  if (!text) {
    const segment = (container.nodeType === Node.ELEMENT_NODE
      ? container
      : container.parentElement
    )?.closest(".lm-segment");
    text = segment ? segment.querySelector(".lm-segment__text") : null;
    if (!text) {
      return null;
    }
    return Number(atEnd ? text.dataset.end : text.dataset.start);
  }
  const before = document.createRange();
  before.setStart(text, 0);
  before.setEnd(container, offset);
  return Number(text.dataset.start) + codePoints(before.toString());
}

function clearPassage() {
  form.elements.start.value = "";
  form.elements.end.value = "";
  said.textContent = "";
}

function takeSelection() {
  const selection = document.getSelection();
  if (!selection || selection.rangeCount === 0 || selection.isCollapsed) {
    return;
  }
  const range = selection.getRangeAt(0);
  if (!transcript.contains(range.startContainer) || !transcript.contains(range.endContainer)) {
    return;
  }
  const start = offsetOf(range.startContainer, range.startOffset, false);
  const end = offsetOf(range.endContainer, range.endOffset, true);
  if (start === null || end === null || end <= start) {
    return;
  }
  form.elements.start.value = String(start);
  form.elements.end.value = String(end);
  let words = range.toString().trim();
  if (codePoints(words) > 80) {
    words = `${Array.from(words).slice(0, 79).join("")}…`;
  }
  said.textContent = `${said.dataset.prefix || "Selected:"} “${words}”`;
}

if (form && transcript && said) {
  said.dataset.prefix = form.dataset.selected || "Selected:";
  transcript.addEventListener("mouseup", () => window.setTimeout(takeSelection, 0));
  transcript.addEventListener("keyup", () => window.setTimeout(takeSelection, 0));
  for (const name of ["from_segment", "to_segment", "words"]) {
    const field = form.elements[name];
    if (field) {
      field.addEventListener("change", clearPassage);
    }
  }
}
