// Words typed and not yet confirmed saved are kept in this browser until the workbook has them.
//
// A text field the kernel marks with `_reflect_keep` (reflect.ui._components.AutosavedText)
// names where its unsaved words go: a key made by the server from the user's workbook, the
// tool and the entry, never from anything on the page, so one person's words are never shown
// to another. Every keystroke writes the field's words there; the kernel's `_reflect_saved`
// (what the workbook last confirmed) clears them once they match. When the page comes back
// after a dead kernel, a lost connection or a closed tab, the kept words go back into their
// field, which saves them, and the page says so.

const PREFIX = "reflect-unsaved:";
const KEEP_DAYS = 30; // words nobody came back for are not kept for ever on a shared computer

function read(key) {
  try {
    const entry = JSON.parse(localStorage.getItem(key) || "null");
    return entry && typeof entry.value === "string" ? entry : null;
  } catch {
    return null; // storage off or spoiled: the workbook still has what was saved
  }
}

function write(key, entry) {
  try {
    localStorage.setItem(key, JSON.stringify(entry));
  } catch (error) {
    console.warn("could not keep unsaved words in this browser", error);
  }
}

function forget(key) {
  try {
    localStorage.removeItem(key);
  } catch {
    // nothing kept, nothing to forget
  }
}

export function dropStale(now = Date.now()) {
  try {
    for (let index = localStorage.length - 1; index >= 0; index--) {
      const key = localStorage.key(index);
      if (!key?.startsWith(PREFIX)) continue;
      const entry = read(key);
      if (!entry || now - (entry.at || 0) > KEEP_DAYS * 86_400_000) forget(key);
    }
  } catch {
    // storage off: nothing to tidy
  }
}

export function countWords(text) {
  return (text.match(/\S+/g) || []).length;
}

export class Keeper {
  // onRestored(fields) hears the fields whose words were put back: [{words, changedElsewhere}]
  constructor(onRestored) {
    this.onRestored = onRestored;
    this.restoring = true; // off until the page is shown: nothing is put back into a hidden app
    this.waiting = [];
  }

  watch(model) {
    if (!("_reflect_keep" in model.attributes)) return;
    model.on("change:value", (_model, value, options) => {
      if (options?.updated_view) this.remember(model, value); // typed here, not sent by the kernel
    });
    model.on("change:_reflect_saved", () => this.confirmed(model));
    model.on("change:_reflect_keep", () => this.putBack([model]));
    if (this.restoring) this.waiting.push(model);
    else this.putBack([model]);
  }

  // The page is shown: put back what was kept for the fields it has.
  start() {
    this.restoring = false;
    dropStale();
    this.putBack(this.waiting.splice(0));
  }

  remember(model, value) {
    const key = model.get("_reflect_keep");
    if (!key) return;
    const saved = model.get("_reflect_saved");
    if (value === saved) {
      forget(key);
      return;
    }
    write(key, { value, base: saved, at: Date.now() });
  }

  confirmed(model) {
    const key = model.get("_reflect_keep");
    const entry = key && read(key);
    if (!entry) return;
    const saved = model.get("_reflect_saved");
    if (entry.value === saved) forget(key);
    else write(key, { ...entry, base: saved }); // typing went on: still kept, on the new base
  }

  putBack(models) {
    const restored = [];
    for (const model of models) {
      const key = model.get("_reflect_keep");
      const entry = key && read(key);
      if (!entry) continue;
      const saved = model.get("_reflect_saved");
      if (entry.value === saved) {
        forget(key); // the workbook had it after all
        continue;
      }
      if (entry.value === model.get("value")) continue; // on screen already, being saved
      model.set("value", entry.value);
      model.save_changes(); // the kernel saves it; its confirmation clears the kept copy
      restored.push({
        words: countWords(entry.value),
        // Saved elsewhere since these words were typed: say so (the history keeps both). A save
        // of this page's own whose confirmation was lost with the kernel is the start of what
        // was typed, not another version.
        changedElsewhere:
          entry.base !== undefined && entry.base !== saved && !entry.value.startsWith(saved),
      });
    }
    if (restored.length) this.onRestored(restored);
  }
}
