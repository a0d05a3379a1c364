// politograph: the little JavaScript the pages use. Everything also works without it.
"use strict";

// Search suggestions: any input with data-suggest gets a list of matching entities as you type.
// Enter or a click opens the entity; with data-fill it fills the input instead (forms that ask for a name).
function attachSuggestions(input) {
  const list = input.parentElement.querySelector(".suggestions");
  if (!list) return;
  let timer = null, active = -1, items = [];
  const fill = input.hasAttribute("data-fill");
  const close = () => { list.hidden = true; active = -1; };
  const show = () => {
    list.innerHTML = "";
    items.forEach((item, i) => {
      const li = document.createElement("li");
      li.setAttribute("role", "option");
      if (i === active) li.className = "active";
      const a = document.createElement("a");
      a.href = "/entities/" + item.id;
      a.innerHTML = "<span></span><small></small>";
      a.firstChild.textContent = item.name;
      a.lastChild.textContent = item.type.toLowerCase();
      a.addEventListener("mousedown", (event) => { if (fill) { event.preventDefault(); input.value = item.name; close(); } });
      li.appendChild(a);
      list.appendChild(li);
    });
    list.hidden = items.length === 0;
  };
  input.addEventListener("input", () => {
    clearTimeout(timer);
    const q = input.value.trim();
    if (!q) { items = []; close(); return; }
    timer = setTimeout(async () => {
      const response = await fetch(input.dataset.suggest + "?limit=8&q=" + encodeURIComponent(q));
      if (!response.ok) return;
      items = await response.json();
      active = -1;
      show();
    }, 120);
  });
  input.addEventListener("keydown", (event) => {
    if (list.hidden) return;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      active = (active + (event.key === "ArrowDown" ? 1 : items.length - 1)) % items.length;
      show();
    } else if (event.key === "Enter" && active >= 0) {
      event.preventDefault();
      if (fill) { input.value = items[active].name; close(); } else { window.location.href = "/entities/" + items[active].id; }
    } else if (event.key === "Escape") { close(); }
  });
  input.addEventListener("blur", () => setTimeout(close, 150));
}

// The network's date slider: each notch is a day the network changes; the figure is redrawn by the server.
function attachSlider(slider) {
  const days = slider.dataset.days ? slider.dataset.days.split(",") : [];
  const label = document.getElementById("day-label");
  const dayInput = document.getElementById("day-input");
  const target = document.getElementById("network-figure");
  let timer = null, request = 0;
  const load = async (day) => {
    const mine = ++request;
    const known = slider.dataset.knownAt ? "&known_at=" + encodeURIComponent(slider.dataset.knownAt) : "";
    const response = await fetch(slider.dataset.figure + "?at=" + day + known);
    if (!response.ok || mine !== request) return;
    target.innerHTML = await response.text();
    target.querySelectorAll("table").forEach(labelCells);
    history.replaceState(null, "", "?at=" + day + known);
  };
  slider.addEventListener("input", () => {
    const day = days[Number(slider.value)];
    if (!day) return;
    label.textContent = day;
    dayInput.value = day;
    clearTimeout(timer);
    timer = setTimeout(() => load(day), 80);
  });
}

// An evidence link to /documents/ID#fact-N: light up that fact's sentence in the text and bring it into view.
function focusFact() {
  document.querySelectorAll(".fact.focus, mark.focus").forEach((el) => el.classList.remove("focus"));
  const hash = window.location.hash.slice(1);
  const fact = hash.startsWith("fact-") ? document.getElementById(hash) : null;
  const sentence = fact ? fact.dataset.sentence : hash.startsWith("s-") ? hash : null;
  if (!sentence) return;
  if (fact) fact.classList.add("focus");
  const marks = document.querySelectorAll('mark[data-sentence="' + sentence + '"]');
  marks.forEach((mark) => mark.classList.add("focus"));
  if (fact && marks.length) marks[0].scrollIntoView({ block: "center" });
}

// "As the press knew it on" left empty means everything known: leave it out of the address rather than send "known_at=".
function dropEmptyKnownAt(form) {
  form.addEventListener("submit", () => {
    const field = form.querySelector("input[name=known_at]");
    if (field && !field.value) field.disabled = true;
  });
}

// On a phone a table is a stack of cards (the stylesheet): each cell says which column it is, read from the table's own head.
function labelCells(table) {
  const heads = [...table.querySelectorAll(":scope > thead > tr:last-child > th")].map((th) => th.textContent.trim());
  if (!heads.length) return;
  table.querySelectorAll(":scope > tbody > tr").forEach((row) => {
    let column = 0;
    [...row.children].forEach((cell) => {
      const label = heads[column];
      if (label && !cell.hasAttribute("data-label") && Number(cell.colSpan || 1) === 1) cell.setAttribute("data-label", label);
      column += Number(cell.colSpan || 1);
    });
  });
}

// A chart bigger than its box (a big party's lineage) opens with its focal node in the middle of the box, not at a corner.
function centreFocus(box) {
  const focus = box.querySelector(".current");
  if (!focus) return;
  const outer = box.getBoundingClientRect(), inner = focus.getBoundingClientRect();
  box.scrollLeft += inner.left + inner.width / 2 - (outer.left + box.clientWidth / 2);
  box.scrollTop += inner.top + inner.height / 2 - (outer.top + box.clientHeight / 2);
}

document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("table").forEach(labelCells);
  document.querySelectorAll(".chart-box.pan").forEach(centreFocus);
  document.querySelectorAll("input[data-suggest]").forEach(attachSuggestions);
  document.querySelectorAll("form").forEach(dropEmptyKnownAt);
  const slider = document.getElementById("day-slider");
  if (slider) attachSlider(slider);
  focusFact();
  window.addEventListener("hashchange", focusFact);
});
