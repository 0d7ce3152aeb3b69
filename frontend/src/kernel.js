// A kernel connection over Jupyter Server's websocket, with just what widgets need: comms,
// and the callbacks ipywidgets hangs on its messages (the kernel's `idle` status releases
// throttled updates).
//
// Messages from the kernel are handled one at a time, each once the one before it is done
// (as @jupyterlab/services does): a widget's model is built asynchronously, and a message
// about it (an update, its close, a parent naming it as a child) handled while it was still
// being built failed with "widget model not found" and was lost. Jupyter's own client (@jupyterlab/services) does much more and costs
// the page most of its start-up time; this speaks the same protocol: messaging 5.3 in the
// websocket framing Jupyter Server calls v1, the one Voila's websocket handler expects.

const PROTOCOL_VERSION = "5.3";
const SUBPROTOCOL = "v1.kernel.websocket.jupyter.org";
const KERNEL_GONE = ["dead", "restarting", "autorestarting"];
const PARTS = ["header", "parent_header", "metadata", "content"];

// crypto.randomUUID exists only in secure contexts (https or localhost); a server on a
// hospital network may be plain http on another address. getRandomValues works everywhere.
export function uuid() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

// v1 frames (jupyter_server.services.kernels.connection.base.serialize_msg_to_ws_v1): the
// count of offsets and the offsets, 8-byte little-endian, then the channel name, the header,
// parent header, metadata and content as JSON, then the buffers.
export function serializeV1(channel, message, buffers) {
  const encoder = new TextEncoder();
  const parts = [
    encoder.encode(channel),
    ...PARTS.map((part) => encoder.encode(JSON.stringify(message[part]))),
    ...buffers.map(asBytes),
  ];
  const count = parts.length + 1; // where the channel starts, then where each part ends
  const headerBytes = 8 * (count + 1);
  const total = parts.reduce((size, part) => size + part.byteLength, headerBytes);
  const frame = new Uint8Array(total);
  const view = new DataView(frame.buffer);
  view.setBigUint64(0, BigInt(count), true);
  let offset = headerBytes;
  view.setBigUint64(8, BigInt(offset), true);
  parts.forEach((part, index) => {
    frame.set(part, offset);
    offset += part.byteLength;
    view.setBigUint64(8 * (index + 2), BigInt(offset), true);
  });
  return frame.buffer;
}

export function deserializeV1(frame) {
  const view = new DataView(frame);
  const count = Number(view.getBigUint64(0, true));
  const offsets = [];
  for (let index = 0; index < count; index++) {
    offsets.push(Number(view.getBigUint64(8 * (index + 1), true)));
  }
  const slice = (index) => frame.slice(offsets[index], offsets[index + 1]);
  const decoder = new TextDecoder();
  const message = { channel: decoder.decode(slice(0)), buffers: [] };
  for (let index = 1; index < count - 1; index++) {
    if (index <= PARTS.length) {
      message[PARTS[index - 1]] = JSON.parse(decoder.decode(slice(index)));
    } else {
      message.buffers.push(new DataView(slice(index)));
    }
  }
  return message;
}

