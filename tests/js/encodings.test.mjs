// encodings.test.mjs: issue 3's encodings and analysis through the JS API and the real WASM build.
// Expected values are computed here, independently of the core, from the published formulas and
// the reference implementations' conventions (each test says which).
import test from 'node:test';
import assert from 'node:assert/strict';
import { loadPosenc } from '../../web/posenc.js';

const pe = await loadPosenc();

const close = (got, want, tol, what = '') =>
  assert.ok(Math.abs(got - want) <= tol, `${what} got ${got}, want ${want} (±${tol})`);
const allClose = (got, want, tol, what = '') => {
  assert.equal(got.length, want.length, `${what} length`);
  for (let i = 0; i < want.length; i++) close(got[i], want[i], tol, `${what}[${i}]`);
};
// x[r][c] = ((7r + 3c) mod 11 − 5) / 4
const pattern = (rows, cols) =>
  pe.matrix(Array.from({ length: rows }, (_, r) => Array.from({ length: cols }, (_, c) => (((7 * r + 3 * c) % 11) - 5) / 4)));

// Meta Llama's apply_rotary_emb: adjacent pairs (2i, 2i+1) as complex numbers times e^(i·angle).
function llamaRope(row, pos, dh, base, scale) {
  const out = [];
  for (let i = 0; i < dh / 2; i++) {
    const a = (pos / scale) / base ** ((2 * i) / dh);
    const [re, im] = [row[2 * i], row[2 * i + 1]];
    out.push(re * Math.cos(a) - im * Math.sin(a), re * Math.sin(a) + im * Math.cos(a));
  }
  return out;
}
// Hugging Face's rotate_half (GPT-NeoX): q·cos + rotate_half(q)·sin, emb = cat(freqs, freqs).
function neoxRope(row, pos, dh, base, scale) {
  const half = dh / 2;
  const emb = Array.from({ length: dh }, (_, c) => (pos / scale) / base ** ((2 * (c % half)) / dh));
  const rot = [...row.slice(half).map((v) => -v), ...row.slice(0, half)];
  return row.map((v, c) => v * Math.cos(emb[c]) + rot[c] * Math.sin(emb[c]));
}
function ropeHeads(fn, m, positions, heads, base, scale) {
  const dh = m.cols / heads;
  return pe.toRows(m).flatMap((row, r) =>
    Array.from({ length: heads }, (_, h) => fn(row.slice(h * dh, (h + 1) * dh), positions[r], dh, base, scale)).flat());
}

test('rope interleaved follows Llama and halves follows rotate_half, per head, with positions and scale', () => {
  const x = pattern(4, 8);
  const positions = [0, 1, 5, -2.5];
  allClose(pe.rope(x, { positions, heads: 2 }).data, ropeHeads(llamaRope, x, positions, 2, 10000, 1), 1e-6, 'interleaved');
  allClose(pe.rope(x, { positions, heads: 2, layout: 'halves' }).data, ropeHeads(neoxRope, x, positions, 2, 10000, 1), 1e-6, 'halves');
  const y = pattern(3, 6);
  allClose(pe.rope(y, { positions: [3, 100, 7], base: 100, scale: 4 }).data, ropeHeads(llamaRope, y, [3, 100, 7], 1, 100, 4), 1e-6);
  // Default positions are 0 .. rows − 1.
  allClose(pe.rope(x, { heads: 2 }).data, ropeHeads(llamaRope, x, [0, 1, 2, 3], 2, 10000, 1), 1e-6, 'default positions');
});

test('after rope, q·k depends only on m − n', () => {
  const q = pe.randomMatrix(1, 8, { seed: 1 });
  const k = pe.randomMatrix(1, 8, { seed: 2 });
  const dot = (m, n, layout) => {
    const a = pe.rope(q, { positions: [m], layout }).data;
    const b = pe.rope(k, { positions: [n], layout }).data;
    return a.reduce((s, v, i) => s + v * b[i], 0);
  };
  for (const layout of ['interleaved', 'halves'])
    for (const [m, n] of [[5, 2], [103, 100], [-7, -10]]) close(dot(m, n, layout), dot(3, 0, layout), 2e-5, `${layout} ${m},${n}`);
});

