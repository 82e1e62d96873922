// lesson-six-words-2d.test.mjs: the lesson six-words-2d: document 004's sums with its P (a
// collision) and with the true sinusoid, whose values come from JavaScript's Math.sin / Math.cos in
// double precision, independently of the C++ core.
import test from 'node:test';
import assert from 'node:assert/strict';
import { useSite, openPage } from './browser.mjs';
import { CLEAN, goLesson, tableRows } from './lesson-page.mjs';

const site = useSite();
const MINUS = /\u2212/g;
const fix = (x, d) => (Math.abs(x) < 0.5 * 10 ** -d ? 0 : x).toFixed(d);
// One tab for the file, opened by the first test and moved from lesson to lesson.
let page, problems;
async function go(lesson, step, lang) {
  if (!page) ({ page, problems } = await openPage(site.context, site.url));
  await goLesson(page, site, lesson, step, lang);
}

test('004: the sums with the document\'s P, both [1.8, 1.4] rows marked as a collision', async () => {
  await go('six-words-2d', 2, 'zh');
  assert.deepEqual(await tableRows(page, 'X'), [['0.1', '1.2'], ['1.1', '1.0'], ['1.0', '1.4'], ['0.9', '1.7'], ['1.8', '1.4'], ['1.8', '1.4']]);
  const marked = await page.locator('pe-matrix[data-name="X"] tbody tr').evaluateAll((trs) => trs.map((tr) => tr.classList.contains('highlight')));
  assert.deepEqual(marked, [false, false, false, false, true, true]);
  assert.ok((await page.locator('.step').innerText()).includes('[1.8, 1.4]'));
});

test('004: the true sinusoid, [0.909, −0.416] at position 2, beside the document\'s values, and the correct sums', async () => {
  await go('six-words-2d', 3, 'en');
  const truth = [0, 1, 2, 3, 4, 5].map((p) => [fix(Math.sin(p), 3), fix(Math.cos(p), 3)]);
  const shown = (await tableRows(page, 'P')).map((r) => r.map((c) => c.replace(MINUS, '-')));
  assert.deepEqual(shown, truth);
  assert.deepEqual(shown[2], ['0.909', '-0.416']);
  const text = await page.locator('.step').innerText();
  assert.ok(text.includes('[0.909, \u22120.416]'), 'the prose shows P2 = [0.909, −0.416]');
  assert.ok(text.includes('[0.5, 0.8]'), 'and the document\'s P2 beside it');
  await go('six-words-2d', 4, 'en');
  const W = [[0.1, 0.2], [0.3, 0.4], [0.5, 0.6], [0.7, 0.8], [0.9, 1.0], [1.1, 1.2]];
  const expected = W.map(([a, b], p) => [fix(a + Math.sin(p), 3), fix(b + Math.cos(p), 3)]);
  assert.deepEqual((await tableRows(page, 'Xtrue')).map((r) => r.map((c) => c.replace(MINUS, '-'))), expected);
  assert.notDeepEqual(expected[4], expected[5], 'no collision with the true P');
});

test('no console error, page error, failed request or request elsewhere on the way', () => {
  // Requests cut short by the tests' own quick navigations (net::ERR_ABORTED) are not failures.
  assert.deepEqual({ ...problems, failed: problems.failed.filter((f) => !f.endsWith('net::ERR_ABORTED')) }, CLEAN);
});
