// The widget manager of reflect's page: the models and views of @jupyter-widgets/base and
// /controls, anywidget's, and an Output widget of its own (output.js), on a KernelConnection.
// A class the page lacks, or whose module the kernel asks for in a version the page's does not
// speak, is reported by name, never skipped.

import * as base from "@jupyter-widgets/base";
import { ManagerBase } from "@jupyter-widgets/base-manager";
import * as controls from "@jupyter-widgets/controls";
import createAnywidget from "anywidget";
import { Widget as LuminoWidget } from "@lumino/widgets";
import { OUTPUT_MODULE, OUTPUT_VERSION, OutputModel, OutputView } from "./output.js";

const anywidget = createAnywidget(base);
// Each module the page has, with the version of the widget protocol it speaks (what the kernel
// names as `_model_module_version`; not the npm version).
const MODULES = {
  "@jupyter-widgets/base": { module: base, version: base.JUPYTER_WIDGETS_VERSION },
  "@jupyter-widgets/controls": { module: controls, version: controls.JUPYTER_CONTROLS_VERSION },
  [OUTPUT_MODULE]: { module: { OutputModel, OutputView }, version: OUTPUT_VERSION },
  anywidget: { module: anywidget, version: anywidget.AnyModel.model_module_version },
};

// Whether a module of version `has` answers a kernel asking for `asked` (a version or a semver
// range as "2.0.0", "^2.0.0", "~0.11.*", "*"): the same major version, and below 1.0 the same
// minor one (semver: 0.x releases may break at each minor).
export function compatible(asked, has) {
  const wanted = /(\d+)(?:\.(\d+))?/.exec(asked || "");
  if (!wanted) return true; // "*" or nothing asked: any version
  const [major, minor] = has.split(".").map(Number);
  if (Number(wanted[1]) !== major) return false;
  return major > 0 || wanted[2] === undefined || Number(wanted[2]) === minor;
}

const WIDGET_TARGET = "jupyter.widget";
const CONTROL_TARGET = "jupyter.widget.control";
const CONTROL_VERSION = "1.0.0";

export class WidgetManager extends ManagerBase {
  constructor(kernel) {
    super();
    this.kernel = kernel;
    this.onModel = () => {}; // hears every model once it is built (keep.js listens)
    // ipywidgets shows a class it cannot load as an error widget ("Click to show javascript
    // error"); the page hears of each such failure too, and says what it was (index.js).
    this.problems = [];
    this.onProblem = (error) => this.problems.push(error);
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
    const known = MODULES[moduleName];
    const found = known?.module[className];
    if (!found) {
      throw new Error(`this page cannot show ${className} from ${moduleName} ${moduleVersion}`);
    }
    if (!compatible(moduleVersion, known.version)) {
      throw new Error(
        `this page cannot show ${className} from ${moduleName}: the kernel asks for version ` +
          `${moduleVersion} and this page has version ${known.version}`,
      );
    }
    return found;
  }

  async loadModelClass(className, moduleName, moduleVersion) {
    return this.reported(() => this.loadClass(className, moduleName, moduleVersion));
  }

  async loadViewClass(className, moduleName, moduleVersion) {
    return this.reported(() => this.loadClass(className, moduleName, moduleVersion));
  }

  async reported(load) {
    try {
      return await load();
    } catch (error) {
      this.onProblem(error);
      throw error;
    }
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
