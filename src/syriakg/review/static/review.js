// The review page: decisions and additions are posted as JSON; the page reloads from the file.
"use strict";
const body = document.body;
const message = document.getElementById("message");

function say(text, error) {
  message.textContent = text;
  message.className = error ? "error" : "";
}

async function post(url, data) {
  const r = await fetch(url, {method: "POST", headers: {"Content-Type": "application/json"},
                              body: JSON.stringify(data)});
  const answer = await r.json().catch(() => ({error: r.statusText}));
  if (!r.ok) { say(answer.error || r.statusText, true); return null; }
  return answer;
}

document.querySelectorAll("form.decide button[data-decision]").forEach(button => {
  button.addEventListener("click", async () => {
    const form = button.closest("form");
    const item = button.closest("article");
    const decision = button.dataset.decision;
    const data = {id: item.dataset.id, decision, en: form.elements.en.value};
    if (decision === "corrected") data.content = form.elements.content.value;
    const done = await post(body.dataset.decide, data);
    if (done) { sessionStorage.setItem("said", `${done.id}: ${decision}`); location.reload(); }
  });
});

// Character offsets in Python's sense (code points), not UTF-16 units.
const textBox = document.getElementById("text");
const addForm = document.getElementById("add-form");
function codePoints(s) { return Array.from(s).length; }
document.addEventListener("selectionchange", () => {
  const sel = document.getSelection();
  if (!sel || sel.rangeCount === 0 || sel.isCollapsed) return;
  const range = sel.getRangeAt(0);
  if (!textBox.contains(range.startContainer) || !textBox.contains(range.endContainer)) return;
  const whole = textBox.textContent;
  const before = document.createRange();
  before.setStart(textBox, 0);
  before.setEnd(range.startContainer, range.startOffset);
  const startUnits = before.toString().length;
  let selected = range.toString();
  const lead = selected.length - selected.trimStart().length;
  selected = selected.trim();
  const start = codePoints(whole.slice(0, startUnits + lead));
  const end = start + codePoints(selected);
  addForm.hidden = false;
  addForm.dataset.start = start;
  addForm.dataset.end = end;
  document.getElementById("add-quote").textContent = selected;
  document.getElementById("add-span").textContent = `(characters ${start}–${end})`;
});

document.getElementById("add-propose").addEventListener("click", async () => {
  const answer = await post(body.dataset.propose, {kind: addForm.elements.kind.value,
                                                   content: addForm.elements.content.value});
  if (answer) addForm.elements.en.value = answer.en;
});

addForm.addEventListener("submit", async event => {
  event.preventDefault();
  const done = await post(body.dataset.add, {
    start: Number(addForm.dataset.start), end: Number(addForm.dataset.end),
    kind: addForm.elements.kind.value, id: addForm.elements.id.value,
    content: addForm.elements.content.value, en: addForm.elements.en.value});
  if (done) { sessionStorage.setItem("said", `${done.id}: added`); location.reload(); }
});

const said = sessionStorage.getItem("said");
if (said) { say(said); sessionStorage.removeItem("said"); }
