// attention-fused.test.mjs: attention(q, k, v, { weights: false }) runs the fused kernel
// (cpp/attention_fused.cpp) through the real WASM build; with weights it runs the reference
// (cpp/attention.cpp). The two must agree within 2e-5 (values in [−1, 1]; see
// tests/cpp/test_attention_fused.cpp for the reasoning), and the fused kernel must handle
// L = 8192, H = 8, Dh = 64 inside the WASM heap.
import test from 'node:test';
import assert from 'node:assert/strict';
import { loadPosenc } from '../../web/posenc.js';

const pe = await loadPosenc();
const tolerance = 2e-5;

// Seeded uniform values in [−1, 1) from the core's PCG32 (cpp/random.hpp), so a failure can be replayed.
let seed = 7;
const randomMatrix = (rows, cols) => pe.randomMatrix(rows, cols, { seed: seed++, distribution: 'uniform' });
const lastRows = (m, n) => ({ rows: n, cols: m.cols, data: m.data.slice((m.rows - n) * m.cols) });

function largestDifference(a, b) {
  assert.equal(a.length, b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  return worst;
}

test('attention without weights (fused) matches attention with weights (reference) on random cases', () => {
  const cases = [
    { L: 1, S: 1, H: 1, Dh: 4 },
    { L: 17, S: 65, H: 3, Dh: 6, causal: true },
    { L: 40, S: 23, H: 2, Dh: 10, bias: 'shared' },
    { L: 50, S: 50, H: 4, Dh: 16, causal: true, alibi: true },
    { L: 33, S: 70, H: 16, Dh: 8, rope: { layout: 'halves' }, bias: 'per head' },
    { L: 70, S: 130, H: 2, Dh: 128, causal: true, alibi: true, rope: {} },
    { L: 9, S: 200, H: 5, Dh: 12, alibi: [0.5, 0.1, 0.01, 1, 2], rope: { base: 500, scale: 2 } },
  ];
  for (const c of cases) {
    const D = c.H * c.Dh;
    const q = randomMatrix(c.L, D), k = randomMatrix(c.S, D), v = randomMatrix(c.S, D);
    const opts = { heads: c.H, causal: !!c.causal };
    if (c.alibi) opts.alibi = c.alibi;
    if (c.rope) opts.rope = c.rope;
    if (c.bias) {
      const heads = c.bias === 'shared' ? 1 : c.H;
      opts.bias = { heads, rows: c.L, cols: c.S, data: randomMatrix(heads * c.L, c.S).data.map((x) => 2 * x) };
    }
    const reference = pe.attention(q, k, v, { ...opts, weights: true });
    const fused = pe.attention(q, k, v, { ...opts, weights: false });
    assert.equal(fused.weights, undefined);
    assert.deepEqual([fused.output.rows, fused.output.cols], [c.L, D]);
    const worst = largestDifference(fused.output.data, reference.output.data);
    assert.ok(worst <= tolerance, `${JSON.stringify(c)}: largest difference ${worst}`);
  }
});

test('the fused kernel runs L = 8192, H = 8, Dh = 64 (causal, ALiBi, RoPE) and its last rows match the reference', () => {
  // 16 MiB per input. The last n queries keep their positions i + (S − L) when attended alone,
  // so the reference on just those rows (with weights: 8 × 4 × 8192 floats) is the expected value.
  const L = 8192, H = 8, D = 512, n = 4;
  const q = randomMatrix(L, D), k = randomMatrix(L, D), v = randomMatrix(L, D);
  const opts = { heads: H, causal: true, alibi: true, rope: {} };
  const fused = pe.attention(q, k, v, { ...opts, weights: false });
  assert.deepEqual([fused.output.rows, fused.output.cols], [L, D]);
  const reference = pe.attention(lastRows(q, n), k, v, { ...opts, weights: true });
  const worst = largestDifference(fused.output.data.subarray((L - n) * D), reference.output.data);
  assert.ok(worst <= tolerance, `largest difference ${worst}`);
  assert.ok(fused.output.data.every(Number.isFinite));
  assert.ok(pe.heapBytes() <= 2 ** 31, `heap ${pe.heapBytes()} bytes`);
});

test('attention without weights still refuses bad inputs with the core message', () => {
  const q = { rows: 3, cols: 10, data: new Float32Array(30) };
  assert.throws(() => pe.attention(q, q, q, { heads: 3, weights: false }), { message: 'width 10 is not divisible by 3 heads' });
});
