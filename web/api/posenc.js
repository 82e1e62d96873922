// posenc.js: the public JS API of posenc, one ES module for the browser and for Node 20.
//
//   import { loadPosenc } from './posenc.js';
//   const pe = await loadPosenc();
//   const X = pe.addEmbeddings(pe.matrix([[0.2, 0.7, 0.5, 0.1]]), pe.matrix([[0.1, 0, 0.1, 0.2]]));
//
// A matrix is { rows, cols, data } with `data` a row-major Float32Array; a per-head tensor is
// { heads, rows, cols, data }. Every function accepts any object of that shape, never keeps or
// modifies its arguments, and returns fresh objects. A refused call throws an Error carrying the
// core's message (naming the value and the rule), its code ("not-even", "out-of-range", …) and
// named values (error.code, error.values), and the module stays usable.
// The core's functions are not forwarded by hand: the binding table describes itself
// (core.describe(): [{ name, args, options, of }], cpp/wasm/bindings.cpp) and each free one is wrapped from
// that row: its arguments are copied into plain values first (arguments.js: lengths checked, no
// getter or Proxy reaches the core), a call with too many arguments is refused, and the core's
// answer (a result or an Error object) is returned or thrown.
// Leaves out: the computations themselves, which all live in the C++ core (cpp/).
import createPosencCore from '../wasm/posenc_core.mjs';
import { createAttentionAsync } from './attention-async.js';
import { createModelApi } from './model.js';
import { copyArguments, describeValue, kMaxValues, readError } from './arguments.js';

const isNode = typeof process === 'object' && typeof process.versions?.node === 'string';

// The core answers with either a result or an Error object (see cpp/wasm/convert.hpp). The error
// thrown keeps the core's code and named values (error.code, error.values) for pages that word it
// in another language; errors without them get code 'invalid' and no values.
function unwrap(result) {
  if (result instanceof Error) {
    const error = new Error(result.message);
    error.code = typeof result.code === 'string' ? result.code : 'invalid';
    error.values = { ...(result.values ?? {}) };
    throw error;
  }
  return result;
}

// [[row], [row], ...] → { rows, cols, data }; rows may be arrays or typed arrays. Every value
// must be a number that stays finite in float32 (1e39 does not).
function matrix(arrayOfRows) {
  return refusing('matrix()\'s argument', () => buildMatrix(arrayOfRows));
}

// A refusal of matrix() or toRows(), as opposed to an exception from a getter or a Proxy trap.
class Refusal extends Error {}

function refusing(what, build) {
  try {
    return build();
  } catch (e) {
    throw e instanceof Refusal ? new Error(e.message) : readError(what, e);
  }
}

function buildMatrix(arrayOfRows) {
  if (!Array.isArray(arrayOfRows) || arrayOfRows.length === 0)
    throw new Refusal(`matrix()'s argument ${describeValue(arrayOfRows)}; it needs a non-empty array of rows, e.g. [[0.2, 0.7], [0.4, 0.1]]`);
  const n = arrayOfRows.length;
  const first = arrayOfRows[0];
  const cols = first?.length;
  if (typeof first !== 'object' || first === null || !Number.isInteger(cols) || cols === 0)
    throw new Refusal(`row 0 ${describeValue(first)}; it must be a non-empty array of numbers`);
  if (n * cols > kMaxValues)
    throw new Refusal(`${n} rows of ${cols} values are ${n * cols} values, over the limit of ${kMaxValues}`);
  const data = new Float32Array(n * cols);
  for (let i = 0; i < n; i++) {
    const row = arrayOfRows[i];
    const length = row?.length;
    if (length !== cols)
      throw new Refusal(`row ${i} has ${typeof length === 'number' ? length : 'no'} values but row 0 has ${cols}; every row needs the same length`);
    for (let j = 0; j < cols; j++) {
      const x = row[j];
      if (typeof x !== 'number' || !Number.isFinite(x))
        throw new Refusal(`value [${i}][${j}] ${typeof x === 'number' ? `is ${x}` : describeValue(x)}; every value must be a finite number`);
      const f = Math.fround(x);
      if (!Number.isFinite(f))
        throw new Refusal(`value [${i}][${j}] is ${x}, past float32's largest value (about 3.4e38); every value must stay finite in float32`);
      data[i * cols + j] = f;
    }
  }
  return { rows: n, cols, data };
}

