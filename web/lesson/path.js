// path.js: references into the lesson's values, shared by computations and prose.
//
//   parseRef('A.weights[0][1]') → { name: 'A', steps: [{ field: 'weights' }, { index: 0 }, { index: 1 }] }
//   follow(value, steps): a matrix indexed once gives a row (array), twice a number; a per-head
//   tensor indexed once gives that head's matrix; `.rows`, `.cols`, `.heads`, `.length` are sizes.
// Leaves out: ranges and negative indices (helpers do selection).
import { isMatrix, isTensor } from './values.js';

export function parseRef(text) {
  const m = /^([A-Za-z_][\w-]*)((?:\.[A-Za-z_]\w*|\[\d+\])*)$/.exec(text);
  if (!m) throw new Error(`"${text}" is not a reference like X, X[2], X[2][0] or A.weights`);
  const steps = [];
  for (const part of m[2].matchAll(/\.([A-Za-z_]\w*)|\[(\d+)\]/g)) {
    steps.push(part[1] !== undefined ? { field: part[1] } : { index: Number(part[2]) });
  }
  return { name: m[1], steps };
}


export function follow(value, steps) {
  let v = value;
  for (const s of steps) {
    if (v instanceof Error || v === undefined) return v;
    if (s.field !== undefined) {
      v = v?.[s.field];
    } else if (isTensor(v)) {
      if (s.index >= v.heads) return undefined;
      const n = v.rows * v.cols;
      v = { rows: v.rows, cols: v.cols, data: v.data.subarray(s.index * n, (s.index + 1) * n) };
    } else if (isMatrix(v)) {
      if (s.index >= v.rows) return undefined;
      v = Array.from(v.data.subarray(s.index * v.cols, (s.index + 1) * v.cols));
    } else if (Array.isArray(v) || ArrayBuffer.isView(v)) {
      v = v[s.index];
    } else {
      return undefined;
    }
  }
  return v;
}
