// The widget manager of reflect's page: the models and views of @jupyter-widgets/base and
// /controls, and anywidget's, on a KernelConnection. No Output widget, no rendermime: the apps
// use neither, and a class the page lacks is reported by name, never skipped.

import * as base from "@jupyter-widgets/base";
import { ManagerBase } from "@jupyter-widgets/base-manager";
import * as controls from "@jupyter-widgets/controls";
import createAnywidget from "anywidget";
import { Widget as LuminoWidget } from "@lumino/widgets";

const anywidget = createAnywidget(base);
const MODULES = {
  "@jupyter-widgets/base": base,
  "@jupyter-widgets/controls": controls,
  anywidget,
};
const WIDGET_TARGET = "jupyter.widget";
const CONTROL_TARGET = "jupyter.widget.control";
const CONTROL_VERSION = "1.0.0";

export class WidgetManager extends ManagerBase {
  constructor(kernel) {
    super();
    this.kernel = kernel;
    this.onModel = () => {}; // hears every model once it is built (keep.js listens)
    // The returned promise holds the kernel's next message until this model is built.
    kernel.registerCommTarget(WIDGET_TARGET, (comm, message) =>
      this.handle_comm_open(comm, message).catch((error) => console.error(error)),
    );
  }

  register_model(modelId, modelPromise) {
    super.register_model(modelId, modelPromise);
    modelPromise.then((model) => this.onModel(model)).catch(() => {});
  }

  async loadClass(className, moduleName, moduleVersion) {
    const module = MODULES[moduleName];
    const found = module && module[className];
    if (!found) {
      throw new Error(`this page cannot show ${className} from ${moduleName} ${moduleVersion}`);
    }
    return found;
  }

  async _create_comm(target, modelId, data, metadata, buffers) {
    const comm = this.kernel.createComm(target, modelId);
    if (data || metadata) comm.open(data, undefined, metadata, buffers);
    return comm;
  }

  async _get_comm_info() {
    const reply = await this.kernel.request("comm_info_request", { target_name: WIDGET_TARGET });
    return reply.content.comms || {};
  }

  // Every widget the kernel made before the page connected, in one request. ipywidgets' own
  // version gives up after four seconds and falls back to asking widget by widget; a kernel
  // still opening the workbook holds its answer longer than that. The page's watchdog tells
  // the user if it takes too long. Comm messages that came before the snapshot are in it, and
  // the kernel connection drops them (holdingComms) until the snapshot's answer is handled.
  async loadFromKernel() {
    const control = this.kernel.createComm(CONTROL_TARGET);
    this.kernel.heldFor = control.comm_id;
    const restored = new Promise((resolve, reject) => {
      control.on_msg((message) => {
        const data = message.content.data;
        if (data.method !== "update_states") return undefined;
        this.kernel.releaseComms();
        const made = this.restore(data, message.buffers || []);
        resolve(made);
        return made; // later messages wait until these models are built
      });
      control.on_close(() => reject(new Error("the kernel closed the widget channel")));
    });
    control.open({}, undefined, { version: CONTROL_VERSION });
    control.send({ method: "request_states" });
    await restored;
    control.close();
  }

  async restore(data, buffers) {
    const states = data.states;
    const paths = {};
    const groups = {};
    data.buffer_paths.forEach(([widgetId, ...path], index) => {
      (paths[widgetId] ??= []).push(path);
      (groups[widgetId] ??= []).push(buffers[index]);
    });
    const failures = [];
    // Every model is registered before any is built (new_model does so before its first
    // await), so a parent finds its children whatever the order.
    await Promise.all(
      Object.entries(states).map(async ([widgetId, state]) => {
        if (this.has_model(widgetId)) return;
        if (paths[widgetId]) base.put_buffers(state, paths[widgetId], groups[widgetId]);
        try {
          await this.new_model(
            {
              model_name: state.model_name,
              model_module: state.model_module,
              model_module_version: state.model_module_version,
              model_id: widgetId,
              comm: this.kernel.createComm(WIDGET_TARGET, widgetId),
            },
            state.state,
          );
        } catch (error) {
          failures.push(error);
        }
      }),
    );
    if (failures.length) throw failures[0];
  }

  async display(modelId, element) {
    const model = await this.get_model(modelId);
    const view = await this.create_view(model, {});
    LuminoWidget.attach(view.luminoWidget, element);
    return view;
  }
}