// A matrix → array of plain arrays (for display, JSON and tests). Checks the shape and the data's
// length before building anything.
function toRows(m) {
  return refusing('toRows()\'s argument', () => rowsOf(m));
}

function rowsOf(m) {
  const { rows, cols, data } = m ?? {};
  if (m === null || typeof m !== 'object')
    throw new Refusal(`toRows()'s argument ${describeValue(m)}; it needs a matrix { rows, cols, data }`);
  for (const [name, n] of [['rows', rows], ['cols', cols]])
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 1)
      throw new Refusal(`toRows(): ${name} ${typeof n === 'number' ? n : describeValue(n)}; it must be a whole number of at least 1`);
  if (rows * cols > kMaxValues)
    throw new Refusal(`toRows(): ${rows}×${cols} is ${rows * cols} values, over the limit of ${kMaxValues}`);
  const length = data !== null && typeof data === 'object' ? data.length : undefined;
  if (typeof length === 'number' && length !== rows * cols)
    throw new Refusal(`toRows(): data has ${length} values but ${rows}×${cols} needs ${rows * cols}`);
  if (!ArrayBuffer.isView(data) && !Array.isArray(data))
    throw new Refusal(`toRows(): data ${describeValue(data)}; it must be an array or typed array`);
  const values = ArrayBuffer.isView(data) ? data : Array.from(data);
  values.forEach((x, k) => {
    if (typeof x !== 'number' || !Number.isFinite(Math.fround(x)))
      throw new Refusal(`toRows(): data[${k}] ${describeValue(x)}; every value must be a number finite in float32`);
  });
  const out = [];
  for (let i = 0; i < rows; i++) out.push(Array.from(values.slice(i * cols, (i + 1) * cols)));
  return out;
}

// The wrapper of one described core function: arguments copied and counted, then called.
function wrap(core, { name, args }) {
  const fn = (...given) => unwrap(core[name](...copyArguments(name, args, given)));
  Object.defineProperty(fn, 'name', { value: name });
  return fn;
}

function buildApi(core) {
  const described = core.describe();
  const api = { matrix, toRows };
  for (const row of described) if (!row.of) api[row.name] = wrap(core, row);
  Object.assign(api, {
    // The binding table's rows: [{ name, args, options, of }] (options: the known keys, or null;
    // of: 'Model' for the model's methods, null for free functions).
    describe: () => described.map((r) => ({ name: r.name, args: [...r.args], options: r.options && [...r.options], of: r.of })),
    // Bytes of the WASM heap (for memory-stability checks).
    heapBytes: () => core.HEAPU8.length,
    // What is held right now: WASM memory, bytes malloc'd by the core, live Embind handles.
    memoryStats: () => ({
      heapBytes: core.HEAPU8.length,
      mallocBytes: core.mallocBytes(),
      embindHandles: core.count_emval_handles(),
    }),
  });
  // attentionAsync (WebGPU where available, else this WASM core) and backendInfo.
  Object.assign(api, createAttentionAsync(api));
  // createModel: the training engine's model (model.js; its methods are the rows of: 'Model').
  Object.assign(api, createModelApi(core, described, unwrap));
  return Object.freeze(api);
}

let loading = null;

// Loads the WASM core once per page or process and returns the API object.
export function loadPosenc() {
  loading ??= (async () => {
    const moduleArgs = {};
    if (isNode) {
      const { readFile } = await import('node:fs/promises');
      moduleArgs.wasmBinary = await readFile(new URL('../wasm/posenc_core.wasm', import.meta.url));
    }
    return buildApi(await createPosencCore(moduleArgs));
  })();
  loading.catch(() => { loading = null; });
  return loading;
}

export { matrix, toRows };