function asBytes(buffer) {
  if (buffer instanceof ArrayBuffer) return new Uint8Array(buffer);
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

export class KernelConnection {
  constructor(url) {
    this.url = url;
    this.session = uuid();
    this.callbacks = new Map(); // msg_id -> ipywidgets callbacks
    this.replies = new Map(); // msg_id -> {resolve, reject} of a shell reply awaited here
    this.comms = new Map(); // comm_id -> Comm
    this.hooks = new Map(); // msg_id -> hooks that take the kernel's iopub answers to it first
    this.targets = new Map(); // target name -> handler(comm, message)
    this.onLost = () => {};
    this.lost = false;
    this.handled = Promise.resolve(); // the kernel's messages, handled in order
    // Until the page has the kernel's widgets in one snapshot, comm messages are in it already:
    // only those of the comm asking for it (heldFor) pass. See releaseComms().
    this.holdingComms = true;
    this.heldFor = null;
  }

  // The snapshot of every widget has come: later comm messages are news to the page.
  releaseComms() {
    this.holdingComms = false;
    this.heldFor = null;
  }

  open() {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(`${this.url}?session_id=${this.session}`, [SUBPROTOCOL]);
      socket.binaryType = "arraybuffer";
      socket.onopen = () => {
        if (socket.protocol === SUBPROTOCOL) resolve(this);
        else reject(new Error(`the server did not accept the ${SUBPROTOCOL} websocket protocol`));
      };
      socket.onerror = () => reject(new Error("the kernel's websocket could not be opened"));
      socket.onclose = () => this.lose();
      socket.onmessage = (event) => this.receive(event.data);
      this.socket = socket;
    });
  }

  send(channel, msgType, content, { metadata = {}, buffers = [], callbacks } = {}) {
    const msgId = uuid();
    const message = {
      header: {
        msg_id: msgId,
        msg_type: msgType,
        username: "",
        session: this.session,
        date: new Date().toISOString(),
        version: PROTOCOL_VERSION,
      },
      parent_header: {},
      metadata,
      content,
    };
    if (callbacks) this.callbacks.set(msgId, callbacks);
    if (this.lost) return msgId; // nobody to send to; lose() has told the page
    this.socket.send(serializeV1(channel, message, buffers));
    return msgId;
  }

  request(msgType, content) {
    return new Promise((resolve, reject) => {
      if (this.lost) {
        reject(new Error("the kernel is gone"));
        return;
      }
      const msgId = this.send("shell", msgType, content);
      this.replies.set(msgId, { resolve, reject });
    });
  }

  registerCommTarget(target, handler) {
    this.targets.set(target, handler);
  }

  // As @jupyterlab/services' registerMessageHook: the latest hook on a message hears each of
  // the kernel's iopub messages answering it first; one that returns false stops the message
  // there (the Output widget takes the outputs of a message it captures).
  registerMessageHook(msgId, hook) {
    this.hooks.set(msgId, [hook, ...(this.hooks.get(msgId) || [])]);
  }

  removeMessageHook(msgId, hook) {
    const left = (this.hooks.get(msgId) || []).filter((each) => each !== hook);
    if (left.length) this.hooks.set(msgId, left);
    else this.hooks.delete(msgId);
  }

  createComm(target, commId = uuid()) {
    const comm = new Comm(this, target, commId);
    this.comms.set(commId, comm);
    return comm;
  }

  receive(data) {
    const message = deserializeV1(data);
    const parentId = message.parent_header && message.parent_header.msg_id;
    const type = message.header.msg_type;
    if (message.channel === "shell") {
      // Replies are awaited by the page, never by a message in the queue: handled at once.
      const waiting = this.replies.get(parentId);
      if (waiting) {
        this.replies.delete(parentId);
        waiting.resolve(message);
      }
      const reply = this.callbacks.get(parentId)?.shell?.reply;
      if (reply) reply(message);
      return;
    }
    if (message.channel !== "iopub") return;
    // Jupyter Server says so when the kernel died or was restarted: the app's widgets are gone.
    if (type === "status" && KERNEL_GONE.includes(message.content.execution_state)) this.lose();
    this.handled = this.handled
      .then(() => this.handleIopub(parentId, type, message))
      .catch((error) => console.error(error));
  }

  async handleIopub(parentId, type, message) {
    if (type.startsWith("comm_") && this.holdingComms) {
      if (message.content.comm_id !== this.heldFor) return; // the snapshot has it already
    }
    if (type === "comm_open") await this.commOpened(message);
    else if (type === "comm_msg") await this.comms.get(message.content.comm_id)?.received(message);
    else if (type === "comm_close") await this.comms.get(message.content.comm_id)?.closed(message);
    for (const hook of this.hooks.get(parentId) || []) {
      if ((await hook(message)) === false) return;
    }
    this.notify(parentId, type, message);
  }

  notify(parentId, type, message) {
    const iopub = this.callbacks.get(parentId)?.iopub;
    if (!iopub) return;
    if (type === "status") {
      iopub.status?.(message);
      // A message's work is over once the kernel is idle after it; nothing more will come.
      if (message.content.execution_state === "idle") this.callbacks.delete(parentId);
    } else if (type === "clear_output") {
      iopub.clear_output?.(message);
    } else if (["display_data", "execute_result", "stream", "error"].includes(type)) {
      iopub.output?.(message);
    }
  }

  commOpened(message) {
    const { comm_id: commId, target_name: target } = message.content;
    const handler = this.targets.get(target);
    if (!handler) {
      this.send("shell", "comm_close", { comm_id: commId, data: {} });
      return undefined;
    }
    return handler(this.createComm(target, commId), message);
  }

  lose() {
    if (this.lost) return;
    this.lost = true;
    for (const waiting of this.replies.values()) waiting.reject(new Error("the kernel is gone"));
    this.replies.clear();
    this.onLost();
  }

  close() {
    this.lost = true;
    this.socket?.close();
  }
}

// The shape ipywidgets calls a comm (IClassicComm in @jupyter-widgets/base).
class Comm {
  constructor(kernel, target, commId) {
    this.kernel = kernel;
    this.target_name = target;
    this.comm_id = commId;
    this.onMessage = null;
    this.onClose = null;
  }

  open(data, callbacks, metadata, buffers = []) {
    return this.kernel.send(
      "shell",
      "comm_open",
      { comm_id: this.comm_id, target_name: this.target_name, data },
      { metadata, buffers, callbacks },
    );
  }

  send(data, callbacks, metadata, buffers = []) {
    return this.kernel.send(
      "shell",
      "comm_msg",
      { comm_id: this.comm_id, data },
      { metadata, buffers, callbacks },
    );
  }

  close(data = {}, callbacks, metadata, buffers = []) {
    this.kernel.comms.delete(this.comm_id);
    return this.kernel.send(
      "shell",
      "comm_close",
      { comm_id: this.comm_id, data },
      { metadata, buffers, callbacks },
    );
  }

  on_msg(callback) {
    this.onMessage = callback;
  }

  on_close(callback) {
    this.onClose = callback;
  }

  // Both return what the handler returns (ipywidgets: a promise of the change applied), so the
  // kernel's next message waits for it.
  received(message) {
    return this.onMessage?.(message);
  }

  closed(message) {
    this.kernel.comms.delete(this.comm_id);
    return this.onClose?.(message);
  }
}
