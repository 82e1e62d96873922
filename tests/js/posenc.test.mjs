// posenc.test.mjs: the JS API (web/posenc.js) through the real WASM build.
import test from 'node:test';
import assert from 'node:assert/strict';
import { loadPosenc } from '../../web/posenc.js';

const pe = await loadPosenc();
const round = (x, d) => Math.round(x * 10 ** d) / 10 ** d;
const printed = (m, d) => pe.toRows(m).map((r) => r.map((x) => round(x, d)));

test('the 000 example adds E and P to the printed sums', () => {
  const E = pe.matrix([[0.2, 0.7, 0.5, 0.1], [0.4, 0.1, 0.8, 0.5], [0.6, 0.3, 0.2, 0.9]]);
  const P = pe.matrix([[0.1, 0.0, 0.1, 0.2], [0.2, 0.1, 0.0, 0.1], [0.3, 0.1, 0.1, 0.0]]);
  const X = pe.addEmbeddings(E, P);
  assert.equal(X.rows, 3);
  assert.equal(X.cols, 4);
  assert.ok(X.data instanceof Float32Array);
  assert.deepEqual(printed(X, 1), [[0.3, 0.7, 0.6, 0.3], [0.6, 0.2, 0.8, 0.6], [0.9, 0.4, 0.3, 0.9]]);
});

test('the README example returns { rows, cols, data } with a Float32Array', () => {
  const X = pe.addEmbeddings(pe.matrix([[0.2, 0.7, 0.5, 0.1]]), pe.matrix([[0.1, 0, 0.1, 0.2]]));
  assert.deepEqual({ rows: X.rows, cols: X.cols }, { rows: 1, cols: 4 });
  assert.deepEqual(Array.from(X.data), Array.from(new Float32Array([0.3, 0.7, 0.6, 0.3])));
});

test('the and mat collide in the 2-d example of 004', () => {
  const W = pe.matrix([[0.1, 0.2], [0.3, 0.4], [0.5, 0.6], [0.7, 0.8], [0.9, 1.0], [1.1, 1.2]]);
  const P = pe.matrix([[0.0, 1.0], [0.8, 0.6], [0.5, 0.8], [0.2, 0.9], [0.9, 0.4], [0.7, 0.2]]);
  const X = printed(pe.addEmbeddings(W, P), 1);
  assert.deepEqual(X, [[0.1, 1.2], [1.1, 1.0], [1.0, 1.4], [0.9, 1.7], [1.8, 1.4], [1.8, 1.4]]);
  assert.deepEqual(X[4], X[5]);
});

test('embeddingLookup picks rows by id and names an id outside the table', () => {
  const table = pe.matrix([[1, 2], [3, 4], [5, 6], [7, 8], [9, 10], [11, 12]]);
  assert.deepEqual(pe.toRows(pe.embeddingLookup(table, [5, 0])), [[11, 12], [1, 2]]);
  assert.throws(() => pe.embeddingLookup(table, [7]), { message: "id 7 is outside the table's 6 rows" });
  assert.throws(() => pe.embeddingLookup(table, Int32Array.of(1, -2)), { message: "id -2 is outside the table's 6 rows" });
});

test('sinusoidal matches sin and cos computed here, in both layouts', () => {
  for (const layout of ['interleaved', 'halves']) {
    const m = pe.sinusoidal(3, 512, { layout });
    for (const i of [0, 1, 100, 255]) {
      const w = 10000 ** (-2 * i / 512);
      const [s, c] = layout === 'interleaved' ? [2 * i, 2 * i + 1] : [i, i + 256];
      assert.ok(Math.abs(m.data[512 * 2 + s] - Math.sin(2 * w)) < 1e-6, `${layout} sin pair ${i}`);
      assert.ok(Math.abs(m.data[512 * 2 + c] - Math.cos(2 * w)) < 1e-6, `${layout} cos pair ${i}`);
    }
  }
});

test('sinusoidalAt takes negative and fractional positions and another base', () => {
  const m = pe.sinusoidalAt([-3.5, 0.25], 6, { base: 100 });
  for (let r = 0; r < 2; r++) {
    const pos = [-3.5, 0.25][r];
    for (let i = 0; i < 3; i++) {
      const a = pos * 100 ** (-2 * i / 6);
      assert.ok(Math.abs(m.data[r * 6 + 2 * i] - Math.sin(a)) < 1e-6);
      assert.ok(Math.abs(m.data[r * 6 + 2 * i + 1] - Math.cos(a)) < 1e-6);
    }
  }
});

