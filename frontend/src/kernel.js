// A kernel connection over Jupyter Server's websocket, with just what widgets need: comms,
// and the callbacks ipywidgets hangs on its messages (the kernel's `idle` status releases
// throttled updates). Jupyter's own client (@jupyterlab/services) does much more and costs
// the page most of its start-up time; this speaks the same protocol (messaging 5.3, the
// websocket's legacy binary framing for messages that carry buffers).

const PROTOCOL_VERSION = "5.3";
const KERNEL_GONE = ["dead", "restarting", "autorestarting"];

export function uuid() {
  return crypto.randomUUID().replace(/-/g, "");
}

// Binary frames: [count of parts][offset of each part] then the parts: the JSON message
// first, its buffers after (jupyter_server.base.zmqhandler.serialize_binary_message).
export function serializeBinary(message, buffers) {
  const json = new TextEncoder().encode(JSON.stringify(message));
  const parts = [json, ...buffers.map(asBytes)];
  const headerBytes = 4 * (parts.length + 1);
  const total = parts.reduce((size, part) => size + part.byteLength, headerBytes);
  const frame = new Uint8Array(total);
  const view = new DataView(frame.buffer);
  view.setUint32(0, parts.length);
  let offset = headerBytes;
  parts.forEach((part, index) => {
    view.setUint32(4 * (index + 1), offset);
    frame.set(part, offset);
    offset += part.byteLength;
  });
  return frame.buffer;
}

export function deserializeBinary(frame) {
  const view = new DataView(frame);
  const count = view.getUint32(0);
  const offsets = [];
  for (let index = 0; index < count; index++) offsets.push(view.getUint32(4 * (index + 1)));
  offsets.push(frame.byteLength);
  const parts = offsets.slice(0, -1).map((start, index) => frame.slice(start, offsets[index + 1]));
  const message = JSON.parse(new TextDecoder().decode(parts[0]));
  message.buffers = parts.slice(1).map((part) => new DataView(part));
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
    this.replies = new Map(); // msg_id -> resolve of a shell reply awaited here
    this.comms = new Map(); // comm_id -> Comm
    this.targets = new Map(); // target name -> handler(comm, message)
    this.onLost = () => {};
    this.lost = false;
  }

  open() {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(`${this.url}?session_id=${this.session}`);
      socket.binaryType = "arraybuffer";
      socket.onopen = () => resolve(this);
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
      channel,
    };
    if (callbacks) this.callbacks.set(msgId, callbacks);
    if (buffers.length) {
      this.socket.send(serializeBinary(message, buffers));
    } else {
      this.socket.send(JSON.stringify({ ...message, buffers: [] }));
    }
    return msgId;
  }

  request(msgType, content) {
    return new Promise((resolve) => {
      const msgId = this.send("shell", msgType, content);
      this.replies.set(msgId, resolve);
    });
  }

  registerCommTarget(target, handler) {
    this.targets.set(target, handler);
  }

  createComm(target, commId = uuid()) {
    const comm = new Comm(this, target, commId);
    this.comms.set(commId, comm);
    return comm;
  }

  receive(data) {
    const message = typeof data === "string" ? JSON.parse(data) : deserializeBinary(data);
    message.buffers = message.buffers || [];
    const parentId = message.parent_header && message.parent_header.msg_id;
    const type = message.header.msg_type;
    if (message.channel === "shell") {
      const resolve = this.replies.get(parentId);
      if (resolve) {
        this.replies.delete(parentId);
        resolve(message);
      }
      const reply = this.callbacks.get(parentId)?.shell?.reply;
      if (reply) reply(message);
      return;
    }
    if (message.channel !== "iopub") return;
    // Jupyter Server says so when the kernel died or was restarted: the app's widgets are gone.
    if (type === "status" && KERNEL_GONE.includes(message.content.execution_state)) this.lose();
    if (type === "comm_open") this.commOpened(message);
    else if (type === "comm_msg") this.comms.get(message.content.comm_id)?.received(message);
    else if (type === "comm_close") this.comms.get(message.content.comm_id)?.closed(message);
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
      return;
    }
    handler(this.createComm(target, commId), message);
  }

  lose() {
    if (this.lost) return;
    this.lost = true;
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

  received(message) {
    this.onMessage?.(message);
  }

  closed(message) {
    this.kernel.comms.delete(this.comm_id);
    this.onClose?.(message);
  }
}