// The ALiBi paper's get_slopes (ofirpress/attention_with_linear_biases), re-typed.
function getSlopes(n) {
  const pow2 = (k) => {
    const start = 2 ** -(2 ** -(Math.log2(k) - 3));
    return Array.from({ length: k }, (_, i) => start * start ** i);
  };
  if (Number.isInteger(Math.log2(n))) return pow2(n);
  const p = 2 ** Math.floor(Math.log2(n));
  return [...pow2(p), ...getSlopes(2 * p).filter((_, i) => i % 2 === 0).slice(0, n - p)];
}

test('alibiSlopes follows the paper, including 12 heads (8-head sequence, then slopes 0, 2, 4, 6 of 16)', () => {
  for (const n of [1, 2, 3, 6, 8, 12, 16, 20, 24, 40, 96]) {
    const s = pe.alibiSlopes(n);
    assert.ok(s instanceof Float32Array);
    assert.deepEqual(Array.from(s), getSlopes(n).map(Math.fround), `${n} heads`);
  }
  const s12 = Array.from(pe.alibiSlopes(12));
  assert.deepEqual(s12.slice(0, 8), [1 / 2, 1 / 4, 1 / 8, 1 / 16, 1 / 32, 1 / 64, 1 / 128, 1 / 256]);
  assert.deepEqual(s12.slice(8), [0, 2, 4, 6].map((i) => Math.fround(2 ** (-(i + 1) / 2))));
});

test('alibiBias is −m_h·|i − j|, with queries at the last positions when L < S', () => {
  const b = pe.alibiBias(2, 4, 2);  // slopes 1/16, 1/256; queries at positions 2 and 3
  assert.deepEqual([b.heads, b.rows, b.cols], [2, 2, 4]);
  const slopes = [1 / 16, 1 / 256];
  for (let h = 0; h < 2; h++)
    for (let i = 0; i < 2; i++)
      for (let j = 0; j < 4; j++) assert.equal(b.data[(h * 2 + i) * 4 + j], Math.fround(-slopes[h] * Math.abs(i + 2 - j)));
  assert.deepEqual(Array.from(pe.alibiBias(1, 3, [0.5]).data), [-1, -0.5, -0]);
});

// Hugging Face's T5Attention._relative_position_bucket (from mesh_tensorflow), float32 steps
// emulated with Math.fround.
function t5Reference(rel, bidirectional = true, numBuckets = 32, maxDistance = 128) {
  let buckets = 0;
  let n;
  if (bidirectional) {
    numBuckets = Math.floor(numBuckets / 2);
    if (rel > 0) buckets += numBuckets;
    n = Math.abs(rel);
  } else {
    n = -Math.min(rel, 0);
  }
  const maxExact = Math.floor(numBuckets / 2);
  if (n < maxExact) return buckets + n;
  const f = Math.fround;
  const v = f(f(f(Math.log(f(n / maxExact))) / f(Math.log(maxDistance / maxExact))) * (numBuckets - maxExact));
  return buckets + Math.min(maxExact + Math.trunc(v), numBuckets - 1);
}

test('t5Bucket matches the reference rule for −300..300, both directions and other settings', () => {
  for (let d = -300; d <= 300; d++) {
    assert.equal(pe.t5Bucket(d), t5Reference(d), `bidirectional ${d}`);
    assert.equal(pe.t5Bucket(d, { bidirectional: false }), t5Reference(d, false), `decoder ${d}`);
    assert.equal(pe.t5Bucket(d, { numBuckets: 8, maxDistance: 20 }), t5Reference(d, true, 8, 20), `8 buckets ${d}`);
  }
});

test('t5Bucket default boundaries: −16, −32, −64 start buckets 10, 12, 14; keys after the query get 16 more', () => {
  assert.deepEqual([-15, -16, -31, -32, -63, -64].map((d) => pe.t5Bucket(d)), [9, 10, 11, 12, 13, 14]);
  assert.deepEqual([15, 16, 31, 32, 63, 64].map((d) => pe.t5Bucket(d)), [25, 26, 27, 28, 29, 30]);
  assert.equal(pe.t5Bucket(-100000), 15);
  assert.equal(pe.t5Bucket(100000), 31);
  assert.equal(pe.t5Bucket(5, { bidirectional: false }), 0);
});

