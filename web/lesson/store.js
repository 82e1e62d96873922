// store.js: what a learner typed, kept per lesson in local storage so it survives reloads and
// language switches. One entry per lesson, key "posenc.lesson.<id>":
//   { "format": 1, "inputs": { "<name>": raw } }  raw = the typed text (a matrix: rows of strings;
//   a boolean: true/false), exactly as typed, valid or not.
// A stored state that cannot be read, has another format, or no longer fits the lesson's inputs
// (names, shapes, kinds) is discarded whole, and the page says so. Storage that is unavailable
// (private mode, quota, Node) only means nothing is kept. `storage` (last argument): another
// object with getItem / setItem / removeItem (tests), else the page's localStorage.
// Leaves out: syncing between tabs.
import { inputKind } from './inputs.js';

const FORMAT = 1;
const keyOf = (id) => `posenc.lesson.${id}`;

export function defaultStorage() {
  try { return globalThis.localStorage ?? null; } catch { return null; }
}

// → { inputs: { name: raw } | null, discarded: boolean }
export function loadState(id, specs, s = defaultStorage()) {
  let text = null;
  try { text = s?.getItem(keyOf(id)) ?? null; } catch { return { inputs: null, discarded: false }; }
  if (text === null) return { inputs: null, discarded: false };
  try {
    const state = JSON.parse(text);
    if (!state || state.format !== FORMAT || typeof state.inputs !== 'object' || state.inputs === null) throw new Error('format');
    for (const [name, raw] of Object.entries(state.inputs)) {
      if (!Object.hasOwn(specs, name) || !inputKind(specs[name]).fits(raw, specs[name])) throw new Error(name);
    }
    return { inputs: state.inputs, discarded: false };
  } catch {
    clearState(id, s);
    return { inputs: null, discarded: true };
  }
}

export function saveState(id, inputs, s = defaultStorage()) {
  try { s?.setItem(keyOf(id), JSON.stringify({ format: FORMAT, inputs })); } catch { /* nothing kept */ }
}

export function clearState(id, s = defaultStorage()) {
  try { s?.removeItem(keyOf(id)); } catch { /* nothing kept */ }
}
