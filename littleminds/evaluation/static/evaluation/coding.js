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
// any segment's text (a label, a margin, between segments, as a triple click leaves it) is
// taken as the start of the next text (for the selection's start) or the end of the text
// before it (for its end).
function offsetOf(container, offset, atEnd) {
  const text = textOf(container);
  if (text) {
    const before = document.createRange();
    before.setStart(text, 0);
    before.setEnd(container, offset);
    return Number(text.dataset.start) + codePoints(before.toString());
  }
  const point = document.createRange();
  point.setStart(container, offset);
  const texts = [...transcript.querySelectorAll(".lm-segment__text")];
  if (atEnd) {
    const last = texts.filter((element) => point.comparePoint(element, 0) < 0).pop();
    return last ? Number(last.dataset.end) : null;
  }
  const next = texts.find((element) => point.comparePoint(element, element.childNodes.length) > 0);
  return next ? Number(next.dataset.start) : null;
}

// The words of the passage as the transcript has them (without the segments' labels and
// margins that a selection across segments also holds).
function passageText(start, end) {
  const parts = [];
  for (const element of transcript.querySelectorAll(".lm-segment__text")) {
    const from = Number(element.dataset.start);
    const to = Number(element.dataset.end);
    if (from < end && to > start) {
      const points = Array.from(element.textContent);
      parts.push(points.slice(Math.max(start - from, 0), Math.min(end, to) - from).join(""));
    }
  }
  return parts.join(" ");
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
  if (!range.intersectsNode(transcript)) {
    return;
  }
  const start = offsetOf(range.startContainer, range.startOffset, false);
  const end = offsetOf(range.endContainer, range.endOffset, true);
  if (start === null || end === null || end <= start) {
    return;
  }
  form.elements.start.value = String(start);
  form.elements.end.value = String(end);
  let words = passageText(start, end);
  if (codePoints(words) > 80) {
    words = `${Array.from(words).slice(0, 79).join("")}…`;
  }
  said.textContent = `${said.dataset.prefix || "Selected:"} “${words}”`;
}

if (form && transcript && said) {
  said.dataset.prefix = form.dataset.selected || "Selected:";
  transcript.addEventListener("mouseup", () => window.setTimeout(takeSelection, 0));
  // A selection made from the keyboard (caret browsing, Shift and the arrows) ends with a
  // key let go wherever the focus is.
  document.addEventListener("keyup", (event) => {
    if (event.shiftKey || event.key === "Shift") {
      window.setTimeout(takeSelection, 0);
    }
  });
  for (const name of ["from_segment", "to_segment", "words"]) {
    const field = form.elements[name];
    if (field) {
      field.addEventListener("change", clearPassage);
    }
  }
}
