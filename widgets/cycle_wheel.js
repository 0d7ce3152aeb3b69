// Front end of reflect.ui._wheel.CycleWheel: the stages of a reflective cycle as a ring of
// real <button>s with arrows between them. One Tab stop for the whole ring (roving tabindex);
// arrow keys move focus round it, Enter or Space makes the focused stage current.

const SVG_NS = "http://www.w3.org/2000/svg";
const RADIUS = 38; // ring radius in the SVG's 100 x 100 viewBox, and % of the box for buttons
// Half a stage button, plus a margin, in % of the box (an 8.5rem x 4.5rem button in a 30rem
// box): arrows start and end outside this rectangle so no arrowhead hides under a button.
const STAGE_HALF_WIDTH = 16;
const STAGE_HALF_HEIGHT = 10;
let instanceCount = 0;

function angleOf(index, count) {
  // Clockwise from twelve o'clock, as the cycle is usually drawn.
  return -Math.PI / 2 + (2 * Math.PI * index) / count;
}

function pointAt(angle) {
  return [50 + RADIUS * Math.cos(angle), 50 + RADIUS * Math.sin(angle)];
}

function clearOfStage(stageAngle, direction) {
  // Walk along the ring, a degree at a time, until leaving the stage button's rectangle.
  const [cx, cy] = pointAt(stageAngle);
  for (let degrees = 1; degrees < 180; degrees += 1) {
    const angle = stageAngle + (direction * degrees * Math.PI) / 180;
    const [x, y] = pointAt(angle);
    if (Math.abs(x - cx) > STAGE_HALF_WIDTH || Math.abs(y - cy) > STAGE_HALF_HEIGHT) return angle;
  }
  return stageAngle;
}

function span(className, text) {
  const node = document.createElement("span");
  node.className = className;
  node.textContent = text;
  return node;
}

function drawArrows(count, markerId) {
  const svg = document.createElementNS(SVG_NS, "svg");
  svg.setAttribute("viewBox", "0 0 100 100");
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("focusable", "false");
  svg.classList.add("reflect-cycle-wheel__arrows");
  const defs = document.createElementNS(SVG_NS, "defs");
  const marker = document.createElementNS(SVG_NS, "marker");
  marker.setAttribute("id", markerId);
  marker.setAttribute("viewBox", "0 0 10 10");
  marker.setAttribute("refX", "8");
  marker.setAttribute("refY", "5");
  marker.setAttribute("markerWidth", "5");
  marker.setAttribute("markerHeight", "5");
  marker.setAttribute("orient", "auto-start-reverse");
  const head = document.createElementNS(SVG_NS, "path");
  head.setAttribute("d", "M 0 0 L 10 5 L 0 10 z");
  head.classList.add("reflect-cycle-wheel__arrowhead");
  marker.append(head);
  defs.append(marker);
  svg.append(defs);
  for (let index = 0; index < count; index += 1) {
    const start = clearOfStage(angleOf(index, count), 1);
    const end = clearOfStage(angleOf(index + 1, count), -1);
    if (end - start < Math.PI / 90) continue; // stages too close for an arrow between them
    const [x1, y1] = pointAt(start);
    const [x2, y2] = pointAt(end);
    const arc = document.createElementNS(SVG_NS, "path");
    arc.setAttribute("d", `M ${x1} ${y1} A ${RADIUS} ${RADIUS} 0 0 1 ${x2} ${y2}`);
    arc.setAttribute("marker-end", `url(#${markerId})`);
    arc.classList.add("reflect-cycle-wheel__arrow");
    svg.append(arc);
  }
  return svg;
}

function stageButton(name, index, count) {
  // The accessible name is the button's own text ("Stage 3 of 6: Evaluation, done"), partly
  // visually hidden, so what a sighted user sees is contained in what a screen reader says.
  const button = document.createElement("button");
  button.type = "button";
  button.className = "reflect-cycle-wheel__stage";
  button.dataset.index = String(index);
  button.append(
    span("reflect-cycle-wheel__number", `Stage ${index + 1}`),
    span("reflect-cycle-wheel__hidden", ` of ${count}: `),
  );
  // The comma stays inline inside the name's line: Chromium puts a space between the button's
  // flex lines (and absolutely placed spans) when it builds the name: "Evaluation , done".
  const nameLine = span("reflect-cycle-wheel__name", name);
  const comma = span("reflect-cycle-wheel__comma", ",");
  nameLine.append(comma);
  const status = span("reflect-cycle-wheel__status", "");
  const tick = span("reflect-cycle-wheel__tick", "\u2713 ");
  tick.setAttribute("aria-hidden", "true");
  status.append(tick, document.createTextNode("done"));
  button.append(nameLine, status);
  return button;
}

