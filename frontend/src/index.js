// reflect's page: connects to the kernel Voila started for this page, shows the widgets of the
// notebook's outputs, then takes the loading notice away. Loaded early (async, in <head>) so
// that this code is ready while the kernel is still starting; it starts once the page is whole.

import "@jupyter-widgets/controls/css/labvariables.css";
import "@jupyter-widgets/controls/css/widgets-base.css";
import "@jupyter-widgets/base/css/index.css";
import "@lumino/widgets/style/index.css";
import { KernelConnection } from "./kernel.js";
import { WidgetManager } from "./manager.js";

const STARTUP_LOST =
  "This app lost its connection while it was starting. Reload the page to try again.";
const WIDGET_VIEW = "application/vnd.jupyter.widget-view+json";
const OUTPUT = 'script[type="application/vnd.voila.cell-output+json"]';

function config() {
  const element = document.getElementById("jupyter-config-data");
  return element ? JSON.parse(element.textContent) : {};
}

function showProblem(text) {
  const loading = document.getElementById("loading");
  if (!loading) return;
  loading.setAttribute("role", "alert");
  loading.textContent = text;
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

async function start() {
  const { baseUrl = "/", kernelId } = config();
  if (!kernelId) {
    showProblem("This page was sent without a kernel. Reload it to try again.");
    return;
  }
  const scheme = location.protocol === "https:" ? "wss:" : "ws:";
  const kernel = new KernelConnection(
    `${scheme}//${location.host}${baseUrl}api/kernels/${kernelId}/channels`,
  );
  shutdownOnLeave(baseUrl, kernelId, kernel);
  await kernel.open();
  kernel.onLost = () => showProblem(STARTUP_LOST);
  const manager = new WidgetManager(kernel);
  await manager.loadFromKernel();
  const outputs = [...document.querySelectorAll(OUTPUT)].map((script) => ({
    output: JSON.parse(script.textContent),
    holder: outputElement(script),
  }));
  await Promise.all(outputs.map(({ output, holder }) => showOutput(manager, output, holder)));
  document.getElementById("loading")?.remove();
  document.getElementById("rendered_cells")?.removeAttribute("hidden");
  kernel.onLost = showLost;
  if (kernel.lost) showLost();
}

function showLost() {
  const notice = document.createElement("p");
  notice.setAttribute("role", "alert");
  notice.className = "reflect-page-lost";
  notice.textContent =
    "The connection to this app was lost. What you saved is kept; reload the page to go on.";
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
    if (document.getElementById("loading")?.getAttribute("role") === "alert") return;
    showProblem(
      `This app could not start (${error.message}). Reload the page; if it happens again, ` +
        "ask whoever runs reflect to restart it.",
    );
  });
});
