// lesson-rope.test.mjs: the rotations the lesson rope shows (both pairings, q_m·k_n, linear
// scaling) and its pe-rope-pairs widget, compared with the formulas of RoFormer and rotate_half
// evaluated with python3's math module (commands in the comments).
import test from 'node:test';
import assert from 'node:assert/strict';
import { useSite } from './browser.mjs';
import { openLesson, goLesson, table, stepText, setInput, until } from './lesson-page.mjs';

const site = useSite();
const close = (actual, expected, tol, what) =>
  assert.ok(Math.abs(actual - expected) <= tol, `${what}: ${actual} is not within ${tol} of ${expected}`);

test('rope: q rotated at m = 3 in both pairings, as RoFormer/Llama (interleaved) and rotate_half (halves) compute it', async () => {
  // python3, θ_i = 10000^(−2i/8), angle 3·θ_i:
  //   interleaved (2i, 2i+1): x'_a = a cos − b sin, x'_b = a sin + b cos on columns (2i, 2i+1)
  //   halves (i, i+4): the same on columns (i, i+4), i.e. q·cos + rotate_half(q)·sin
  const interleaved = [-0.99, 0.1411, 0.3368, 0.9416, -0.03, 0.9996, -0.8018, 0.5976];
  const halves = [-0.99, -0.2955, 0.6237, 0.7982, 0.1411, 0.9553, -0.7816, 0.6024];
  {
    const { page, problems } = await openLesson(site, 'rope', 1);
    const { values } = await table(page, 'qTable');
    interleaved.forEach((x, j) => close(values[1][j], x, 6e-4, `interleaved column ${j}`));
    // The sentences follow m and q: at m = 500 the last pair (θ = 10000^(−6/8) = 0.001) has turned
    // by 0.5 rad, not "barely"; a first pair other than (1, 0) is not (cos m, sin m).
    assert.match(await stepText(page), /has become -0\.990, 0\.141, that is/);
    assert.match(await stepText(page), /has barely moved/);
    await setInput(page, 'm', 500);
    await until(async () => /it has still turned by 0\.50 radians/.test(await stepText(page)), 'm = 500 turns the last pair by 0.5 rad');
    await page.locator('pe-matrix[data-name="q"] input').nth(0).fill('0.5');
    await until(async () => /has turned from 0\.5, 0\.0 to/.test(await stepText(page)), 'another first pair');
    await page.click('.lesson-foot .reset');
    await until(async () => /has barely moved/.test(await stepText(page)), 'reset');
    assert.deepEqual(problems.console, []);
    await page.close();
  }
  {
    const { page, problems } = await openLesson(site, 'rope', 4);
    const { values } = await table(page, 'layoutTable');
    interleaved.forEach((x, j) => close(values[1][j], x, 6e-4, `interleaved column ${j}`));
    halves.forEach((x, j) => close(values[2][j], x, 6e-4, `halves column ${j}`));
    assert.match(await stepText(page), /the largest difference is 0\./, 'halves(Pq) = P·interleaved(q)');
    assert.deepEqual(problems.console, []);
    await page.close();
  }
});

test('rope: the pe-rope-pairs widget draws one panel per pair with the core\'s wavelengths and follows its slider', async () => {
  const { page, problems } = await openLesson(site, 'rope', 2);
  const widget = page.locator('pe-rope-pairs');
  await widget.locator('svg').waitFor();
  const svgText = await widget.locator('svg').textContent();
  // wavelengths 2π·10000^(2i/8): 6.28, 62.83, 628, 6283 (python3: [2*pi*10000**(2*i/8) for i in range(4)])
  for (const w of ['6.28', '62.83', '628', '6283']) assert.ok(svgText.includes(w), `wavelength ${w} is shown`);
  assert.equal(await widget.locator('svg > g').count(), 4);
  await widget.locator('input[type="range"]').fill('3');
  assert.equal(await widget.locator('output').textContent(), '3');
  assert.deepEqual(problems.console, []);
  await page.close();
});