test('t5Buckets and t5Bias place queries at the last key positions and look up the table', () => {
  const b = pe.t5Buckets(2, 3);
  assert.ok(b.data instanceof Int32Array);
  assert.deepEqual(Array.from(b.data), [1, 0, 17, 2, 1, 0]);  // key − query with queries at 1, 2
  const table = { rows: 32, cols: 2, data: Float32Array.from({ length: 64 }, (_, i) => (i % 2 ? -1 : 1) * Math.floor(i / 2)) };
  const bias = pe.t5Bias(2, 3, table);
  assert.deepEqual([bias.heads, bias.rows, bias.cols], [2, 2, 3]);
  assert.deepEqual(Array.from(bias.data), [1, 0, 17, 2, 1, 0, -1, -0, -17, -2, -1, -0]);
});

test('relativeDistances is clip(j − i, −k, k) (Shaw et al.), unclipped without maxDistance', () => {
  assert.deepEqual(Array.from(pe.relativeDistances(3, 3, { maxDistance: 1 }).data), [0, 1, 1, -1, 0, 1, -1, -1, 0]);
  assert.deepEqual(Array.from(pe.relativeDistances(2, 3).data), [-1, 0, 1, -2, -1, 0]);
});

test('relativeSinusoidal is 003\'s PE(pos1) + RPE(pos1 − pos2)', () => {
  const t = pe.relativeSinusoidal(3, 4);
  assert.deepEqual([t.heads, t.rows, t.cols], [3, 3, 4]);
  const sin = (p) => [0, 1].flatMap((i) => [Math.sin(p / 10000 ** (i / 2)), Math.cos(p / 10000 ** (i / 2))]);
  for (let p1 = 0; p1 < 3; p1++)
    for (let p2 = 0; p2 < 3; p2++)
      allClose(t.data.subarray((p1 * 3 + p2) * 4, (p1 * 3 + p2 + 1) * 4), sin(p1).map((v, c) => v + sin(p1 - p2)[c]), 2e-6);
});

// Attention written here from the formulas: scores q·k/√Dh (+ Shaw q·aᴷ/√Dh) + bias, softmax,
// out = Σ α (v + aⱽ); query i at position i + (S − L).
function naiveAttention(q, k, v, { heads = 1, bias = null, aK = null, aV = null, maxDistance = 0 } = {}) {
  const [L, S, D] = [q.rows, k.rows, q.cols];
  const dh = D / heads;
  const out = new Float64Array(L * D);
  for (let h = 0; h < heads; h++)
    for (let i = 0; i < L; i++) {
      const row = (j) => Math.max(-maxDistance, Math.min(maxDistance, j - (i + S - L))) + maxDistance;
      const e = [];
      for (let j = 0; j < S; j++) {
        let s = 0;
        for (let c = 0; c < dh; c++) s += q.data[i * D + h * dh + c] * (k.data[j * D + h * dh + c] + (aK ? aK.data[row(j) * dh + c] : 0));
        e.push(s / Math.sqrt(dh) + (bias ? bias.data[(h * L + i) * S + j] : 0));
      }
      const m = Math.max(...e);
      const w = e.map((x) => Math.exp(x - m));
      const sum = w.reduce((a, b) => a + b);
      for (let j = 0; j < S; j++)
        for (let c = 0; c < dh; c++)
          out[i * D + h * dh + c] += (w[j] / sum) * (v.data[j * D + h * dh + c] + (aV ? aV.data[row(j) * dh + c] : 0));
    }
  return out;
}

test('attention with rope equals attention of q and k rotated at aligned positions, fused or not', () => {
  const [q, k, v] = [pe.randomMatrix(3, 8, { seed: 4 }), pe.randomMatrix(5, 8, { seed: 5 }), pe.randomMatrix(5, 8, { seed: 6 })];
  for (const layout of ['interleaved', 'halves']) {
    const rope = { layout, base: 500, scale: 2 };
    const rq = pe.rope(q, { ...rope, heads: 2, positions: [2, 3, 4] });
    const rk = pe.rope(k, { ...rope, heads: 2 });
    const want = naiveAttention(rq, rk, v, { heads: 2 });
    allClose(pe.attention(q, k, v, { heads: 2, rope }).output.data, want, 1e-5, `${layout} with weights`);
    allClose(pe.attention(q, k, v, { heads: 2, rope, weights: false }).output.data, want, 1e-5, `${layout} without weights`);
  }
});

