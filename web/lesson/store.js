// store.js: what a learner typed, kept per lesson in local storage so it survives reloads and
// language switches. One entry per lesson, key "posenc.lesson.<id>":
//   { "format": 1, "inputs": { "<name>": raw } }  raw = the typed text (a matrix: rows of strings;
//   a boolean: true/false), exactly as typed, valid or not.
// A stored state that cannot be read, has another format, or no longer fits the lesson's inputs
// (names, shapes, kinds) is discarded whole, and the page says so. Storage that is unavailable
// (private mode, quota) only means nothing is kept.
// Leaves out: syncing between tabs.

const FORMAT = 1;
const keyOf = (id) => `posenc.lesson.${id}`;

function storage() {
  try { return globalThis.localStorage ?? null; } catch { return null; }
}

function fits(raw, spec) {
  switch (spec.kind) {
    case 'matrix':
      return Array.isArray(raw) && raw.length === spec.value.length &&
        raw.every((r, i) => Array.isArray(r) && r.length === spec.value[i].length && r.every((c) => typeof c === 'string'));
    case 'vector':
      return Array.isArray(raw) && raw.length === spec.value.length && raw.every((c) => typeof c === 'string');
    case 'boolean':
      return typeof raw === 'boolean';
    case 'choice':
      return typeof raw === 'string' && spec.options.includes(raw);
    default:
      return typeof raw === 'string';
  }
}

// → { inputs: { name: raw } | null, discarded: boolean }
export function loadState(id, specs) {
  const s = storage();
  let text = null;
  try { text = s?.getItem(keyOf(id)) ?? null; } catch { return { inputs: null, discarded: false }; }
  if (text === null) return { inputs: null, discarded: false };
  try {
    const state = JSON.parse(text);
    if (!state || state.format !== FORMAT || typeof state.inputs !== 'object' || state.inputs === null) throw new Error('format');
    for (const [name, raw] of Object.entries(state.inputs)) {
      if (!Object.hasOwn(specs, name) || !fits(raw, specs[name])) throw new Error(name);
    }
    return { inputs: state.inputs, discarded: false };
  } catch {
    clearState(id);
    return { inputs: null, discarded: true };
  }
}

export function saveState(id, inputs) {
  try { storage()?.setItem(keyOf(id), JSON.stringify({ format: FORMAT, inputs })); } catch { /* nothing kept */ }
}

export function clearState(id) {
  try { storage()?.removeItem(keyOf(id)); } catch { /* nothing kept */ }
}
