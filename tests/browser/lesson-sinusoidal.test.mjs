// lesson-sinusoidal.test.mjs: the lesson sinusoidal: the formula's values (Math.sin / Math.cos in
// double precision), 2π as the first wavelength, sizes that follow the inputs and refuse bad ones.
import test from 'node:test';
import assert from 'node:assert/strict';
import { useSite, openPage } from './browser.mjs';
import { CLEAN, goLesson, tableRows, num } from './lesson-page.mjs';

const site = useSite();
// One tab for the file, opened by the first test and moved from lesson to lesson.
let page, problems;
async function go(lesson, step, lang) {
  if (!page) ({ page, problems } = await openPage(site.context, site.url));
  await goLesson(page, site, lesson, step, lang);
}

test('sinusoidal: the formula\'s values, 2π as the first wavelength, sizes from the inputs', async () => {
  await go('sinusoidal', 1, 'en');
  const small = (await tableRows(page, 'small')).map((r) => r.map(num));
  for (let pos = 0; pos < 4; pos++) {
    const want = [Math.sin(pos), Math.cos(pos), Math.sin(pos / 100), Math.cos(pos / 100)];
    want.forEach((w, j) => assert.ok(Math.abs(small[pos][j] - w) <= 0.0005, `PE(${pos}, ${j}) = ${w}`));
  }
  // Step 2 describes the column order it shows: left to right in the interleaved layout, each half in halves.
  await go('sinusoidal', 2, 'en');
  assert.match(await page.locator('.step').innerText(), /The columns on the left change quickly/);
  await page.locator('pe-input[data-name="layout"] input[type="radio"][value="halves"]').check();
  await page.waitForFunction(() => /In the halves layout the sines fill the left half/.test(document.querySelector('.step').innerText));
  await page.click('.lesson-foot .reset');
  await page.waitForFunction(() => /The columns on the left change quickly/.test(document.querySelector('.step').innerText));
  await go('sinusoidal', 3, 'en');
  const text = await page.locator('.step').innerText();
  assert.ok(text.includes((2 * Math.PI).toFixed(3)), 'the fastest wavelength is 2π');
  assert.ok(text.includes((2 * Math.PI * 10000 ** (126 / 128)).toFixed(0)), 'the slowest for d = 128 is 2π·10000^(126/128)');
  // change d: the wavelength text follows; an odd d is refused before anything is computed
  const field = page.locator('pe-input[data-name="D"] input[type="text"]');
  await field.fill('16');
  await page.waitForFunction((v) => document.querySelector('.step').innerText.includes(v), (2 * Math.PI * 10000 ** (14 / 16)).toFixed(0));
  await field.fill('9999');
  assert.equal(await field.getAttribute('aria-invalid'), 'true');
  assert.match(await page.locator('pe-input[data-name="D"] .input-message').innerText(), /512/);
  await page.click('.lesson-foot .reset');
  await go('sinusoidal', 4, 'en');
  assert.ok((await page.locator('.step').innerText()).match(/largest difference is 0\b/), 'halves regrouped equal interleaved exactly');
});

test('no console error, page error, failed request or request elsewhere on the way', () => {
  // Requests cut short by the tests' own quick navigations (net::ERR_ABORTED) are not failures.
  assert.deepEqual({ ...problems, failed: problems.failed.filter((f) => !f.endsWith('net::ERR_ABORTED')) }, CLEAN);
});