test('attention with alibi: true uses the paper slopes, alibi: [..] given slopes, fused or not', () => {
  const [q, k, v] = [pe.randomMatrix(4, 12, { seed: 7 }), pe.randomMatrix(6, 12, { seed: 8 }), pe.randomMatrix(6, 12, { seed: 9 })];
  const want = naiveAttention(q, k, v, { heads: 3, bias: pe.alibiBias(4, 6, 3) });
  allClose(pe.attention(q, k, v, { heads: 3, alibi: true }).output.data, want, 1e-5);
  allClose(pe.attention(q, k, v, { heads: 3, alibi: true, weights: false }).output.data, want, 1e-5);
  const slopes = [1, 0.5, 0.125];
  const want2 = naiveAttention(q, k, v, { heads: 3, bias: pe.alibiBias(4, 6, slopes) });
  allClose(pe.attention(q, k, v, { heads: 3, alibi: Float32Array.from(slopes) }).output.data, want2, 1e-5);
  const r = pe.attention(q, k, v, { heads: 3, alibi: true });
  for (let row = 0; row < 12; row++) close(r.weights.data.subarray(row * 6, row * 6 + 6).reduce((a, b) => a + b), 1, 1e-6);
});

test('attention with relativeKeys and relativeValues follows Shaw et al., fused or not', () => {
  const [q, k, v] = [pe.randomMatrix(5, 8, { seed: 10 }), pe.randomMatrix(5, 8, { seed: 11 }), pe.randomMatrix(5, 8, { seed: 12 })];
  const aK = pe.randomMatrix(5, 4, { seed: 13 });
  const aV = pe.randomMatrix(5, 4, { seed: 14 });
  const want = naiveAttention(q, k, v, { heads: 2, aK, aV, maxDistance: 2 });
  const opts = { heads: 2, relativeKeys: aK, relativeValues: aV, maxDistance: 2 };
  allClose(pe.attention(q, k, v, opts).output.data, want, 1e-5, 'with weights');
  allClose(pe.attention(q, k, v, { ...opts, weights: false }).output.data, want, 1e-5, 'without weights');
});

test('shawBias is the key term of Shaw et al. as a bias: attention with it equals attention with relativeKeys', () => {
  const [q, k, v] = [pe.randomMatrix(3, 8, { seed: 15 }), pe.randomMatrix(6, 8, { seed: 16 }), pe.randomMatrix(6, 8, { seed: 17 })];
  const aK = pe.randomMatrix(3, 4, { seed: 18 });
  const bias = pe.shawBias(q, 6, aK, { heads: 2, maxDistance: 1 });
  assert.deepEqual([bias.heads, bias.rows, bias.cols], [2, 3, 6]);
  // Head 0, query 0 (at position 3), key 5: distance 2 clips to 1 → row 2 of aᴷ.
  const want = [0, 1, 2, 3].reduce((s, c) => s + q.data[c] * aK.data[2 * 4 + c], 0) / 2;
  close(bias.data[5], want, 1e-6);
  allClose(pe.attention(q, k, v, { heads: 2, bias }).output.data,
    pe.attention(q, k, v, { heads: 2, relativeKeys: aK, maxDistance: 1 }).output.data, 1e-6);
});

test('shiftMatrix maps PE(pos) to PE(pos + k), and wavelengths are 2π·10000^(2i/D)', () => {
  for (const layout of ['interleaved', 'halves']) {
    const M = pe.shiftMatrix(8, 3, { layout });
    for (const pos of [0, 2, 11]) {
      const p = pe.sinusoidalAt([pos], 8, { layout }).data;
      const shifted = Array.from({ length: 8 }, (_, r) => p.reduce((s, x, c) => s + M.data[r * 8 + c] * x, 0));
      allClose(shifted, pe.sinusoidalAt([pos + 3], 8, { layout }).data, 2e-6, `${layout} pos ${pos}`);
    }
  }
  const w = pe.wavelengths(8);
  assert.ok(w instanceof Float64Array);
  allClose(w, [0, 1, 2, 3].map((i) => 2 * Math.PI * 10000 ** ((2 * i) / 8)), 1e-9);
});

