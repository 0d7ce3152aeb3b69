// ipywidgets' Output widget without JupyterLab's rendermime: what a cell prints inside
// `with output:` (or `output.append_stdout(...)`, `output.append_display_data(...)`) shows in
// the widget. Shown: streams, text/plain, text/html (sanitised by DOMPurify), widgets, errors;
// any other kind of output says what it is instead of vanishing.
//
// As @jupyter-widgets/jupyterlab-manager's OutputModel: while the kernel has set `msg_id`, the
// model takes the kernel's output messages answering that message (a hook on the page's kernel
// connection, so nothing else handles them), appends them to `outputs` and tells the kernel.
// Outputs printed before the page connected (the app built at start) are in `outputs` already:
// Voila's executor catches them the same way and syncs them back to the kernel.

import * as base from "@jupyter-widgets/base";
import { Widget as LuminoWidget } from "@lumino/widgets";
import DOMPurify from "dompurify";
import $ from "jquery";

export const OUTPUT_MODULE = "@jupyter-widgets/output";
export const OUTPUT_VERSION = "1.0.0"; // ipywidgets' __jupyter_widgets_output_version__
const WIDGET_VIEW = "application/vnd.jupyter.widget-view+json";
const OUTPUT_TYPES = ["execute_result", "display_data", "stream", "error"];
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*[A-Za-z]/g;

export class OutputModel extends base.DOMWidgetModel {
  defaults() {
    return {
      ...super.defaults(),
      _model_name: "OutputModel",
      _model_module: OUTPUT_MODULE,
      _model_module_version: OUTPUT_VERSION,
      _view_name: "OutputView",
      _view_module: OUTPUT_MODULE,
      _view_module_version: OUTPUT_VERSION,
      msg_id: "",
      outputs: [],
    };
  }

  initialize(attributes, options) {
    super.initialize(attributes, options);
    this.clearOnNext = false;
    // The widget's outputs are its alone: no other handler shows them. Anything else (the
    // kernel's `idle`, which releases throttled widget updates) goes on.
    this.hook = (message) => !this.add(message);
    this.listenTo(this, "change:msg_id", this.followMessage);
    this.followMessage();
  }

  followMessage() {
    const kernel = this.widget_manager.kernel;
    const previous = this.previous("msg_id");
    if (previous) kernel.removeMessageHook(previous, this.hook);
    const msgId = this.get("msg_id");
    if (msgId) kernel.registerMessageHook(msgId, this.hook);
  }

  add(message) {
    const type = message.header.msg_type;
    if (type === "clear_output") {
      if (message.content.wait) this.clearOnNext = true;
      else this.setOutputs([]);
      return true;
    }
    if (!OUTPUT_TYPES.includes(type)) return false;
    const output = { ...message.content, output_type: type };
    delete output.transient;
    const outputs = this.clearOnNext ? [] : this.get("outputs");
    this.clearOnNext = false;
    this.setOutputs([...outputs, output]);
    return true;
  }

  setOutputs(outputs) {
    this.set("outputs", outputs);
    this.save_changes();
  }

  destroy(options) {
    const msgId = this.get("msg_id");
    if (msgId) this.widget_manager.kernel.removeMessageHook(msgId, this.hook);
    return super.destroy(options);
  }
}

function textOf(value) {
  return Array.isArray(value) ? value.join("") : String(value ?? "");
}

function block(tag, className, text) {
  const element = document.createElement(tag);
  element.className = className;
  element.textContent = text;
  return element;
}

export class OutputView extends base.DOMWidgetView {
  // A panel, as ipywidgets' Box: a widget shown in the output is a child lumino widget.
  _createElement() {
    this.luminoWidget = new base.JupyterLuminoPanelWidget({ view: this });
    return this.luminoWidget.node;
  }

  _setElement(element) {
    if (this.el || element !== this.luminoWidget.node) {
      throw new Error("Cannot reset the DOM element.");
    }
    this.el = this.luminoWidget.node;
    this.$el = $(this.luminoWidget.node);
  }

  render() {
    super.render();
    this.luminoWidget.addClass("jupyter-widgets");
    this.luminoWidget.addClass("jupyter-widgets-output-area");
    this.luminoWidget.addClass("widget-output");
    this.childViews = [];
    this.listenTo(this.model, "change:outputs", this.draw);
    return this.draw();
  }

  // Draws every output again, in order; a newer drawing started meanwhile wins.
  async draw() {
    const drawing = (this.drawing = Symbol("drawing"));
    const made = await Promise.all(this.model.get("outputs").map((output) => this.make(output)));
    if (drawing !== this.drawing) {
      made.forEach(({ view }) => view?.remove());
      return;
    }
    for (const view of this.childViews) view.remove();
    for (const child of [...this.luminoWidget.widgets]) child.dispose();
    this.childViews = made.filter(({ view }) => view).map(({ view }) => view);
    for (const { widget } of made) this.luminoWidget.addWidget(widget);
  }

  async make(output) {
    const data = output.data || {};
    if (data[WIDGET_VIEW]) {
      const model = await this.model.widget_manager.get_model(data[WIDGET_VIEW].model_id);
      const view = await this.create_child_view(model);
      return { widget: view.luminoWidget, view };
    }
    const node = document.createElement("div");
    node.className = "jp-OutputArea-output";
    if (output.output_type === "stream") {
      node.append(block("pre", `reflect-output-stream reflect-output-${output.name}`, textOf(output.text)));
    } else if (output.output_type === "error") {
      node.setAttribute("role", "alert");
      const traceback = textOf((output.traceback || []).join("\n")).replace(ANSI, "");
      node.append(block("pre", "reflect-output-error", traceback || `${output.ename}: ${output.evalue}`));
    } else if (data["text/html"] !== undefined) {
      node.innerHTML = DOMPurify.sanitize(textOf(data["text/html"]));
    } else if (data["text/plain"] !== undefined) {
      node.append(block("pre", "reflect-output-text", textOf(data["text/plain"])));
    } else {
      const kinds = Object.keys(data).join(", ") || "nothing";
      node.append(block("p", "reflect-output-unknown", `(an output this page cannot show: ${kinds})`));
    }
    return { widget: new LuminoWidget({ node }) };
  }

  remove() {
    for (const view of this.childViews || []) view.remove();
    return super.remove();
  }
}
