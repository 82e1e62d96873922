// lesson-relative-positions.test.mjs: the numbers the lesson relative-positions shows (document
// 003's PE + RPE, the sample's sizes, Shaw et al.'s clipped distances and attention), read from the
// rendered page in headless Chromium and compared with the formulas as the papers write them
// (python3, commands in the comments).
import test from 'node:test';
import assert from 'node:assert/strict';
import { useSite } from './browser.mjs';
import { openLesson, goLesson, table, stepText, setInput, until } from './lesson-page.mjs';

const site = useSite();
const close = (actual, expected, tol, what) =>
  assert.ok(Math.abs(actual - expected) <= tol, `${what}: ${actual} is not within ${tol} of ${expected}`);

test('relative-positions: document 003\'s PE(pos₁) + RPE(pos₁ − pos₂) for one pair, both orders', async () => {
  const { page, problems } = await openLesson(site, 'relative-positions', 2);
  const { values } = await table(page, 'pairTable');
  // python3: pe = lambda p: [sin(p), cos(p), sin(p/100), cos(p/100)]  (d = 4: 10000^(2/4) = 100)
  //   pe(3) = [0.1411, -0.99, 0.03, 0.9996], pe(2) = [0.9093, -0.4161, 0.02, 0.9998]
  //   pe(3) + pe(2) = [1.0504, -1.4061, 0.05, 1.9994];  pe(1) + pe(-2) = [-0.0678, 0.1242, -0.01, 1.9998]
  const expected = [[0.1411, -0.99, 0.03, 0.9996], [0.9093, -0.4161, 0.02, 0.9998], [1.0504, -1.4061, 0.05, 1.9994]];
  expected.forEach((row, i) => row.forEach((x, j) => close(values[i][j], x, 6e-4, `row ${i} column ${j}`)));
  const swapped = (await table(page, 'swapT')).values[0];
  [-0.0678, 0.1242, -0.01, 1.9998].forEach((x, j) => close(swapped[j], x, 6e-4, `swapped column ${j}`));
  assert.match(await stepText(page), /the largest difference between the two is 0\./, 'the core\'s tensor holds the same vector');
  assert.match(await stepText(page), /Swap the two positions and the vector changes/);
  // pos₁ = pos₂: nothing to swap, and the text says so (in English, then in Chinese in the same tab).
  await setInput(page, 'pos2', 3);
  await until(async () => /there is nothing to swap/.test(await stepText(page)), 'pos₁ = pos₂ has nothing to swap');
  assert.doesNotMatch(await stepText(page), /Swap the two positions and the vector changes/);
  await goLesson(page, site, 'relative-positions', 2, 'zh');
  assert.match(await stepText(page), /时没有什么可交换的/);
  await setInput(page, 'pos2', 1);
  await until(async () => /交换两个位置，向量就变成/.test(await stepText(page)), 'zh: two positions swap again');
  assert.deepEqual(problems.console, []);
  await page.close();
});

test('relative-positions: the sample\'s sizes (50 tokens, 256 dimensions) give a 50 × 50 × 256 tensor of 2560000 bytes', async () => {
  const { page, problems } = await openLesson(site, 'relative-positions', 4);
  // python3: 50 * 50 * 256 = 640000 numbers; × 4 bytes (float32) = 2560000
  assert.match(await stepText(page), /a 50 × 50 × 256 tensor, 640000 numbers and 2560000 bytes/);
  assert.match(await stepText(page), /asks for \(2, 50, 256\)/);
  assert.deepEqual(problems.console, []);
  await page.close();
});

test('relative-positions: Shaw et al.\'s distances are clip(j − i, −k, k), key minus query', async () => {
  const { page, problems } = await openLesson(site, 'relative-positions', 6);
  const raw = (await table(page, 'distRaw')).values;
  // python3: [[j - i for j in range(8)] for i in range(8)]; clipped: max(-2, min(2, j - i))
  assert.deepEqual(raw, Array.from({ length: 8 }, (_, i) => Array.from({ length: 8 }, (_, j) => j - i)));
  assert.match(await stepText(page), /The first query's row reads \[0, 1, 2, 2, 2, 2, 2, 2\]/);
  assert.deepEqual(problems.console, []);
  await page.close();
});

test('relative-positions: attention with aᴷ and aⱽ on a repeated token gives the weights and outputs of Shaw et al.\'s formulas', async () => {
  const { page, problems } = await openLesson(site, 'relative-positions', 7);
  // python3: x = [1, 0, .5, 0]; e_ij = (x·x + x·aK[clip(j − i, −2, 2) + 2]) / √4; α = softmax_j(e);
  //   z_i = Σ_j α_ij (x + aV[clip(j − i) + 2]); row 3: α = [.1233, .1233, .4302, .2032, .0748, .0453]
  const out = (await table(page, 'shawOut')).values;
  const z1 = [0.4762, -0.0494, -0.2281, -0.3789, -0.5079, -0.6286];
  z1.forEach((x, i) => { close(out[i][0], 1, 0.005, `z${i}[0]`); close(out[i][1], x, 0.005, `z${i}[1]`); close(out[i][2], 0.5, 0.005, `z${i}[2]`); });
  const text = await stepText(page);
  assert.match(text, /every weight is 0\.167/);
  assert.match(text, /puts 0\.43 of its weight on its left neighbour and 0\.07 on its right neighbour/);
  assert.match(text, /so the outputs differ by position/);
  // aⱽ = 0: every output is x again, and the sentence no longer claims they differ.
  for (const r of [0, 1, 3, 4]) await page.locator(`pe-matrix[data-name="aV"] input[data-row="${r}"][data-col="1"]`).first().fill('0');
  await until(async () => /With your table the outputs of positions 0 and 1 come out the same/.test(await stepText(page)), 'aⱽ = 0');
  await page.click('.lesson-foot .reset');
  assert.deepEqual(problems.console, []);
  await page.close();
});
