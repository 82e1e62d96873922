// lesson-learned-absolute.test.mjs: the lesson learned-absolute: the table refuses positions past
// its rows with the core's message, and a sentence's position vectors are the first rows of the
// table, as typed.
import test from 'node:test';
import assert from 'node:assert/strict';
import { useSite } from './browser.mjs';
import { openLesson, cellsByCaption, until } from './lesson-page.mjs';

const site = useSite();

test('learned-absolute names position 7 and position 6 as past the 6-row table, and accepts positions inside', async () => {
  const { page } = await openLesson(site, 'learned-absolute', 3, 'en', { fresh: true });
  const errors = await page.locator('pe-node-error').allTextContents();
  assert.ok(errors[0].includes("position id 7 is outside the table's 6 rows"), errors[0]);
  assert.ok(errors[1].includes("position id 6 is outside the table's 6 rows"), errors[1]);
  await page.locator('pe-matrix').first().locator('input').nth(1).fill('5');
  await page.waitForFunction(() => !document.querySelector('pe-node-error').textContent.includes('outside'));
  await page.close();
});

test('learned-absolute: the positions of a sentence are the first rows of the table, as typed', async () => {
  const { page } = await openLesson(site, 'learned-absolute', 2, 'en', { fresh: true });
  const P = await cellsByCaption(page, 'Position vectors P');
  const T = await cellsByCaption(page, 'Position table T');
  assert.equal(P.length, 4);
  const asTyped = (m) => m.map((r) => r.map((x) => x.replace('\u2212', '-')));
  assert.deepEqual(asTyped(P), asTyped(T.slice(0, 4)));
  assert.deepEqual(asTyped(P)[1], ['0.48', '0.21', '-0.15', '0.30'], 'row 1 as typed in the lesson');
  // Editing a cell of T changes the position vector that row belongs to.
  await page.locator('pe-matrix').filter({ has: page.locator('caption', { hasText: 'Position table T' }) }).first()
    .locator('tbody tr').nth(1).locator('input').nth(2).fill('0.99');
  await until(async () => (await cellsByCaption(page, 'Position vectors P'))[1][2] === '0.99', 'P follows the edited row of T');
  await page.locator('pe-input input[type="text"]').first().fill('The cat sat');
  await until(async () => (await cellsByCaption(page, 'Position vectors P')).length === 3, 'P has one row per word');
  await page.close();
});
