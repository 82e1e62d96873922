// memory.test.mjs: every JS API function, called 10,000 times through the real WASM build, leaves
// the core's memory exactly where it was after the first calls: the same WASM heap size, the same
// bytes malloc'd by the C++ side and the same number of live Embind handles. Refused calls (errors)
// are looped too: an exception path must free what it allocated.
import test from 'node:test';
import assert from 'node:assert/strict';
import { loadPosenc } from '../../web/posenc.js';

const pe = await loadPosenc();
const CALLS = 10_000;
const WARM_UP = 100;

const m = (rows, cols, f = (i) => Math.sin(i)) =>
  ({ rows, cols, data: Float32Array.from({ length: rows * cols }, (_, i) => f(i)) });
const q = m(6, 8), k = m(7, 8), v = m(7, 8, Math.cos);
const table = m(6, 4);
const relative = m(5, 4);  // 2k+1 = 5 vectors of Dh = 4 (k = 2, 2 heads of width 4)

// One successful call and one refused call per function (null: that function cannot fail here).
const cases = {
  embeddingLookup: [() => pe.embeddingLookup(table, [0, 5, 2]), () => pe.embeddingLookup(table, [9])],
  addEmbeddings: [() => pe.addEmbeddings(q, q), () => pe.addEmbeddings(q, k)],
  sinusoidal: [() => pe.sinusoidal(8, 16), () => pe.sinusoidal(8, 15)],
  sinusoidalAt: [() => pe.sinusoidalAt([-1.5, 3], 8, { layout: 'halves' }), () => pe.sinusoidalAt([NaN], 8)],
  learnedPositions: [() => pe.learnedPositions(table, [0, 5]), () => pe.learnedPositions(table, [6])],
  applyLinear: [() => pe.applyLinear(pe.shiftMatrix(8, 2), pe.sinusoidal(3, 8)), () => pe.applyLinear(m(3, 3), m(2, 4))],
  attention: [
    () => pe.attention(q, k, v, { heads: 2, causal: true, rope: { layout: 'halves' }, alibi: true }),
    () => pe.attention(q, k, v, { heads: 3 }),
  ],
  attentionFused: [() => pe.attention(q, k, v, { heads: 2, weights: false, alibi: true }), null],
  attentionShaw: [
    () => pe.attention(q, k, v, { heads: 2, relativeKeys: relative, relativeValues: relative, maxDistance: 2 }),
    () => pe.attention(q, k, v, { heads: 2, relativeKeys: relative, maxDistance: 1 }),
  ],
  checkAttention: [() => pe.checkAttention(q, k, v, { heads: 4 }), () => pe.checkAttention(q, k, v, { heads: 5 })],
  rope: [() => pe.rope(q, { heads: 2, scale: 4 }), () => pe.rope(m(2, 3), {})],
  alibiSlopes: [() => pe.alibiSlopes(12), () => pe.alibiSlopes(0)],
  alibiBias: [() => pe.alibiBias(4, 6, 8), () => pe.alibiBias(4, -6, 8)],
  relativeDistances: [() => pe.relativeDistances(5, 7, { maxDistance: 2 }), () => pe.relativeDistances(5, 7, { maxDistance: -1 })],
  shawBias: [
    () => pe.shawBias(q, 7, relative, { heads: 2, maxDistance: 2 }),
    () => pe.shawBias(q, 7, relative, { heads: 2, maxDistance: 3 }),
  ],
  relativeSinusoidal: [() => pe.relativeSinusoidal(4, 6), () => pe.relativeSinusoidal(4, 5)],
  shiftMatrix: [() => pe.shiftMatrix(8, 3), () => pe.shiftMatrix(7, 3)],
  wavelengths: [() => pe.wavelengths(16), () => pe.wavelengths(3)],
  spreadColumns: [() => pe.spreadColumns(128), () => pe.spreadColumns(0)],
  positionSimilarity: [() => pe.positionSimilarity(6, 8), () => pe.positionSimilarity(6, 9)],
  dotTerms: [() => pe.dotTerms(m(3, 4), m(3, 4)), () => pe.dotTerms(m(3, 4), m(3, 2))],
  readPositions: [() => pe.readPositions(pe.sinusoidal(4, 8)), () => pe.readPositions(m(4, 7))],
  readbackRate: [() => pe.readbackRate(4, 8, { scale: 0.5 }), () => pe.readbackRate(4, 8, { scale: -1 })],
  readbackSweep: [() => pe.readbackSweep(4, [4, 8], [0.5, 1]), () => pe.readbackSweep(4, [3], [1])],
  permuteRows: [() => pe.permuteRows(q, [5, 4, 3, 2, 1, 0]), () => pe.permuteRows(q, [0, 0, 1, 2, 3, 4])],
  permutationExperiment: [() => pe.permutationExperiment(q, [1, 0, 2, 3, 4, 5]), () => pe.permutationExperiment(q, [1])],
  randomMatrix: [() => pe.randomMatrix(3, 4, { seed: 7 }), () => pe.randomMatrix(3, 4, { scale: -1 })],
  randomPermutation: [() => pe.randomPermutation(9, { seed: 3 }), () => pe.randomPermutation(-9)],
  t5Bucket: [() => pe.t5Bucket(-40), () => pe.t5Bucket(3, { numBuckets: 31 })],
  t5Buckets: [() => pe.t5Buckets(5, 7, { bidirectional: false }), () => pe.t5Buckets(5, 0)],
  t5Bias: [() => pe.t5Bias(3, 4, m(32, 2)), () => pe.t5Bias(3, 4, m(31, 2))],
  expLogSinusoidal: [() => pe.expLogSinusoidal(5, 8), () => pe.expLogSinusoidal(5, 7)],
  ropeFrequencies: [() => pe.ropeFrequencies(8, { scale: 2 }), () => pe.ropeFrequencies(7)],
  pair: [() => pe.pair(q, 1, 'halves'), () => pe.pair(q, 4)],
  regroup: [() => pe.regroup(q, 'halves', 'interleaved'), () => pe.regroup(q, 'halves', 'rows')],
  difference: [() => pe.difference(q, q), () => pe.difference(q, k)],
  maxAbsDifference: [() => pe.maxAbsDifference(q, q), () => pe.maxAbsDifference(q, k)],
  cosineSimilarity: [() => pe.cosineSimilarity(q), () => pe.cosineSimilarity(pe.matrix([[0, 0], [1, 2]]))],
  meanByOffset: [() => pe.meanByOffset(pe.cosineSimilarity(q)), () => pe.meanByOffset(q)],
  matrix: [() => pe.matrix([[1, 2], [3, 4]]), () => pe.matrix([[1, 2], [3]])],
  toRows: [() => pe.toRows(q), () => pe.toRows(null)],
  // Issue 10's training engine (model methods and 10,000 train steps: tests/js/model.test.mjs).
  createModel: [
    () => pe.createModel({ vocab: 6, width: 8, heads: 2, layers: 1, position: 't5' }).dispose(),
    () => pe.createModel({ vocab: 6, width: 7, heads: 2, layers: 1 }),
  ],
  taskBatch: [() => pe.taskBatch('recall', { batch: 2, length: 8, vocab: 9 }), () => pe.taskBatch('copy', { batch: 2, length: 8, vocab: 4 })],
  tasks: [() => pe.tasks(), null],
};

// Functions that need no leak case: pure JS with nothing in the WASM heap, or async GPU paths
// (their buffers are checked in tests/browser/api-attention-gpu.test.mjs).
const notCore = new Set(['heapBytes', 'memoryStats', 'describe', 'attentionAsync', 'backendInfo']);

test('every function of the JS API has a leak case here', () => {
  const missing = Object.keys(pe).filter((name) => typeof pe[name] === 'function' && !notCore.has(name) && !(name in cases));
  assert.deepEqual(missing, [], `add cases for: ${missing.join(', ')}`);
});

for (const [name, [ok, refused]] of Object.entries(cases)) {
  test(`${name} called ${CALLS} times leaves the heap, malloc'd bytes and handles unchanged`, () => {
    const run = (n) => {
      for (let i = 0; i < n; i++) {
        ok();
        if (refused) assert.throws(refused, Error);
      }
    };
    run(WARM_UP);
    const before = pe.memoryStats();
    run(CALLS);
    assert.deepEqual(pe.memoryStats(), before);
  });
}
