// reflect's page: connects to the kernel Voila started for this page, shows the widgets of the
// notebook's outputs, then takes the loading notice away. Loaded early (async, in <head>) so
// that this code is ready while the kernel is still starting; it starts once the page is whole.
//
// A page never stays blank or on "Loading…": whatever stops its app from arriving (no output
// in the page, a lost connection, a kernel that does not answer) is said on the page within a
// few seconds, with a button to load it again. Typed words are kept meanwhile (keep.js).

import "@jupyter-widgets/controls/css/labvariables.css";
import "@jupyter-widgets/controls/css/widgets-base.css";
import "@jupyter-widgets/base/css/index.css";
import "@lumino/widgets/style/index.css";
import { Keeper } from "./keep.js";
import { KernelConnection } from "./kernel.js";
import { WidgetManager } from "./manager.js";

export const SLOW_MS = 8000; // no app by then: say so, and offer to load again (still waiting)
const STARTUP_LOST = "This app lost its connection while it was starting.";
const NO_OUTPUT =
  "This page arrived without its app: the server could not finish preparing it in time.";
const SLOW =
  "This app is taking longer than usual to open. It may still appear; if not, load it again.";
const LOST =
  "The connection to this app was lost. Your words are still on this page and kept in this " +
  "browser; reconnect to save them and go on.";
const WIDGET_VIEW = "application/vnd.jupyter.widget-view+json";
const OUTPUT = 'script[type="application/vnd.voila.cell-output+json"]';

function config() {
  const element = document.getElementById("jupyter-config-data");
  return element ? JSON.parse(element.textContent) : {};
}

function reloadButton(label) {
  const button = document.createElement("button");
  button.type = "button";
  button.className = "reflect-page-reload";
  button.textContent = label;
  button.addEventListener("click", () => location.reload());
  return button;
}

// Says what went wrong in place of "Loading…", with a button to load the page again.
function showProblem(text) {
  const loading = document.getElementById("loading");
  if (!loading) return;
  loading.setAttribute("role", "alert");
  loading.replaceChildren(Object.assign(document.createElement("p"), { textContent: text }));
  loading.append(reloadButton("Load the page again"));
}

function shutdownOnLeave(baseUrl, kernelId, kernel) {
  // Voila's own page does the same: a tab closed is a kernel freed at once, not at culling.
  window.addEventListener("beforeunload", () => {
    kernel.close(); // leaving is not losing the connection: no notice on the way out
    navigator.sendBeacon(`${baseUrl}voila/api/shutdown/${kernelId}`);
  });
}

function outputElement(script) {
  const holder = document.createElement("div");
  holder.className = "jp-OutputArea-output";
  script.replaceWith(holder);
  return holder;
}

async function showOutput(manager, output, holder) {
  const data = output.data || {};
  if (data[WIDGET_VIEW]) {
    await manager.display(data[WIDGET_VIEW].model_id, holder);
  } else if (output.output_type === "error") {
    holder.setAttribute("role", "alert");
    holder.textContent = `${output.ename}: ${output.evalue}`;
  } else if (output.output_type === "stream" || data["text/plain"]) {
    const pre = document.createElement("pre");
    pre.textContent = output.text ?? data["text/plain"];
    holder.append(pre);
  }
}

function showRestored(fields) {
  const words = fields.reduce((sum, field) => sum + field.words, 0);
  const notice = document.createElement("p");
  notice.setAttribute("role", "status");
  notice.className = "reflect-page-restored";
  notice.textContent =
    `${words} word${words === 1 ? "" : "s"} you typed had not reached your workbook when the ` +
    `page was last closed or lost its connection. They are back in ${fields.length} field` +
    `${fields.length === 1 ? "" : "s"} and are being saved now.`;
  if (fields.some((field) => field.changedElsewhere)) {
    notice.textContent +=
      " The saved version had been changed in another window since; it is kept in the history.";
  }
  document.body.prepend(notice);
}

async function start() {
  const { baseUrl = "/", kernelId } = config();
  if (!kernelId) {
    showProblem("This page was sent without a kernel.");
    return;
  }
  const scripts = [...document.querySelectorAll(OUTPUT)];
  const leave = () => navigator.sendBeacon(`${baseUrl}voila/api/shutdown/${kernelId}`);
  if (!scripts.length) {
    leave(); // nobody will use this kernel
    showProblem(NO_OUTPUT);
    return;
  }
  const slow = setTimeout(() => showProblem(SLOW), SLOW_MS);
  const kernel = new KernelConnection({ baseUrl, kernelId });
  shutdownOnLeave(baseUrl, kernelId, kernel);
  try {
    await kernel.open();
    kernel.onLost = () => {
      clearTimeout(slow);
      showProblem(STARTUP_LOST);
    };
    const keeper = new Keeper(showRestored);
    const manager = new WidgetManager(kernel);
    manager.onModel = (model) => keeper.watch(model);
    await manager.loadFromKernel();
    const outputs = scripts.map((script) => ({
      output: JSON.parse(script.textContent),
      holder: outputElement(script),
    }));
    await Promise.all(outputs.map(({ output, holder }) => showOutput(manager, output, holder)));
    if (manager.problems.length) throw manager.problems[0]; // a widget the page cannot show
    manager.onProblem = (error) => showBroken(error.message);
    document.getElementById("loading")?.remove();
    document.getElementById("rendered_cells")?.removeAttribute("hidden");
    kernel.onLost = showLost;
    if (kernel.lost) showLost();
    else keeper.start();
  } finally {
    clearTimeout(slow);
  }
}

function showLost() {
  if (document.querySelector(".reflect-page-lost")) return;
  const notice = document.createElement("div");
  notice.setAttribute("role", "alert");
  notice.className = "reflect-page-lost";
  notice.append(Object.assign(document.createElement("p"), { textContent: LOST }));
  notice.append(reloadButton("Reconnect"));
  document.body.prepend(notice);
}

// A widget that came after the page was shown and cannot be shown: say which, and why.
function showBroken(text) {
  const notice = document.createElement("div");
  notice.setAttribute("role", "alert");
  notice.className = "reflect-page-lost";
  notice.append(
    Object.assign(document.createElement("p"), {
      textContent: `Part of this app cannot be shown: ${text}.`,
    }),
  );
  notice.append(reloadButton("Load the page again"));
  document.body.prepend(notice);
}

function whenParsed(run) {
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", run, { once: true });
  } else {
    run();
  }
}

whenParsed(() => {
  start().catch((error) => {
    console.error(error);
    // A lost connection has said so already; a later failure it caused would only blur that.
    if (document.getElementById("loading")?.textContent.startsWith(STARTUP_LOST)) return;
    showProblem(
      `This app could not start (${error.message}). If loading it again does not help, ` +
        "ask whoever runs reflect to restart it.",
    );
  });
});
