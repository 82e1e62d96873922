// lesson-linear-shift.test.mjs: the numbers the lesson linear-shift prints, checked in headless
// Chromium against the paper's formula in Python 3 (math module): 2*math.pi = 6.283…,
// 2*math.pi*10000 = 62831.85…, 2*math.pi*10000**(510/512) = 60611.48…, sum(math.cos(3 *
// 10000**(-2*m/8)) for m in range(4)) = 1.96489 (PE(i)·PE(i+3), D = 8); and its plot over pair
// indices has whole-number ticks.
import test from 'node:test';
import assert from 'node:assert/strict';
import { useSite } from './browser.mjs';
import { CLEAN, openLesson, proseValues, cellsByCaption, parseShown, until, setInput } from './lesson-page.mjs';

const site = useSite();

test('linear-shift prints 2π, the paper\'s 10000·2π ≈ 62832 and the true longest wavelength 60611 at D = 512', async () => {
  const { page, problems } = await openLesson(site, 'linear-shift', 1, 'en', { fresh: true });
  const v = await proseValues(page);
  assert.ok(v.includes('6.283'), `2π = 6.283 among ${v}`);
  assert.ok(v.includes('62832'), `10000·2π ≈ 62832 among ${v}`);
  assert.ok(v.includes('60611'), `2π·10000^(510/512) ≈ 60611 among ${v}`);
  // Another base: the sentence about the paper's model gives way to one about this base (100·2π ≈ 628).
  const text = () => page.locator('section.step').innerText();
  assert.match(await text(), /In the paper's model, D = 512, the longest wavelength is 60611/);
  await setInput(page, 'base', 100);
  await until(async () => /With base = 100 the progression heads for/.test(await text()), 'the sentence follows the base');
  assert.ok((await proseValues(page)).includes('628'), 'base·2π ≈ 628');
  assert.doesNotMatch(await text(), /In the paper's model/);
  assert.deepEqual(problems.console, []);
  await page.close();
});

test('linear-shift: M_k·PE(pos) equals PE(pos + k) to float rounding, for another k too', async () => {
  const { page } = await openLesson(site, 'linear-shift', 3, 'en', { fresh: true });
  const shifted = await cellsByCaption(page, 'Mₖ · PE(pos)');
  const direct = await cellsByCaption(page, 'PE(pos + k)');
  assert.equal(shifted.length, 6);
  const close = (a, b) => a.every((r, i) => r.every((x, j) => Math.abs(parseShown(x) - parseShown(b[i][j])) <= 1.5e-4));
  assert.ok(close(shifted, direct), 'Mₖ·PE(pos) and PE(pos + k) agree to the shown 4 decimals');
  // k = 3: PE(0) moved by 3 is PE(3) = [sin 3, cos 3, …] (Python: math.sin(3) = 0.14112, math.cos(3) = −0.98999)
  assert.deepEqual(shifted[0].slice(0, 2), ['0.1411', '\u22120.9900']);
  const worst = (await proseValues(page)).map((s) => s.trim()).find((s) => /×/.test(s));
  assert.ok(parseShown(worst) < 1e-5, `largest difference ${worst}`);
  const before = shifted[0][0];
  await page.locator('pe-input').filter({ hasText: 'Offset k' }).first().locator('input[type="text"]').fill('-2');
  await until(async () => (await cellsByCaption(page, 'Mₖ · PE(pos)'))[0][0] !== before, 'Mₖ·PE(pos) follows k');
  const after = await cellsByCaption(page, 'Mₖ · PE(pos)');
  assert.ok(close(after, await cellsByCaption(page, 'PE(pos + k)')));
  await page.close();
});

test('linear-shift: PE(i)·PE(j) is D/2 on the diagonal and the same for every pair three apart', async () => {
  const { page } = await openLesson(site, 'linear-shift', 4, 'en', { fresh: true });
  const v = await proseValues(page);
  // D = 8: S(0) = 4, S(3) = 1.96489 (Python, the sum of cosines above), three times.
  assert.ok(v.includes('4.000'));
  assert.equal(v.filter((s) => s === '1.965').length, 3, `three pairs three apart: ${v}`);
  await page.close();
});

test('its line plot over the pair index has whole-number x ticks (one point per pair)', async () => {
  const { page, problems } = await openLesson(site, 'linear-shift', 1, 'en', { fresh: true });
  await page.locator('pe-plot svg text.x-tick').first().waitFor();
  // The D/2 pairs are numbered 0 … D/2 − 1: with D = 8, 0 … 3 (before: 0.00, 0.50, …, 3.00).
  assert.deepEqual(await page.locator('pe-plot svg text.x-tick').allTextContents(), ['0', '1', '2', '3']);
  // With D = 20, pairs 0 … 9: about eight ticks, a whole step of 2.
  await page.locator('pe-input[data-name="D"] input[type="text"]').fill('20');
  await page.waitForFunction(() => Array.from(document.querySelectorAll('pe-plot svg text.x-tick'), (e) => e.textContent).join(' ') === '0 2 4 6 8');
  assert.deepEqual(problems, CLEAN);
  await page.close();
});
