// lesson-order-blind-attention.test.mjs: the lesson order-blind-attention: the attention of "dog
// bites man" (X as typed in the lesson), computed in Python 3 with plain loops: softmax(X Xᵀ / √4)
// X, with sinusoidal P = [sin p, cos p, sin(p/100), cos(p/100)] added after the shuffle, with RoPE
// (interleaved pairs, θᵢ = 10000^(−2i/4)) on q and k, and causal.
import test from 'node:test';
import assert from 'node:assert/strict';
import { useSite } from './browser.mjs';
import { openLesson, proseValues, cellsByCaption, parseShown } from './lesson-page.mjs';

const site = useSite();

test('order-blind-attention: without positions the outputs only move, with sinusoids, RoPE or a mask they change', async () => {
  const { page } = await openLesson(site, 'order-blind-attention', 2, 'en', { fresh: true });
  // Python (plain loops): softmax(X Xᵀ / 2) X for the typed X, row "dog".
  assert.deepEqual((await cellsByCaption(page, 'Attention(X)'))[0], ['0.5862', '0.3491', '0.6144', '0.3802']);
  assert.deepEqual(await cellsByCaption(page, 'Attention(πX)'), await cellsByCaption(page, 'π · Attention(X)'));
  const v = await proseValues(page);
  assert.ok(parseShown(v[0]) < 1e-6, `largest difference without positions ${v[0]}`);
  assert.ok(v.includes('0.326'), 'weight of man on dog, 0.326 in Python');
  await page.close();
  const step4 = await openLesson(site, 'order-blind-attention', 4, 'en', { fresh: true });
  const w = await proseValues(step4.page);
  // Python: with P 0.76526, with RoPE 0.07545, causal 0.31976
  assert.ok(w.includes('0.075') && w.includes('0.320') && w.includes('0.765'), `${w}`);
  await step4.page.close();
});
