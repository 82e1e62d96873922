// long-attention.test.mjs: the plan of the long-attention step: four lengths halving down from L,
// its work counted as the calls will do it, refused past the limit whichever size makes it large,
// the L² fit of timings, and which causal sentence a run's timings allow.
import test from 'node:test';
import assert from 'node:assert/strict';
import { plan, fitSquare, causalFact, CAUSAL_SAVING, WORK_LIMIT } from '../../web/lesson/long-attention.js';

test('the run measures L/8, L/4, L/2 and L, in multiples of 16', () => {
  assert.deepEqual(plan({ length: 1024, heads: 4, headDim: 32 }).lengths, [128, 256, 512, 1024]);
  assert.deepEqual(plan({ length: 48, heads: 1, headDim: 4 }).lengths, [16, 48]);
  assert.deepEqual(plan({ length: 16, heads: 1, headDim: 4 }).lengths, [16]);
});

test('the cost cap looks at the sizes together: each within its range, the product refused', () => {
  const big = plan({ length: 8192, heads: 16, headDim: 128 });
  assert.equal(big.ok, false);
  assert.ok(big.work > WORK_LIMIT);
  assert.equal(plan({ length: 8192, heads: 1, headDim: 4 }).ok, true);
  assert.equal(plan({ length: 1024, heads: 16, headDim: 128 }).ok, false);
  // work = Σ 3·H·Dh·l² (scores and weighted sum, full plus causal at about half)
  assert.equal(plan({ length: 32, heads: 2, headDim: 4 }).work, 3 * 2 * 4 * (16 ** 2 + 32 ** 2));
});

test('timings exactly proportional to L² give back their constant', () => {
  const c = 3e-5;
  assert.ok(Math.abs(fitSquare([256, 512, 1024].map((length) => ({ length, ms: c * length ** 2 }))) - c) < 1e-15);
  assert.ok(Number.isNaN(fitSquare([])));
});

test('the causal sentence explains the saving only when the run showed it', () => {
  assert.deepEqual(causalFact({ fullMs: 40, causalMs: 22 }), { ratio: 0.55, key: 'longCausalSentence' });
  // A busy machine can make the causal run the slower one: then the page says the saving did not show.
  assert.deepEqual(causalFact({ fullMs: 10, causalMs: 32.1 }), { ratio: 3.21, key: 'longCausalNoSaving' });
  assert.equal(causalFact({ fullMs: 4, causalMs: 4 * CAUSAL_SAVING }).key, 'longCausalNoSaving');
  assert.equal(causalFact({ fullMs: 4, causalMs: 4 * CAUSAL_SAVING - 1e-9 }).key, 'longCausalSentence');
});
