// site-editing.test.mjs: what the page does with a learner's edits (on token-plus-position):
// results follow at once, invalid cells are marked with a message in the current language while
// results keep their last good values, edits survive a reload and a language switch, reset restores
// the document's values, a corrupt stored state is discarded with a notice; and exports give the
// numbers (CSV, LaTeX, NumPy of a matrix; SVG and PNG of a plot).
import test from 'node:test';
import assert from 'node:assert/strict';
import { useSite, openPage } from './browser.mjs';
import { CLEAN, goLesson, settled, tableRows } from './lesson-page.mjs';

const site = useSite();
// One tab for the file, opened by the first test and moved from lesson to lesson.
let page, problems;
async function go(lesson, step, lang) {
  if (!page) ({ page, problems } = await openPage(site.context, site.url));
  await goLesson(page, site, lesson, step, lang);
}

test('editing a cell updates every result downstream at once, and survives a reload', async () => {
  await go('token-plus-position', 3, 'en');
  const cell = page.locator('pe-matrix[data-name="E"] input[data-row="0"][data-col="0"]');
  await cell.fill('1.2');
  assert.deepEqual((await tableRows(page, 'X'))[0], ['1.3', '0.7', '0.6', '0.3']);
  assert.ok((await page.locator('.step').innerText()).includes('[1.3, 0.7, 0.6, 0.3]'), 'the prose follows the edit');
  await page.reload();
  await settled(page, 3);
  assert.equal(await cell.inputValue(), '1.2');
  assert.deepEqual((await tableRows(page, 'X'))[0], ['1.3', '0.7', '0.6', '0.3']);
  // kept across a language switch too
  await Promise.all([page.waitForURL(/lang=zh/), page.click('pe-lang-switch a[data-lang="zh"]')]);
  await settled(page, 3);
  assert.equal(await cell.inputValue(), '1.2');
  // reset restores the document's values
  await page.click('.lesson-foot .reset');
  await page.waitForFunction(() => document.querySelector('pe-matrix[data-name="E"] input').value === '0.2');
  assert.deepEqual((await tableRows(page, 'X'))[0], ['0.3', '0.7', '0.6', '0.3']);
  assert.equal(await page.locator('.notices .notice').count(), 1);
});

test('an invalid cell is marked with a message in the current language; results keep their last good values; fixing recovers', async () => {
  await go('token-plus-position', 3, 'ja');
  const cell = page.locator('pe-matrix[data-name="P"] input[data-row="1"][data-col="2"]');
  await cell.fill('0.5');
  assert.equal((await tableRows(page, 'X'))[1][2], '1.3');
  for (const bad of ['', 'abc', '1e999', 'NaN', '0x10', '1,5']) {
    await cell.fill(bad);
    assert.equal(await cell.getAttribute('aria-invalid'), 'true', `"${bad}" is marked`);
    const message = await page.locator('pe-matrix[data-name="P"] .cell-messages').innerText();
    assert.match(message, /[ぁ-ヿ]/, `"${bad}": the message is in Japanese`);
    assert.ok(message.includes('位置 1'), `"${bad}": the message names the row`);
    assert.equal(await cell.getAttribute('title') !== null, true);
    assert.equal((await tableRows(page, 'X'))[1][2], '1.3', `"${bad}": X keeps its last good value`);
    assert.equal((await tableRows(page, 'X'))[0][0], '0.3', `"${bad}": other results are untouched`);
  }
  // another cell still edits while one is invalid
  await page.locator('pe-matrix[data-name="P"] input[data-row="0"][data-col="0"]').fill('0.2');
  assert.equal((await tableRows(page, 'X'))[0][0], '0.4');
  await cell.fill('−0.1');
  assert.equal(await cell.getAttribute('aria-invalid'), null, 'a true minus sign is accepted');
  assert.equal((await tableRows(page, 'X'))[1][2], '0.7');
  assert.equal(await page.locator('pe-matrix[data-name="P"] .cell-messages li').count(), 0);
  await page.click('.lesson-foot .reset');
});

test('a corrupt stored state is discarded with a notice and the page still works', async () => {
  await go('token-plus-position', 3, 'en');
  for (const bad of ['{not json', '{"format":1,"inputs":{"E":[["1"]]}}', '{"format":99,"inputs":{}}', '{"format":1,"inputs":{"nope":"1"}}']) {
    await page.evaluate((v) => localStorage.setItem('posenc.lesson.token-plus-position', v), bad);
    await page.reload();
    await settled(page, 3);
    assert.equal(await page.locator('.notices .notice.warning').count(), 1, `${bad}: a notice`);
    assert.deepEqual((await tableRows(page, 'X'))[0], ['0.3', '0.7', '0.6', '0.3'], `${bad}: the document's values`);
    assert.equal(await page.evaluate(() => localStorage.getItem('posenc.lesson.token-plus-position')), null, `${bad}: removed`);
  }
});

test('export gives CSV, LaTeX and NumPy of a matrix, and SVG and PNG of a plot', async () => {
  await go('token-plus-position', 3, 'en');
  const x = page.locator('pe-matrix[data-name="X"]');
  await x.locator('details.export summary').click();
  const area = x.locator('textarea');
  await x.locator('button[data-format="exportCsv"]').click();
  // full single precision: 0.6 + 0.3 in float32 is 0.90000004, not 0.9
  const csv = (await area.inputValue()).trim().split('\n').map((l) => l.split(','));
  assert.deepEqual(csv.map((r) => r[0]), ['', 'The', 'cat', 'sat']);
  assert.deepEqual(csv[0], ['', '0', '1', '2', '3']);
  const sums = [[0.3, 0.7, 0.6, 0.3], [0.6, 0.2, 0.8, 0.6], [0.9, 0.4, 0.3, 0.9]];
  sums.forEach((row, i) => row.forEach((x, j) => assert.ok(Math.abs(Number(csv[i + 1][j + 1]) - x) < 1e-6, `CSV ${i},${j}`)));
  await x.locator('button[data-format="exportLatex"]').click();
  assert.match(await area.inputValue(), /^\\begin\{bmatrix\}\n {2}0\.3 & 0\.7 & 0\.6 & 0\.3 \\\\\n/);
  await x.locator('button[data-format="exportNumpy"]').click();
  assert.match(await area.inputValue(), /^X = np\.array\(\[\n {4}\[0\.3, 0\.7, 0\.6, 0\.3\],/);
  await go('six-words-2d', 3, 'en');
  const plot = page.locator('pe-plot').first();
  await plot.locator('details.export summary').click();
  for (const [format, type] of [['downloadSvg', /\.svg$/], ['downloadPng', /\.png$/]]) {
    const [download] = await Promise.all([page.waitForEvent('download'), plot.locator(`button[data-format="${format}"]`).click()]);
    assert.match(download.suggestedFilename(), type);
    const bytes = await (await download.createReadStream()).toArray();
    const head = Buffer.concat(bytes).subarray(0, 8);
    if (format === 'downloadPng') assert.deepEqual([...head.subarray(1, 4)], [0x50, 0x4e, 0x47]);
    else assert.match(head.toString(), /^<svg/);
  }
});

test('no console error, page error, failed request or request elsewhere on the way', () => {
  // Requests cut short by the tests' own quick navigations (net::ERR_ABORTED) are not failures.
  assert.deepEqual({ ...problems, failed: problems.failed.filter((f) => !f.endsWith('net::ERR_ABORTED')) }, CLEAN);
});
