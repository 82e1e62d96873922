// helpers.js: the named pure helpers a lesson's computations may call besides the posenc API
// ({ "helper": "row", "args": ["@X", 1] }). They select, reshape and label values the core
// computed; every number (differences, PyTorch's exp–log sinusoid, the pair columns of a layout
// and their regrouping) comes from the core through the posenc API ({ "call": "difference" }).
// Shapes: a matrix is { rows, cols, data: Float32Array } (row-major), a per-head tensor
// { heads, rows, cols, data }. Every helper returns fresh objects and never modifies its inputs.
// Leaves out: anything a lesson could get from the core instead.

import { isMatrix } from './values.js';

function need(cond, message) { if (!cond) throw new Error(message); }
function needMatrix(m, what) { need(isMatrix(m), `${what} must be a matrix { rows, cols, data }`); }
function needIndex(i, n, what) { need(Number.isInteger(i) && i >= 0 && i < n, `${what} ${i} is outside 0 … ${n - 1}`); }

export function row(m, i) {
  needMatrix(m, 'row()\'s first argument');
  needIndex(i, m.rows, 'row');
  return { rows: 1, cols: m.cols, data: m.data.slice(i * m.cols, (i + 1) * m.cols) };
}

export function rows(m, from, to = m.rows) {
  needMatrix(m, 'rows()\'s first argument');
  need(Number.isInteger(from) && Number.isInteger(to) && from >= 0 && to <= m.rows && from < to,
    `rows ${from} … ${to - 1} are not inside 0 … ${m.rows - 1}`);
  return { rows: to - from, cols: m.cols, data: m.data.slice(from * m.cols, to * m.cols) };
}

export function columns(m, list) {
  needMatrix(m, 'columns()\'s first argument');
  need(Array.isArray(list) && list.length > 0, 'columns() needs a non-empty list of column indices');
  list.forEach((j) => needIndex(j, m.cols, 'column'));
  const data = new Float32Array(m.rows * list.length);
  for (let i = 0; i < m.rows; i++) list.forEach((j, k) => { data[i * list.length + k] = m.data[i * m.cols + j]; });
  return { rows: m.rows, cols: list.length, data };
}

export function stack(...ms) {
  need(ms.length > 0, 'stack() needs at least one matrix');
  ms.forEach((m, k) => needMatrix(m, `stack()'s argument ${k}`));
  const cols = ms[0].cols;
  ms.forEach((m, k) => need(m.cols === cols, `stack(): matrix ${k} has ${m.cols} columns but the first has ${cols}`));
  const total = ms.reduce((n, m) => n + m.rows, 0);
  const data = new Float32Array(total * cols);
  let at = 0;
  for (const m of ms) { data.set(m.data.subarray(0, m.rows * cols), at); at += m.rows * cols; }
  return { rows: total, cols, data };
}

export function transpose(m) {
  needMatrix(m, 'transpose()\'s argument');
  const data = new Float32Array(m.rows * m.cols);
  for (let i = 0; i < m.rows; i++) for (let j = 0; j < m.cols; j++) data[j * m.rows + i] = m.data[i * m.cols + j];
  return { rows: m.cols, cols: m.rows, data };
}

// Head h of a per-head tensor; heads counted from `first` (0, or 1 as the page's panels and labels
// number them: head(t, 1, 1) is the first head).
export function head(t, h, first = 0) {
  need(t && Number.isInteger(t.heads), 'head() needs a per-head tensor { heads, rows, cols, data }');
  need(first === 0 || first === 1, `head()'s first head is numbered 0 or 1, not ${first}`);
  need(Number.isInteger(h) && h >= first && h < t.heads + first, `head ${h} is outside ${first} … ${t.heads - 1 + first}`);
  const i = h - first;
  const n = t.rows * t.cols;
  return { rows: t.rows, cols: t.cols, data: t.data.slice(i * n, (i + 1) * n) };
}

export function field(obj, name) {
  need(obj && typeof obj === 'object' && name in obj, `the result has no field "${name}"`);
  return obj[name];
}

export function range(n, start = 0) {
  need(Number.isInteger(n) && n >= 0 && n <= 1e6, `range length ${n} must be a whole number from 0 to 1000000`);
  return Array.from({ length: n }, (_, i) => start + i);
}

export function matrixOf(values, cols) {
  const arr = Array.from(values ?? []);
  need(arr.length > 0, 'matrixOf() needs a non-empty array');
  const c = cols ?? arr.length;
  need(Number.isInteger(c) && c > 0 && arr.length % c === 0, `${arr.length} values do not fill rows of ${c}`);
  return { rows: arr.length / c, cols: c, data: Float32Array.from(arr) };
}

export function words(text) {
  return String(text ?? '').trim().split(/\s+/).filter(Boolean);
}

