// lesson-does-adding-hurt.test.mjs: the numbers the lesson does-adding-hurt prints: document 002's
// reported ResNet-50 probability 0.06685701 printed as 6.7%; read-back with E = 0 (X = PE exactly,
// so every position is its own nearest sinusoid); the four terms of q·k adding up to the total.
import test from 'node:test';
import assert from 'node:assert/strict';
import { useSite } from './browser.mjs';
import { openLesson, proseValues, cellsByCaption, until } from './lesson-page.mjs';

const site = useSite();

test('does-adding-hurt prints the document\'s 6.7% for "diaper"', async () => {
  for (const lang of ['en', 'ja', 'zh']) {
    const { page } = await openLesson(site, 'does-adding-hurt', 1, lang, { fresh: true });
    assert.ok((await proseValues(page)).includes('6.7%'), lang);
    await page.close();
  }
});

test('does-adding-hurt: with σ = 0 every position is read back, and the σ = 0 column of the sweep is 1', async () => {
  const { page } = await openLesson(site, 'does-adding-hurt', 2, 'en', { fresh: true });
  const rows = await cellsByCaption(page, 'Positions read back');
  assert.equal(rows.length, 2);
  assert.notDeepEqual(rows[1], rows[0], 'at the lesson\'s σ some position is misread');
  await page.locator('pe-input').filter({ hasText: 'Scale σ of E' }).first().locator('input[type="text"]').fill('0');
  await until(async () => (await proseValues(page)).includes('100%'), 'the read-back follows σ = 0');
  const clean = await cellsByCaption(page, 'Positions read back');
  assert.deepEqual(clean[1], clean[0]);
  assert.ok((await proseValues(page)).includes('100%'));
  assert.match(await page.locator('.step .blocks').innerText(), /row p̂, the answer of the nearest sinusoid, equals row pos/);
  await page.close();
  const sweep = await openLesson(site, 'does-adding-hurt', 3, 'en', { fresh: true });
  const table = await cellsByCaption(sweep.page, 'Share of positions read back correctly');
  assert.equal(table.length, 7);
  assert.ok(table.every((r) => r[0] === '1.00'), `first column ${table.map((r) => r[0])}`);
  // The prose says only what the table shows. With the lesson's lists a wider D sometimes reads
  // back less (D = 4 below D = 2 at σ = 4: 7.5% against 9.1%), and at σ = 2 a row of E is longer.
  const text = () => sweep.page.locator('.step .blocks').innerText();
  assert.match(await text(), /The share falls as E grows, but it does not rise with the width at every scale/);
  assert.match(await text(), /a row of E is longer than a row of PE/);
  assert.match(await text(), /every width reads back 100%/);
  // σ up to 1: at σ = 0.5 a row of E (σ²D = 32 at D = 128) is no longer than a row of PE (D/2 = 64);
  // D = 2 still reads back a little more than D = 4 at σ = 1. Without D = 2 every column rises.
  const scales = sweep.page.locator('pe-matrix[data-name="scales"] input');
  for (const [j, v] of [[1, '0.1'], [2, '0.2'], [3, '0.3'], [4, '0.5'], [5, '1']]) await scales.nth(j).fill(v);
  await until(async () => /a row of E is no longer than a row of PE/.test(await text()), 'E no longer than PE at σ = 0.5');
  assert.match(await text(), /does not rise with the width at every scale/);
  await sweep.page.locator('pe-matrix[data-name="dims"] input').nth(0).fill('4');
  await until(async () => /falls as E grows and rises with the width at every scale/.test(await text()), 'the trends hold without D = 2');
  // A first σ above 0 no longer adds nothing.
  await scales.nth(0).fill('0.05');
  await until(async () => /the first scale of your list/.test(await text()), 'the first σ is not 0');
  assert.doesNotMatch(await text(), /nothing was added to disturb the sinusoids/);
  await sweep.page.close();
});

test('does-adding-hurt: the four terms add up to the total the sentence shows', async () => {
  const { page } = await openLesson(site, 'does-adding-hurt', 4, 'en', { fresh: true });
  const sentence = await page.locator('.step p', { hasText: 'What attention actually sees' }).textContent();
  const nums = [...sentence.replace(/\u2212/g, '-').matchAll(/-?\d+\.\d+/g)].map((m) => Number(m[0]));
  assert.equal(nums.length, 5);
  const [total, ...terms] = nums;
  assert.ok(Math.abs(total - terms.reduce((a, b) => a + b, 0)) <= 0.025, sentence);
  // σ = 0: E is zero, only the position–position term is left; the answers step reads back everything.
  await page.locator('pe-input[data-name="scale"] input[type="text"]').fill('0');
  await until(async () => /With σ = 0, E is zero, and so are the token–token term and both cross terms/.test(await page.locator('.step .blocks').innerText()), 'σ = 0 leaves the position–position term');
  await page.click('.pager .next');
  await page.waitForSelector('article.lesson[data-step="5"]');
  await until(async () => /recovers every position \(100%\) straight from the sum/.test(await page.locator('.step .blocks').innerText()), 'σ = 0 reads back every position');
  await page.close();
});
