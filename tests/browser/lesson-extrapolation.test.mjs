// lesson-extrapolation.test.mjs: the capstone lesson extrapolation in headless Chromium: the
// learned table's refusal appears exactly past its last row, and the numbers the prose prints agree
// with expectations computed here from the published formulas (Vaswani et al., RoPE, ALiBi's
// get_slopes).
import test from 'node:test';
import assert from 'node:assert/strict';
import { useSite } from './browser.mjs';
import { CLEAN, setInput, openLesson } from './lesson-page.mjs';

const site = useSite();

// A new tab at the lesson's step, without what earlier tests typed; the machine may be busy, and
// these are not timing tests.
const open = (site, lesson, step, lang = 'en') => openLesson(site, lesson, step, lang, { fresh: true, timeout: 120000 });

// The numbers of a matrix block, parsed back from its cells (true minus signs included).
async function cells(page, name) {
  const loc = page.locator(`pe-matrix[data-name="${name}"] table tbody tr`);
  await loc.first().waitFor();
  return loc.evaluateAll((trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td'), (td) => Number(td.textContent.replace('−', '-')))));
}

const stepText = (page) => page.locator('section.step').innerText();

test('the learned table refuses exactly the first position past its rows, with the core\'s message', async () => {
  const { page, problems } = await open(site, 'extrapolation', 2);
  const errors = page.locator('pe-node-error');
  await errors.first().waitFor();
  // A table of L_train = 32 rows has rows 0 … 31: position 32 is the first without one.
  assert.match(await errors.nth(0).textContent(), /position id 32 is outside the table's 32 rows/);
  assert.match(await errors.nth(1).textContent(), /position id 32 is outside the table's 32 rows/);
  await setInput(page, 'Ltest', 32);
  await page.waitForFunction(() => document.querySelectorAll('pe-node-error')[1]?.classList.contains('ok'));
  assert.match(await errors.nth(1).textContent(), /No error/);
  // The prose no longer says there is nothing to look up.
  await page.waitForFunction(() => /every test position has a row and the lookup succeeds/.test(document.querySelector('section.step').innerText));
  assert.doesNotMatch(await stepText(page), /This is not a numerical problem but a missing one/);
  // The ALiBi step (6) says the test stays on the trained part of the line; back to step 2.
  await page.click('.step-list li:nth-child(6) a');
  await page.waitForFunction(() => /the test stays on the part of the straight line that training used/.test(document.querySelector('section.step')?.innerText ?? ''));
  assert.doesNotMatch(await stepText(page), /only larger penalties/);
  await page.click('.step-list li:nth-child(2) a');
  await page.waitForSelector('article.lesson[data-step="2"]');
  await setInput(page, 'Ltrain', 10);
  await page.waitForFunction(() => /position id 10 is outside the table's 10 rows/.test(document.querySelectorAll('pe-node-error')[0]?.textContent));
  assert.match(await errors.nth(1).textContent(), /position id 10 is outside the table's 10 rows/);
  assert.match(await stepText(page), /This is not a numerical problem but a missing one/);
  assert.deepEqual(problems, CLEAN);
});

test('the extrapolation lesson prints the values the published formulas give', async () => {
  const fmt = (x, d) => x.toFixed(d).replace('-', '−');

  // Sinusoids (Vaswani et al. §3.5): wavelength of pair i is 2π·10000^(2i/D); D = 16.
  let { page, problems } = await open(site, 'extrapolation', 3);
  let text = await stepText(page);
  assert.ok(text.includes(`shortest is ${fmt(2 * Math.PI, 2)} positions`), text);
  assert.ok(text.includes(`the next ${fmt(2 * Math.PI * 10000 ** (2 / 16), 2)}`));
  assert.deepEqual(problems, CLEAN);

  // RoPE: rotations keep lengths, so q·k at distance 0 with q = k = u is |u|², summed here in JS.
  ({ page, problems } = await open(site, 'extrapolation', 4));
  const squared = await page.evaluate(async () => {
    const pe = await (await import('/posenc.js')).loadPosenc();
    return Array.from(pe.randomMatrix(1, 16, { seed: 1 }).data).reduce((s, x) => s + x * x, 0);
  });
  assert.ok((await stepText(page)).includes(`at distance 0 the product is ${fmt(squared, 2)}`));
  // Pair 0 turns once every 2π positions: the 32 training positions already go all the way round.
  assert.match(await stepText(page), /Positions up to 32 cover only part of it/);
  await setInput(page, 'pairIndex', 0);
  await page.waitForFunction(() => /one turn every 6\.28 positions, so the positions up to 32 already go all the way round/.test(document.querySelector('section.step')?.innerText ?? ''));
  assert.deepEqual(problems, CLEAN);

  // ALiBi (Press et al., get_slopes): 8 heads → m_1 = 2^(−8/8) = 0.5; bias of the farthest key
  // for the last query is −m_1·(L − 1): L_test = 64 → −31.5, L_train = 32 → −15.5.
  ({ page, problems } = await open(site, 'extrapolation', 6));
  text = await stepText(page);
  const m1 = 2 ** -1;
  assert.ok(text.includes(`slope ${m1.toFixed(4)}`));
  assert.ok(text.includes(`farthest key gets ${fmt(-m1 * 63, 1)}`));
  assert.ok(text.includes(`farthest key got ${fmt(-m1 * 31, 1)}`));
  const slopes = await cells(page, 'slopesRow');
  assert.deepEqual(slopes[0], [1, 2, 3, 4, 5, 6, 7, 8].map((h) => Number((2 ** (-h)).toFixed(4))));
  assert.deepEqual(problems, CLEAN);
});
