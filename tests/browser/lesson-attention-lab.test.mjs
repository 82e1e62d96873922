// lesson-attention-lab.test.mjs: the capstone lesson attention-lab in headless Chromium: attention
// without positions is permutation-equivariant (shuffling the sentence shuffles the outputs and
// changes nothing else); the prose prints the limits its computations use; heads are numbered from 1.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
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

test('attention without positions is permutation-equivariant in the lab (weights and outputs); with sinusoids the twin words separate', async () => {
  const { page, problems } = await open(site, 'attention-lab', 2);

  // The weights, read from the heatmap's table of values (2 decimals).
  await page.locator('pe-heatmap[data-name="wNone"] details.alternative summary').click();
  const weightsBefore = await cells(page, 'wNone');
  weightsBefore.forEach((row) => assert.ok(Math.abs(row.reduce((a, b) => a + b, 0) - 1) <= 0.03, 'each row of weights sums to 1'));
  const before = await cells(page, 'outNone');
  // "the cat sat on the mat": both "the" rows have the same q, k, v, hence the same output.
  assert.equal(before.length, 6);
  assert.deepEqual(before[0], before[4]);
  assert.match(await stepText(page), /\b2 rows of the output below coincide/);
  const marked = await page.locator('pe-matrix[data-name="outNone"] tbody tr').evaluateAll((trs) => trs.map((tr) => tr.classList.contains('highlight')));
  assert.deepEqual(marked, [true, false, false, false, true, false]);

  // Shuffle: "mat the on sat cat the" takes the old rows 5, 0, 3, 2, 1, 4.
  await setInput(page, 'text', 'mat the on sat cat the');
  await page.waitForFunction(() => document.querySelector('pe-matrix[data-name="outNone"] tbody th')?.textContent === 'mat');
  const after = await cells(page, 'outNone');
  const order = [5, 0, 3, 2, 1, 4];
  // Weights: row i, column j after the shuffle is row order[i], column order[j] before it.
  await page.waitForFunction(() => document.querySelector('pe-heatmap[data-name="wNone"] pe-matrix tbody th')?.textContent === 'mat');
  const weightsAfter = await cells(page, 'wNone');
  order.forEach((si, i) => order.forEach((sj, j) =>
    assert.ok(Math.abs(weightsAfter[i][j] - weightsBefore[si][sj]) <= 0.0051, `weight ${i},${j}: ${weightsAfter[i][j]} vs ${weightsBefore[si][sj]}`)));
  order.forEach((src, i) => after[i].forEach((x, j) =>
    assert.ok(Math.abs(x - before[src][j]) <= 1.5e-3, `row ${i} column ${j}: ${x} vs ${before[src][j]} (rounded to 3 decimals)`)));

  // Step 3: with sinusoidal positions added, no two output rows coincide.
  await page.locator('button.next').click();
  await page.locator('article.lesson[data-step="3"]').waitFor();
  assert.match(await stepText(page), /with positions, 0 output rows coincide/);
  assert.deepEqual(problems, CLEAN);
});

test('the lab\'s prose prints the limits its computations use: Shaw\'s clipping k, T5\'s maximum distance, the longest L', async () => {
  const lab = JSON.parse(fs.readFileSync(new URL('../../tutorials/lessons/attention-lab.json', import.meta.url), 'utf8'));
  const { page, problems } = await open(site, 'attention-lab', 4);
  await page.waitForFunction(() => !document.querySelector('.block-loading'));
  // Shaw et al. (2018) clip j − i to [−k, k]: 2k + 1 learned vectors.
  assert.match(await stepText(page), /distances from −2 to 2,.*Our 5 vectors/s);
  assert.match(await stepText(page), /maximum distance 16,/);
  await setInput(page, 'shawK', 3);
  await page.waitForFunction(() => /from −3 to 3,.*Our 7 vectors/s.test(document.querySelector('section.step')?.innerText ?? ''));
  await setInput(page, 't5MaxDistance', 40);
  await page.waitForFunction(() => /maximum distance 40,/.test(document.querySelector('section.step')?.innerText ?? ''));
  const failed = await page.locator('section.step span.value').evaluateAll((spans) => spans.filter((x) => x.textContent === '—').length);
  assert.equal(failed, 0, 'Shaw and T5 accept the new limits');
  await page.close();
  // The longest sequence the page allows is the input's own max (the prose reads the spec).
  const step7 = await open(site, 'attention-lab', 7);
  assert.match(await stepText(step7.page), new RegExp(`goes up to ${lab.inputs.longL.max}\\.`));
  assert.deepEqual(problems, CLEAN);
  assert.deepEqual(step7.problems, CLEAN);
});

test('the lab numbers heads from 1, as its panels do: the head shown is "head 1" by default, a head past H is refused', async () => {
  const { page, problems } = await open(site, 'attention-lab', 6);
  await page.waitForFunction(() => !document.querySelector('.block-loading'));
  assert.match(await stepText(page), /head 1 of 2:/);
  assert.match(await page.locator('pe-input[data-name="viewHead"]').innerText(), /1 = first/);
  await setInput(page, 'viewHead', 2);
  await page.waitForFunction(() => /head 2 of 2:/.test(document.querySelector('section.step')?.innerText ?? ''));
  await setInput(page, 'viewHead', 3);
  await page.waitForFunction(() => /head 3 is outside 1 … 2/.test(document.querySelector('section.step')?.innerText ?? ''));
  await setInput(page, 'H', 4);
  await page.waitForFunction(() => /head 3 of 4:/.test(document.querySelector('section.step')?.innerText ?? '') && !/is outside/.test(document.querySelector('section.step')?.innerText ?? ''));
  // Step 5's sentence about ALiBi follows the heads and the sentence: with 4 heads (steepest slope
  // 1/4) over twelve words, ALiBi changes the weights more than Shaw does.
  await setInput(page, 'text', 'one two three four five six seven eight nine ten eleven twelve');
  await page.locator('.pager .prev').click();
  await page.locator('article.lesson[data-step="5"]').waitFor();
  await page.waitForFunction(() => /the penalty is no longer small/.test(document.querySelector('section.step')?.innerText ?? ''));
  assert.doesNotMatch(await stepText(page), /over a few words the penalty stays small/);
  assert.deepEqual(problems, CLEAN);
});
