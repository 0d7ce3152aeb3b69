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

export class WidgetManager extends ManagerBase {
  constructor(kernel) {
    super();
    this.kernel = kernel;
    kernel.registerCommTarget(WIDGET_TARGET, (comm, message) => {
      this.handle_comm_open(comm, message).catch((error) => console.error(error));
    });
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

  // Every widget the kernel made before the page connected, in one request.
  loadFromKernel() {
    return this._loadFromKernel();
  }

  async display(modelId, element) {
    const model = await this.get_model(modelId);
    const view = await this.create_view(model, {});
    LuminoWidget.attach(view.luminoWidget, element);
    return view;
  }
}