export function labels(prefix, n, start = 0) {
  return range(n, start).map((i) => `${prefix}${i}`);
}

// Indices of rows that equal another row once rounded to `digits` decimals.
export function equalRows(m, digits = 6) {
  needMatrix(m, 'equalRows()\'s first argument');
  const keys = [];
  for (let i = 0; i < m.rows; i++) {
    keys.push(Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols), (x) => (Object.is(Number(x.toFixed(digits)), -0) ? 0 : Number(x.toFixed(digits)))).join(','));
  }
  const out = [];
  keys.forEach((k, i) => { if (keys.some((other, j) => j !== i && other === k)) out.push(i); });
  return out;
}

// The distinct words, sorted by code unit (not by locale, so every browser agrees): a vocabulary
// whose order does not depend on the order of the sentence.
export function vocabulary(wordList) {
  need(Array.isArray(wordList), 'vocabulary() needs a list of words');
  return [...new Set(wordList.map(String))].sort();
}

// Each word's index in vocabulary(wordList): the same word always gets the same id, and shuffling
// the sentence keeps every word's id (the ids are looked up, not counted in order of appearance).
export function tokenIds(wordList) {
  const vocab = vocabulary(wordList);
  return wordList.map((w) => vocab.indexOf(String(w)));
}

// An L×D matrix seen as H heads of Dh = D/H columns: the per-head tensor { heads, rows: L, cols: Dh }
// with head h holding columns h·Dh … (h+1)·Dh − 1 (the split attention makes). A reshape only.
export function splitHeads(m, heads) {
  needMatrix(m, 'splitHeads()\'s first argument');
  need(Number.isInteger(heads) && heads > 0 && m.cols % heads === 0, `width ${m.cols} is not divisible by ${heads} heads`);
  const dh = m.cols / heads;
  const data = new Float32Array(m.rows * m.cols);
  for (let h = 0; h < heads; h++) for (let i = 0; i < m.rows; i++) {
    data.set(m.data.subarray(i * m.cols + h * dh, i * m.cols + (h + 1) * dh), (h * m.rows + i) * dh);
  }
  return { heads, rows: m.rows, cols: dh, data };
}

// Row i of m, n times (the same vector at n positions).
export function repeatRow(m, i, n) {
  needMatrix(m, 'repeatRow()\'s first argument');
  needIndex(i, m.rows, 'row');
  need(Number.isInteger(n) && n > 0 && n <= 1e6, `count ${n} must be a whole number from 1 to 1000000`);
  const data = new Float32Array(n * m.cols);
  for (let r = 0; r < n; r++) data.set(m.data.subarray(i * m.cols, (i + 1) * m.cols), r * m.cols);
  return { rows: n, cols: m.cols, data };
}

// Row i of every head of a per-head tensor, as an H×cols matrix (e.g. one query's bias per head).
export function headsAsRows(t, i) {
  need(t && Number.isInteger(t.heads), 'headsAsRows() needs a per-head tensor { heads, rows, cols, data }');
  needIndex(i, t.rows, 'row');
  const data = new Float32Array(t.heads * t.cols);
  for (let h = 0; h < t.heads; h++) data.set(t.data.subarray((h * t.rows + i) * t.cols, (h * t.rows + i + 1) * t.cols), h * t.cols);
  return { rows: t.heads, cols: t.cols, data };
}

// One element of an array or typed array (wavelengths, slopes); a negative index counts from the
// end (−1 is the last), so a text can name the last wavelength whatever D is.
export function at(values, i) {
  need(values && typeof values.length === 'number', 'at() needs an array');
  need(Number.isInteger(i) && i < values.length && i >= -values.length, `index ${i} is outside an array of ${values.length}`);
  return values[i < 0 ? values.length + i : i];
}

// Comparisons that a conditional sentence of the prose reads as a fact (lesson/prose.js,
// { "if": "@fact", … }). They compare values the core computed and return booleans; they compute
// nothing new. `digits` rounds both sides as the page shows them (default 6 decimals).
function needNumber(x, what) { need(typeof x === 'number' && !Number.isNaN(x), `${what} must be a number, not ${String(x)}`); }
const rounded = (x, digits) => { const r = Number(x.toFixed(digits)); return Object.is(r, -0) ? 0 : r; };
function numbersOf(v, what) {
  if (typeof v === 'number') return [v];
  if (isMatrix(v)) return Array.from(v.data);
  need(Array.isArray(v) || ArrayBuffer.isView(v), `${what} must be a number, an array or a matrix`);
  return Array.from(v);
}

// a > b (numbers).
export function greater(a, b) {
  needNumber(a, 'greater()\'s first argument');
  needNumber(b, 'greater()\'s second argument');
  return a > b;
}