test('attention returns output and weights, or only output when weights is false', () => {
  const q = pe.matrix([[1, 0, 0, 1], [0, 1, 1, 0]]);
  const k = pe.matrix([[1, 0, 0, 1], [0, 1, 0, 0], [1, 1, 1, 1]]);
  const v = pe.matrix([[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12]]);
  const r = pe.attention(q, k, v, { heads: 2 });
  assert.deepEqual([r.weights.heads, r.weights.rows, r.weights.cols], [2, 2, 3]);
  // Head 0 of query 0: scores [1, 0, 1] / sqrt(2), computed here independently.
  const e = [1, 0, 1].map((s) => Math.exp(s / Math.SQRT2));
  const sum = e.reduce((a, b) => a + b);
  e.forEach((x, j) => assert.ok(Math.abs(r.weights.data[j] - x / sum) < 1e-6));
  const out0 = [0, 1].map((c) => e.reduce((acc, x, j) => acc + (x / sum) * v.data[j * 4 + c], 0));
  out0.forEach((x, c) => assert.ok(Math.abs(r.output.data[c] - x) < 1e-5));
  const noWeights = pe.attention(q, k, v, { heads: 2, weights: false });
  assert.equal(noWeights.weights, undefined);
  // Without weights the fused kernel runs (attention_fused.hpp): the same numbers to float rounding.
  assert.equal(noWeights.output.rows, r.output.rows);
  noWeights.output.data.forEach((x, i) => assert.ok(Math.abs(x - r.output.data[i]) < 1e-5, `output ${i}`));
});

test('attention takes a causal mask and a bias, shared or per head', () => {
  const x = pe.matrix([[1, 2], [3, 4], [5, 6]]);
  const causal = pe.attention(x, x, x, { causal: true });
  assert.equal(causal.weights.data[1], 0);
  assert.equal(causal.weights.data[0], 1);
  const bias = { rows: 3, cols: 3, data: new Float32Array([0, -1e4, -1e4, 0, 0, -1e4, 0, 0, 0]) };
  const biased = pe.attention(x, x, x, { bias });
  for (let i = 0; i < 9; i++) assert.ok(Math.abs(biased.weights.data[i] - causal.weights.data[i]) < 1e-6);
  const perHead = { heads: 2, rows: 3, cols: 3, data: new Float32Array(18) };
  assert.equal(pe.attention(x, x, x, { heads: 2, bias: perHead }).weights.heads, 2);
});

test('functions never modify their arguments', () => {
  const a = pe.matrix([[1, 2]]);
  const copy = Float32Array.from(a.data);
  pe.addEmbeddings(a, a);
  pe.attention(a, a, a);
  assert.deepEqual(a.data, copy);
});

test('errors reach JS as Error objects with the core message, and the module stays usable', () => {
  const cases = [
    [() => pe.sinusoidal(4, 5), 'width 5 must be even'],
    [() => pe.sinusoidal(0, 4), 'length 0 must be a finite positive integer'],
    [() => pe.sinusoidal(-1, 4), 'length -1 must be a finite positive integer'],
    [() => pe.sinusoidal(NaN, 4), 'length NaN must be a finite positive integer'],
    [() => pe.sinusoidal('abc', 4), "length 'abc' is a string; it must be a number"],
    [() => pe.sinusoidal(1e9, 512), 'a 1000000000×512 position encoding needs 2048000000000 bytes, over the limit of 268435456 bytes (256 MiB)'],
    [() => pe.sinusoidal(4, 4, { layout: 'rows' }), "layout 'rows' must be 'interleaved' or 'halves'"],
    [() => pe.sinusoidal(4, 4, { base: -1 }), 'base -1 must be a finite number greater than 0'],
    [() => pe.sinusoidalAt([1, Infinity], 4), 'position Infinity must be a finite number'],
    [() => pe.attention(pe.matrix([[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]]), pe.matrix([[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]]), pe.matrix([[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]]), { heads: 3 }), 'width 10 is not divisible by 3 heads'],
    [() => pe.attention({ rows: 2, cols: 3, data: [1, 2, 3, 4, 5] }, null, null), 'q has 5 values but 2×3 needs 6'],
    [() => pe.attention(pe.matrix([[1]]), null, null), 'k must be a matrix { rows, cols, data }'],
    [() => pe.attention({ rows: 1, cols: 1, data: [NaN] }, pe.matrix([[1]]), pe.matrix([[1]])), 'q[0][0] is NaN; every value must be finite'],
    [() => pe.attention(pe.matrix([[1]]), pe.matrix([[1]]), pe.matrix([[1]]), { causal: 'yes' }), "option causal 'yes' is a string; it must be true or false"],
    [() => pe.attention(pe.matrix([[1]]), pe.matrix([[1]]), pe.matrix([[1]]), { casual: true }),
      "option 'casual' is not known; did you mean 'causal'? Known options: 'heads', 'causal', 'weights', 'bias', 'rope', 'alibi', 'relativeKeys', 'relativeValues', 'maxDistance'."],
    [() => pe.matrix([[1, '2']]), "value [0][1] '2' is a string; every value must be a finite number"],
    [() => pe.matrix([[1e39]]), "value [0][0] is 1e+39, past float32's largest value (about 3.4e38); every value must stay finite in float32"],
    [() => pe.addEmbeddings(pe.matrix([[1, 2]]), pe.matrix([[1, 2], [3, 4]])), 'the first matrix is 1×2 but the second is 2×2; element-wise addition needs equal shapes'],
    [() => pe.matrix([[1, 2], [3]]), 'row 1 has 1 values but row 0 has 2; every row needs the same length'],
    [() => pe.matrix([[1, NaN]]), 'value [0][1] is NaN; every value must be a finite number'],
  ];
  for (const [fn, message] of cases) {
    assert.throws(fn, (err) => err instanceof Error && err.message === message, message);
    assert.deepEqual(pe.toRows(pe.sinusoidal(1, 2)), [[0, 1]]);  // still usable
  }
});