function render({ model, el }) {
  instanceCount += 1;
  const idPrefix = `reflect-cycle-wheel-${instanceCount}`;
  el.classList.add("reflect-cycle-wheel");

  const group = document.createElement("div");
  group.className = "reflect-cycle-wheel__group";
  group.setAttribute("role", "group");
  const caption = document.createElement("p");
  caption.className = "reflect-cycle-wheel__label";
  caption.id = `${idPrefix}-label`;
  group.setAttribute("aria-labelledby", caption.id);
  const ring = document.createElement("ol");
  ring.className = "reflect-cycle-wheel__ring";
  group.append(caption, ring);
  el.replaceChildren(group);

  let buttons = [];
  let focusIndex = model.get("current");

  function setFocusable(index) {
    // Roving tabindex: exactly one stage is in the Tab order, so Tab enters and leaves the ring.
    focusIndex = index;
    buttons.forEach((button, i) => {
      button.tabIndex = i === index ? 0 : -1;
    });
  }

  function update() {
    const current = model.get("current");
    const done = model.get("done");
    caption.textContent = model.get("label");
    buttons.forEach((button, i) => {
      const isCurrent = i === current;
      const isDone = Boolean(done[i]);
      if (isCurrent) button.setAttribute("aria-current", "step");
      else button.removeAttribute("aria-current");
      button.classList.toggle("reflect-cycle-wheel__stage--current", isCurrent);
      button.classList.toggle("reflect-cycle-wheel__stage--done", isDone);
      button.querySelector(".reflect-cycle-wheel__status").hidden = !isDone;
      button.querySelector(".reflect-cycle-wheel__comma").hidden = !isDone;
    });
    const focusInside = buttons.includes(document.activeElement);
    setFocusable(focusInside ? focusIndex : current);
  }

  function build() {
    const stages = model.get("stages");
    const hadFocus = buttons.includes(document.activeElement);
    ring.replaceChildren();
    group.querySelector("svg")?.remove();
    group.insertBefore(drawArrows(stages.length, `${idPrefix}-arrowhead`), ring);
    buttons = stages.map((name, index) => {
      const item = document.createElement("li");
      item.className = "reflect-cycle-wheel__item";
      const [x, y] = pointAt(angleOf(index, stages.length));
      item.style.setProperty("--reflect-wheel-x", `${x}%`);
      item.style.setProperty("--reflect-wheel-y", `${y}%`);
      const button = stageButton(name, index, stages.length);
      item.append(button);
      ring.append(item);
      return button;
    });
    focusIndex = Math.min(focusIndex, buttons.length - 1);
    update();
    if (hadFocus) buttons[focusIndex].focus();
  }

  function onClick(event) {
    const button = event.target.closest(".reflect-cycle-wheel__stage");
    if (!button || !ring.contains(button)) return;
    const index = Number(button.dataset.index);
    setFocusable(index);
    model.set("current", index);
    model.save_changes();
  }

  const moves = {
    ArrowRight: (i, n) => (i + 1) % n,
    ArrowDown: (i, n) => (i + 1) % n,
    ArrowLeft: (i, n) => (i - 1 + n) % n,
    ArrowUp: (i, n) => (i - 1 + n) % n,
    Home: () => 0,
    End: (_i, n) => n - 1,
  };

  function onKeydown(event) {
    const move = moves[event.key];
    const index = buttons.indexOf(event.target);
    if (!move || index < 0 || event.altKey || event.ctrlKey || event.metaKey) return;
    event.preventDefault();
    const target = move(index, buttons.length);
    setFocusable(target);
    buttons[target].focus();
  }

  ring.addEventListener("click", onClick);
  ring.addEventListener("keydown", onKeydown);
  model.on("change:stages", build);
  model.on("change:current", update);
  model.on("change:done", update);
  model.on("change:label", update);
  build();

  return () => {
    ring.removeEventListener("click", onClick);
    ring.removeEventListener("keydown", onKeydown);
    model.off("change:stages", build);
    model.off("change:current", update);
    model.off("change:done", update);
    model.off("change:label", update);
  };
}

export default { render };
