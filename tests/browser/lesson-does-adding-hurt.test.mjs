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
  await page.close();
  const sweep = await openLesson(site, 'does-adding-hurt', 3, 'en', { fresh: true });
  const table = await cellsByCaption(sweep.page, 'Share of positions read back correctly');
  assert.equal(table.length, 7);
  assert.ok(table.every((r) => r[0] === '1.00'), `first column ${table.map((r) => r[0])}`);
  await sweep.page.close();
});

test('does-adding-hurt: the four terms add up to the total the sentence shows', async () => {
  const { page } = await openLesson(site, 'does-adding-hurt', 4, 'en', { fresh: true });
  const sentence = await page.locator('.step p', { hasText: 'What attention actually sees' }).textContent();
  const nums = [...sentence.replace(/\u2212/g, '-').matchAll(/-?\d+\.\d+/g)].map((m) => Number(m[0]));
  assert.equal(nums.length, 5);
  const [total, ...terms] = nums;
  assert.ok(Math.abs(total - terms.reduce((a, b) => a + b, 0)) <= 0.025, sentence);
  await page.close();
});