// a < b (numbers).
export function less(a, b) {
  needNumber(a, 'less()\'s first argument');
  needNumber(b, 'less()\'s second argument');
  return a < b;
}

// Two numbers, arrays or matrices with the same shape and equal cells once rounded to `digits`.
export function equal(a, b, digits = 6) {
  const x = numbersOf(a, 'equal()\'s first argument');
  const y = numbersOf(b, 'equal()\'s second argument');
  if (isMatrix(a) !== isMatrix(b) || x.length !== y.length) return false;
  if (isMatrix(a) && (a.rows !== b.rows || a.cols !== b.cols)) return false;
  return x.every((v, k) => rounded(v, digits) === rounded(y[k], digits));
}

// Rows i and j of a matrix are equal once rounded to `digits` (a collision of two particular words).
export function rowsEqual(m, i, j, digits = 6) {
  needMatrix(m, 'rowsEqual()\'s first argument');
  needIndex(i, m.rows, 'row');
  needIndex(j, m.rows, 'row');
  return equal(row(m, i), row(m, j), digits);
}

// The opposite of a fact (a boolean, a number ≠ 0, a non-empty list), as a boolean.
export function not(x) {
  if (typeof x === 'boolean') return !x;
  if (typeof x === 'number') return x === 0;
  need(Array.isArray(x) || ArrayBuffer.isView(x), `not() needs a boolean, a number or a list, not ${typeof x}`);
  return x.length === 0;
}

// The index of the largest number of a list (first on ties): which scheme or head won.
export function argmax(values) {
  const x = numbersOf(values, 'argmax()\'s argument');
  need(x.length > 0, 'argmax() needs at least one number');
  let best = 0;
  x.forEach((v, k) => { if (v > x[best]) best = k; });
  return best;
}

// The index of the smallest number of a list (first on ties): which scheme changed least.
export function argmin(values) {
  const x = numbersOf(values, 'argmin()\'s argument');
  need(x.length > 0, 'argmin() needs at least one number');
  x.forEach((v) => needNumber(v, 'argmin()\'s every value'));
  let best = 0;
  x.forEach((v, k) => { if (v < x[best]) best = k; });
  return best;
}

// Indices in increasing order of their keys (ties in index order), by comparison alone.
const byKey = (k) => (a, b) => (k[a] < k[b] ? -1 : k[a] > k[b] ? 1 : a < b ? -1 : 1);

// Every number of `values` lies between the smallest and the largest number of `reference`
// (ends included): the positions RoPE turns after scaling fall among the positions seen in
// training. Comparisons only; the values themselves come from the core.
export function within(values, reference) {
  const x = numbersOf(values, 'within()\'s first argument');
  const r = numbersOf(reference, 'within()\'s second argument');
  need(x.length > 0 && r.length > 0, 'within() needs two non-empty lists');
  [...x, ...r].forEach((v) => needNumber(v, 'within()\'s every value'));
  const lo = r.reduce((a, b) => (b < a ? b : a));
  const hi = r.reduce((a, b) => (b > a ? b : a));
  return x.every((v) => v >= lo && v <= hi);
}

// Each row of a matrix never rises from one column to the next once the columns are taken in
// increasing order of `keys` (one key per column): a share that "falls as σ grows" in every row.
// Ties count as not rising. Comparisons only.
export function fallsAlongRows(m, keys) {
  needMatrix(m, 'fallsAlongRows()\'s first argument');
  const k = numbersOf(keys, 'fallsAlongRows()\'s keys');
  need(k.length === m.cols, `fallsAlongRows() needs one key per column: ${k.length} keys for ${m.cols} columns`);
  const order = k.map((v, j) => j).sort(byKey(k));
  for (let i = 0; i < m.rows; i++) {
    for (let t = 1; t < order.length; t++) if (m.data[i * m.cols + order[t]] > m.data[i * m.cols + order[t - 1]]) return false;
  }
  return true;
}

// Each column of a matrix never falls from one row to the next once the rows are taken in
// increasing order of `keys` (one key per row): a share that "rises with the width" at every
// scale. Ties count as not falling. Comparisons only.
export function risesAlongColumns(m, keys) {
  needMatrix(m, 'risesAlongColumns()\'s first argument');
  const k = numbersOf(keys, 'risesAlongColumns()\'s keys');
  need(k.length === m.rows, `risesAlongColumns() needs one key per row: ${k.length} keys for ${m.rows} rows`);
  const order = k.map((v, i) => i).sort(byKey(k));
  for (let j = 0; j < m.cols; j++) {
    for (let t = 1; t < order.length; t++) if (m.data[order[t] * m.cols + j] < m.data[order[t - 1] * m.cols + j]) return false;
  }
  return true;
}
