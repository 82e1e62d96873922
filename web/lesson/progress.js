// progress.js: which lessons a learner has visited and finished, kept in local storage under
// "posenc.progress": { "format": 1, "lessons": { "<id>": { "visited": true, "finished": true, "step": 3 } } }.
// A lesson is visited when it is opened and finished when its last step has been shown; `step` is
// the last step seen (the home page's "continue" link). Storage that is unavailable or holds
// something else only means nothing is remembered (an unreadable entry is replaced).
// Leaves out: syncing between tabs or devices; what was typed (store.js keeps that).

const KEY = 'posenc.progress';
const FORMAT = 1;

function storage() {
  try { return globalThis.localStorage ?? null; } catch { return null; }
}

export function loadProgress() {
  try {
    const state = JSON.parse(storage()?.getItem(KEY) ?? 'null');
    if (state && state.format === FORMAT && state.lessons && typeof state.lessons === 'object') return state;
  } catch { /* unreadable: start again */ }
  return { format: FORMAT, lessons: {} };
}

// Records that step `step` of `count` of lesson `id` was shown; returns the lesson's entry.
export function markStep(id, step, count) {
  const state = loadProgress();
  const entry = state.lessons[id] ?? {};
  entry.visited = true;
  entry.step = step;
  if (step >= count) entry.finished = true;
  state.lessons[id] = entry;
  try { storage()?.setItem(KEY, JSON.stringify(state)); } catch { /* nothing kept */ }
  return entry;
}

// 'finished' | 'visited' | 'new'
export function lessonStatus(state, id) {
  const e = state.lessons[id];
  return e?.finished ? 'finished' : e?.visited ? 'visited' : 'new';
}