test('rope: q_m · k_n depends only on m − n; linear scaling m·θ/N', async () => {
  {
    const { page, problems } = await openLesson(site, 'rope', 3);
    // python3: dot(rot(q, 1), rot(k, 0)) = dot(rot(q, 4), rot(k, 3)) = 0.9359; dot(rot(q, 5), rot(k, 1)) = 1.8693
    assert.match(await stepText(page), /give 0\.9359, 0\.9359 and 0\.9359; \(5, 1\) and \(7, 3\) give 1\.8693 and 1\.8693/);
    // Uneven positions: a diagonal no longer holds one distance, and the text says so.
    await page.click('.step-list li:nth-child(2) a');
    await page.waitForSelector('article.lesson[data-step="2"]');
    await page.locator('pe-matrix[data-name="positions"] input').nth(4).fill('10');
    await page.click('.step-list li:nth-child(3) a');
    await page.waitForSelector('article.lesson[data-step="3"]');
    await until(async () => /With your positions the steps between neighbours differ/.test(await stepText(page)), 'uneven positions');
    await page.click('.lesson-foot .reset');
    await until(async () => /every diagonal \(a fixed/.test(await stepText(page)), 'reset');
    assert.deepEqual(problems.console, []);
    await page.close();
  }
  {
    const { page, problems } = await openLesson(site, 'rope', 5);
    // python3: pair 1 of q = (0.6, 0.8) at position 15: angle 15·0.1 → (−0.7556, 0.6551); with N = 2: 7.5·0.1 → (−0.1063, 0.9943)
    const text = await stepText(page);
    assert.match(text, /position 15 lands at \[-0\.756, 0\.655\]/);
    assert.match(text, /position 15 is turned as position 7\.50 would be, and lands at \[-0\.106, 0\.994\]/);
    // 15/2 = 7.5 lies past the last training position, 7: the sentence says so instead of "between".
    assert.match(text, /some positions still fall outside the range seen in training/);
    assert.doesNotMatch(text, /falls between the training points/);
    assert.match(text, /times more slowly/);
    // N = 2.5: 15/2.5 = 6, inside 0 … 7.
    await setInput(page, 'N', '2.5');
    await until(async () => /falls between the training points/.test(await stepText(page)), 'N = 2.5 brings every position inside');
    assert.match(await stepText(page), /position 15 is turned as position 6\.00 would be/);
    // N = 1: plain RoPE, nothing pulled back.
    await setInput(page, 'N', '1');
    await until(async () => /nothing is scaled: this is plain RoPE/.test(await stepText(page)), 'N = 1 is plain RoPE');
    assert.match(await stepText(page), /the positions are not pulled back/);
    assert.doesNotMatch(await stepText(page), /falls between the training points|times more slowly/);
    // N = 0.5 turns faster; the same tab in Japanese keeps the edit and says so too.
    await setInput(page, 'N', '0.5');
    await until(async () => /every pair turns faster instead/.test(await stepText(page)), 'N = 0.5 turns faster');
    await goLesson(page, site, 'rope', 5, 'ja');
    assert.match(await stepText(page), /どの組も逆に速く回り/);
    await setInput(page, 'N', '2.5');
    await until(async () => /同じ長い入力が学習時の点のあいだに収まり/.test(await stepText(page)), 'ja: N = 2.5 brings every position inside');
    // Positions that stay within training need no scaling: the first sentence turns round.
    await page.locator('pe-matrix[data-name="longPositions"] input').nth(15).fill('7');
    for (let i = 8; i < 15; i++) await page.locator('pe-matrix[data-name="longPositions"] input').nth(i).fill(String(i - 8));
    await until(async () => /スケーリングしなくてもその先の角度には達しません/.test(await stepText(page)), 'ja: the longer input within the training range');
    assert.deepEqual(problems.console, []);
    await page.close();
  }
});
