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
// Leaves out: the computations themselves, which all live in the C++ core (cpp/).
import createPosencCore from '../wasm/posenc_core.mjs';
import { createAttentionAsync } from './attention-async.js';

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

function isMatrixLike(m) {
  return m !== null && typeof m === 'object';
}

// [[row], [row], ...] → { rows, cols, data }; rows may be arrays or typed arrays.
function matrix(arrayOfRows) {
  if (!Array.isArray(arrayOfRows) || arrayOfRows.length === 0)
    throw new Error('matrix() needs a non-empty array of rows, e.g. [[0.2, 0.7], [0.4, 0.1]]');
  const cols = arrayOfRows[0]?.length;
  if (!Number.isInteger(cols) || cols === 0) throw new Error('row 0 must be a non-empty array of numbers');
  const data = new Float32Array(arrayOfRows.length * cols);
  arrayOfRows.forEach((row, i) => {
    if (row?.length !== cols)
      throw new Error(`row ${i} has ${row?.length ?? 'no'} values but row 0 has ${cols}; every row needs the same length`);
    for (let j = 0; j < cols; j++) {
      const x = row[j];
      if (typeof x !== 'number' || !Number.isFinite(x))
        throw new Error(`value [${i}][${j}] is ${String(x)}; every value must be a finite number`);
      data[i * cols + j] = x;
    }
  });
  return { rows: arrayOfRows.length, cols, data };
}

// A matrix → array of plain arrays (for display, JSON and tests).
function toRows(m) {
  if (!isMatrixLike(m)) throw new Error('toRows() needs a matrix { rows, cols, data }');
  const out = [];
  for (let i = 0; i < m.rows; i++) out.push(Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols)));
  return out;
}

function buildApi(core) {
  const call = (fn, ...args) => unwrap(core[fn](...args));
  const api = {
    matrix,
    toRows,
    embeddingLookup: (table, ids) => call('embeddingLookup', table, ids),
    addEmbeddings: (a, b) => call('addEmbeddings', a, b),
    sinusoidal: (length, dim, opts = {}) => call('sinusoidal', length, dim, opts),
    sinusoidalAt: (positions, dim, opts = {}) => call('sinusoidalAt', positions, dim, opts),
    // Learned absolute positions (BERT, GPT-2): rows of a trained table; past its end the core refuses.
    learnedPositions: (table, positions) => call('learnedPositions', table, positions),
    // A matrix applied to every row: row r of the result is M·x[r] (the result is x·Mᵀ).
    applyLinear: (M, x) => call('applyLinear', M, x),
    attention: (q, k, v, opts = {}) => call('attention', q, k, v, opts),
    // The core's checks of attention only: throws its message, or returns undefined.
    checkAttention: (q, k, v, opts = {}) => { call('checkAttention', q, k, v, opts); },
    // Issue 3: encodings and analysis (cpp/rope, alibi, t5, relative, analysis_*, random).
    rope: (x, opts = {}) => call('rope', x, opts),
    alibiSlopes: (heads) => call('alibiSlopes', heads),
    alibiBias: (queryLength, keyLength, headsOrSlopes) => call('alibiBias', queryLength, keyLength, headsOrSlopes),
    t5Bucket: (relativePosition, opts = {}) => call('t5Bucket', relativePosition, opts),
    t5Buckets: (queryLength, keyLength, opts = {}) => call('t5Buckets', queryLength, keyLength, opts),
    t5Bias: (queryLength, keyLength, table, opts = {}) => call('t5Bias', queryLength, keyLength, table, opts),
    relativeDistances: (queryLength, keyLength, opts = {}) => call('relativeDistances', queryLength, keyLength, opts),
    shawBias: (q, keyLength, relativeKeys, opts = {}) => call('shawBias', q, keyLength, relativeKeys, opts),
    relativeSinusoidal: (length, dim, opts = {}) => call('relativeSinusoidal', length, dim, opts),
    shiftMatrix: (dim, offset, opts = {}) => call('shiftMatrix', dim, offset, opts),
    wavelengths: (dim, opts = {}) => call('wavelengths', dim, opts),
    positionSimilarity: (length, dim, opts = {}) => call('positionSimilarity', length, dim, opts),
    dotTerms: (E, P) => call('dotTerms', E, P),
    readPositions: (x, opts = {}) => call('readPositions', x, opts),
    readbackRate: (length, dim, opts = {}) => call('readbackRate', length, dim, opts),
    readbackSweep: (length, dims, scales, opts = {}) => call('readbackSweep', length, dims, scales, opts),
    permuteRows: (x, permutation) => call('permuteRows', x, permutation),
    permutationExperiment: (x, permutation, opts = {}) => call('permutationExperiment', x, permutation, opts),
    randomMatrix: (rows, cols, opts = {}) => call('randomMatrix', rows, cols, opts),
    randomPermutation: (n, opts = {}) => call('randomPermutation', n, opts),
    // Bytes of the WASM heap (for memory-stability checks).
    heapBytes: () => core.HEAPU8.length,
    // What is held right now: WASM memory, bytes malloc'd by the core, live Embind handles.
    memoryStats: () => ({
      heapBytes: core.HEAPU8.length,
      mallocBytes: core.mallocBytes(),
      embindHandles: core.count_emval_handles(),
    }),
  };
  // attentionAsync (WebGPU where available, else this WASM core) and backendInfo.
  Object.assign(api, createAttentionAsync(api));
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