test('positionSimilarity is Σ cos((i − j)·ω) and dotTerms splits 000\'s example into four terms', () => {
  const s = pe.positionSimilarity(5, 6);
  for (let i = 0; i < 5; i++)
    for (let j = 0; j < 5; j++)
      close(s.data[i * 5 + j], [0, 1, 2].reduce((a, k) => a + Math.cos((i - j) / 10000 ** ((2 * k) / 6)), 0), 1e-5);
  const E = pe.matrix([[0.2, 0.7, 0.5, 0.1], [0.4, 0.1, 0.8, 0.5], [0.6, 0.3, 0.2, 0.9]]);
  const P = pe.matrix([[0.1, 0.0, 0.1, 0.2], [0.2, 0.1, 0.0, 0.1], [0.3, 0.1, 0.1, 0.0]]);
  const t = pe.dotTerms(E, P);
  // Typed from the document and multiplied by hand: (E0 + P0)·(E1 + P1) = [0.3,0.7,0.6,0.3]·[0.6,0.2,0.8,0.6] = 0.98.
  close(t.total.data[1], 0.98, 1e-6);
  close(t.tokenToken.data[1], 0.6, 1e-6);
  close(t.tokenPosition.data[1], 0.12, 1e-6);
  close(t.positionToken.data[1], 0.22, 1e-6);
  close(t.positionPosition.data[1], 0.04, 1e-6);
});

