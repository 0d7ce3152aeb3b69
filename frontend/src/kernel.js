// The page's connection to its kernel: Jupyter's own client, @jupyterlab/services'
// KernelConnection (the v1 websocket framing, `v1.kernel.websocket.jupyter.org`, that Voila's
// websocket handler reads; protocol versions; comms; message hooks), behind the few calls
// index.js and manager.js make: open, request, registerCommTarget, createComm,
// registerMessageHook, onLost, lost, close, and the hold on comm messages until the widget
// snapshot has come.
//
// Kept from services as it is: the kernel's messages are handled one at a time, each once the
// one before it is done (a comm_open is awaited until its widget model is built; a message
// about a model still being built failed with "widget model not found" and was lost).
//
// Changed, so that nothing hides a dead kernel from the page (see PageKernel): no reconnection
// and no restart handling; comms on the kernel's main shell.

import { shims } from "@jupyter-widgets/base";
import { KernelConnection as ServicesKernel } from "@jupyterlab/services/lib/kernel/default";
import { ServerConnection } from "@jupyterlab/services/lib/serverconnection";

const SUBPROTOCOL = "v1.kernel.websocket.jupyter.org";
const KERNEL_GONE = ["dead", "restarting", "autorestarting"];
const GONE = "the kernel is gone";

// crypto.randomUUID exists only in secure contexts (https or localhost); a server on a
// hospital network may be plain http on another address. getRandomValues works everywhere
// (services' own message ids use it too, through @lumino/coreutils).
export function uuid() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

// Services' connection, minus what would hide a dead kernel or a lost connection:
// - no reconnection (reconnectLimit 0), and after the server restarted the kernel no new
//   socket: the app's widgets died with the kernel, and a widget page whose messages were lost
//   in a gap is out of step with its kernel. The page says the connection was lost and offers
//   to load again (keep.js keeps the words meanwhile);
// - comms on the main shell, not on the subshells ipykernel 7 offers: the kernel answers the
//   page on its main thread once the app is built;
// - until the widget snapshot has come, the comm messages of every comm but the one asking for
//   it are dropped: the snapshot holds what they said (manager.js loadFromKernel).
class PageKernel extends ServicesKernel {
  constructor(options) {
    super(options);
    this._reconnectLimit = 0;
    this.holdingComms = true;
    this.heldFor = null;
  }

  reconnect() {
    this._updateConnectionStatus("disconnected");
    return Promise.resolve();
  }

  async _handleMessage(msg) {
    if (
      this.holdingComms &&
      msg.channel === "iopub" &&
      msg.header.msg_type.startsWith("comm_") &&
      msg.content.comm_id !== this.heldFor
    ) {
      return undefined; // the snapshot has it already
    }
    return super._handleMessage(msg);
  }
}

export class KernelConnection {
  constructor({ baseUrl, kernelId }) {
    this.baseUrl = baseUrl;
    this.kernelId = kernelId;
    this.onLost = () => {};
    this.lost = false;
    this.leaving = false;
    this.pending = new Set(); // rejections of requests awaited by the page
  }

  get heldFor() {
    return this.kernel.heldFor;
  }

  set heldFor(commId) {
    this.kernel.heldFor = commId;
  }

  // The snapshot of every widget has come: later comm messages are news to the page.
  releaseComms() {
    this.kernel.holdingComms = false;
    this.kernel.heldFor = null;
  }

  open() {
    this.kernel = new PageKernel({
      model: { id: this.kernelId, name: "" },
      serverSettings: ServerConnection.makeSettings({ baseUrl: this.baseUrl }),
      clientId: uuid(),
      username: "",
      handleComms: true,
      commsOverSubshells: "disabled",
    });
    return new Promise((resolve, reject) => {
      let opened = false;
      this.kernel.connectionStatusChanged.connect((_kernel, status) => {
        if (status === "connected" && !opened) {
          opened = true;
          if (this.kernel._selectedProtocol === SUBPROTOCOL) resolve(this);
          else reject(new Error(`the server did not accept the ${SUBPROTOCOL} websocket protocol`));
        } else if (status !== "connected") {
          if (!opened) reject(new Error("the kernel's websocket could not be opened"));
          this.lose();
        }
      });
      // Jupyter Server says so when the kernel died or was restarted: the app's widgets are gone.
      this.kernel.statusChanged.connect((_kernel, status) => {
        if (!KERNEL_GONE.includes(status)) return;
        if (!opened) reject(new Error(GONE));
        this.lose();
      });
    });
  }

  request(msgType, content) {
    if (msgType !== "comm_info_request") throw new Error(`this page sends no ${msgType}`);
    if (this.lost) return Promise.reject(new Error(GONE));
    return new Promise((resolve, reject) => {
      this.pending.add(reject);
      this.kernel
        .requestCommInfo(content)
        .then(resolve, reject)
        .finally(() => this.pending.delete(reject));
    });
  }

  registerCommTarget(target, handler) {
    // The handler's promise holds the kernel's next message until the model is built.
    this.kernel.registerCommTarget(target, (comm, message) =>
      handler(new shims.services.Comm(comm), message),
    );
  }

  // A comm in the shape ipywidgets calls a comm (IClassicComm of @jupyter-widgets/base).
  createComm(target, commId = uuid()) {
    return new shims.services.Comm(this.kernel.createComm(target, commId));
  }

  registerMessageHook(msgId, hook) {
    this.kernel.registerMessageHook(msgId, hook);
  }

  removeMessageHook(msgId, hook) {
    this.kernel.removeMessageHook(msgId, hook);
  }

  lose() {
    if (this.lost) return;
    this.lost = true;
    for (const reject of this.pending) reject(new Error(GONE));
    if (!this.leaving) this.onLost();
  }

  // Leaving is not losing the connection: no notice on the way out.
  close() {
    this.leaving = true;
    this.lost = true;
    if (this.kernel && !this.kernel.isDisposed) this.kernel.dispose();
  }
}