test('the core decides what attention options mean: checkAttention returns the ALiBi slopes and RoPE frequencies it will use', () => {
  const x = pe.randomMatrix(3, 8, { seed: 4 });
  const d = pe.checkAttention(x, x, x, { heads: 2, alibi: true, rope: { base: 100, scale: 2 } });
  assert.deepEqual(Array.from(d.alibiSlopes), Array.from(pe.alibiSlopes(2)));
  assert.deepEqual(Array.from(d.ropeFrequencies), [0.5, 100 ** -0.5 / 2]);
  assert.deepEqual(Array.from(pe.ropeFrequencies(4, { base: 100, scale: 2 })), Array.from(d.ropeFrequencies));
  const none = pe.checkAttention(x, x, x, {});
  assert.equal(none.alibiSlopes, null);
  assert.equal(none.ropeFrequencies, null);
});

test('pair and regroup select the columns of a layout, and difference measures two constructions of the sinusoid', () => {
  const h = pe.sinusoidal(5, 8, { layout: 'halves' }), i = pe.sinusoidal(5, 8);
  assert.deepEqual(pe.toRows(pe.regroup(h, 'halves', 'interleaved')), pe.toRows(i));
  assert.deepEqual(pe.toRows(pe.pair(h, 1, 'halves')), pe.toRows(pe.pair(i, 1)));
  const d = pe.difference(pe.expLogSinusoidal(5, 8), i);
  assert.equal(pe.maxAbsDifference(pe.expLogSinusoidal(5, 8), i), Math.max(...Array.from(d.data, Math.abs)));
  assert.ok(pe.maxAbsDifference(pe.expLogSinusoidal(5, 8), i) < 1e-6);
  assert.equal(pe.maxAbsDifference(i, i), 0);
});

test('the API is generated from the binding table: every described function is exported with its arguments', () => {
  for (const { name, args, of } of pe.describe()) {
    if (of) continue;
    assert.equal(typeof pe[name], 'function', name);
    assert.throws(() => pe[name](...Array(args.length + 1).fill(0)), { message: new RegExp(`^${name} takes at most ${args.length}`) });
  }
});

test('the model\'s methods are rows of the binding table too, each a method of a model with its arguments', () => {
  const rows = pe.describe().filter((r) => r.of === 'Model');
  assert.deepEqual(rows.map((r) => r.name).filter((n) => n !== 'init').sort(),
    ['attentionWeights', 'evaluate', 'forward', 'info', 'lossAndGradients', 'parameters', 'setParameters', 'trainStep', 'trainSteps']);
  const model = pe.createModel({ vocab: 8, width: 8, heads: 2, layers: 1 });
  try {
    for (const { name, args } of rows) {
      if (name === 'init') continue;
      assert.throws(() => model[name](...Array(args.length + 1).fill(0)), { message: new RegExp(`^${name} takes at most ${args.length}`) });
    }
  } finally {
    model.dispose();
  }
});