test('readPositions finds the nearest sinusoid; readbackRate and readbackSweep measure it', () => {
  assert.deepEqual(Array.from(pe.readPositions(pe.sinusoidal(10, 8))), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  assert.deepEqual(Array.from(pe.readPositions(pe.sinusoidalAt([7], 8), { candidates: 20 })), [7]);
  assert.equal(pe.readbackRate(16, 8, { scale: 0 }), 1);
  const sweep = pe.readbackSweep(32, [4, 64], [0, 1, 4], { trials: 2 });
  assert.deepEqual([sweep.rows, sweep.cols], [2, 3]);
  assert.equal(sweep.data[0], 1);
  assert.ok(sweep.data[4] > sweep.data[1], 'wider D reads back better at scale 1');
  assert.ok(sweep.data[2] < sweep.data[0], 'a larger E makes read-back fail');
  assert.equal(pe.readbackRate(32, 4, { scale: 1, trials: 2 }), sweep.data[1]);
});

test('attention without positions permutes its output exactly as its input; with positions it does not', () => {
  const x = pe.randomMatrix(6, 8, { seed: 3 });
  const perm = [2, 0, 5, 1, 4, 3];
  const r = pe.permutationExperiment(x, perm, { heads: 2 });
  assert.ok(r.maxDifference < 1e-6);
  assert.deepEqual(pe.toRows(r.expected), perm.map((p) => pe.toRows(r.original)[p]));
  assert.deepEqual(pe.toRows(pe.permuteRows(x, perm)), perm.map((p) => pe.toRows(x)[p]));
  const withPositions = pe.permutationExperiment(x, perm, { heads: 2, positions: pe.sinusoidal(6, 8) });
  assert.ok(withPositions.maxDifference > 0.01);
});

// PCG32 (pcg-c's pcg32_srandom_r / pcg32_random_r), re-typed with BigInt.
function pcg32(seed, stream = 54n) {
  const mask = (1n << 64n) - 1n;
  let state = 0n;
  const inc = ((stream << 1n) | 1n) & mask;
  const next = () => {
    const old = state;
    state = (old * 6364136223846793005n + inc) & mask;
    const xorshifted = Number((((old >> 18n) ^ old) >> 27n) & 0xffffffffn);
    const rot = Number(old >> 59n);
    return ((xorshifted >>> rot) | (xorshifted << ((32 - rot) & 31))) >>> 0;
  };
  next();
  state = (state + BigInt(seed)) & mask;
  next();
  return next;
}

test('randomMatrix is the same PCG32 stream everywhere: uniform values from a BigInt model, normals from Python', () => {
  const next = pcg32(42);
  assert.deepEqual([next(), next(), next()], [0xa15c02b7, 0x7b47f409, 0xba1d3330]);  // pcg32-demo's output
  const model = pcg32(7);
  const uniform = () => ((model() >>> 5) * 67108864 + (model() >>> 6)) / 9007199254740992;
  const u = pe.randomMatrix(3, 2, { seed: 7, scale: 0.5, distribution: 'uniform' });
  assert.deepEqual(Array.from(u.data), Array.from({ length: 6 }, () => Math.fround(0.5 * (2 * uniform() - 1))));
  // Python model of the polar method (math.log), rounded to float32.
  allClose(pe.randomMatrix(2, 3, { seed: 7 }).data,
    [0.27019307017326355, -0.7619497776031494, 0.5891056656837463, 0.830130934715271, 0.08774250000715256, -0.7561621069908142], 1e-7);
  assert.deepEqual(pe.randomMatrix(4, 4, { seed: 9 }), pe.randomMatrix(4, 4, { seed: 9 }));
  assert.deepEqual(Array.from(pe.randomPermutation(10, { seed: 5 })), [4, 5, 6, 2, 7, 8, 9, 1, 0, 3]);
});

test('every refusal names the value and the rule, and the module stays usable', () => {
  const x = pe.matrix([[1, 2, 3, 4, 5, 6]]);
  const cases = [
    [() => pe.rope(pe.matrix([[1, 2, 3, 4, 5]])), 'width 5 must be even'],
    [() => pe.rope(x, { heads: 2 }), 'head width 3 must be even'],
    [() => pe.rope(x, { heads: 4 }), 'width 6 is not divisible by 4 heads'],
    [() => pe.rope(x, { heads: -1 }), 'heads -1 must be a finite positive integer'],
    [() => pe.rope(x, { layout: 'pairs' }), "layout 'pairs' must be 'interleaved' or 'halves'"],
    [() => pe.rope(x, { scale: 0 }), 'scale 0 must be a finite number greater than 0'],
    [() => pe.rope(x, { positions: [1, 2] }), 'positions has 2 values but x has 1 rows; every row needs one position'],
    [() => pe.relativeSinusoidal(3, 5), 'width 5 must be even'],
    [() => pe.alibiSlopes(0), 'heads 0 must be a finite positive integer'],
    [() => pe.alibiSlopes(NaN), 'heads NaN must be a finite positive integer'],
    [() => pe.alibiBias(-2, 3, 4), 'query length -2 must be a finite positive integer'],
    [() => pe.alibiBias(2, Infinity, 4), 'key length Infinity must be a finite positive integer'],
    [() => pe.t5Bucket(1, { numBuckets: 31 }), 'numBuckets 31 must be even'],
    [() => pe.t5Bucket(1, { numBuckets: 0 }), 'numBuckets 0 must be a finite positive integer'],
    [() => pe.t5Bucket(1, { numBuckets: 2 }), 'numBuckets 2 is too few for bidirectional buckets: at least 4 (2 per side)'],
    [() => pe.t5Bucket(1, { maxDistance: 4 }), 'maxDistance 4 must be greater than 8, the number of exact buckets (max_exact)'],
    [() => pe.t5Bucket(0.5), 'relative position 0.5 must be a finite integer'],
    [() => pe.t5Bucket(1, { bidirectional: 'yes' }), "option bidirectional 'yes' is a string; it must be true or false"],
    [() => pe.t5Bias(2, 2, pe.matrix([[1, 2]])), 'table is 1×2 but must have 32 rows, one per bucket (numBuckets), and one column per head'],
    [() => pe.relativeDistances(2, 2, { maxDistance: -1 }), 'maxDistance -1 must be a finite integer of at least 0'],
    [() => pe.attention(x, x, x, { heads: 2, rope: {} }), 'head width 3 must be even'],
    [() => pe.attention(x, x, x, { heads: 2, alibi: [1] }), 'alibi has 1 slopes but attention has 2 heads; give one slope per head'],
    [() => pe.attention(x, x, x, { heads: 2, relativeKeys: pe.matrix([[1, 2, 3]]), maxDistance: 1 }),
      'relativeKeys is 1×3 but must be 3×3 (2·maxDistance + 1 = 3 rows of head width 3)'],
    [() => pe.shiftMatrix(5, 1), 'width 5 must be even'],
    [() => pe.shiftMatrix(4, NaN), 'offset NaN must be a finite number'],
    [() => pe.wavelengths(0), 'width 0 must be a finite positive integer'],
    [() => pe.dotTerms(x, pe.matrix([[1]])), 'E is 1×6 but P is 1×1; E and P need the same shape'],
    [() => pe.readbackRate(8, 8, { trials: 0 }), 'trials 0 must be a finite positive integer'],
    [() => pe.permuteRows(pe.matrix([[1], [2]]), [1, 1]), 'permutation holds 1 twice'],
    [() => pe.randomMatrix(2, 2, { seed: -1 }), 'seed -1 must be an integer from 0 to 9007199254740991'],
    [() => pe.randomMatrix(2, 2, { distribution: 'gauss' }), "distribution 'gauss' must be 'normal' or 'uniform'"],
    [() => pe.randomMatrix(0, 2), 'rows 0 must be a finite positive integer'],
  ];
  for (const [fn, message] of cases) {
    assert.throws(fn, (err) => err instanceof Error && err.message === message, message);
    assert.equal(pe.t5Bucket(-16), 10);  // still usable
  }
});
