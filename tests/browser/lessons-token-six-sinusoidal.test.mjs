// lessons-token-six-sinusoidal.test.mjs: the worked examples of the first three lessons, and what
// the page does with edits: results follow at once, invalid cells are marked with a message in
// the current language while results keep their last good values, edits survive a reload and a
// language switch, reset restores the document's values, a corrupt stored state is discarded with a
// notice, exports give the numbers. Expected numbers come from the documents (000, 004 print them)
// or from JavaScript's Math.sin / Math.cos in double precision, independently of the C++ core.
import test from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, openPage, startServer } from './browser.mjs';

const MINUS = /\u2212/g;
const num = (s) => Number(String(s).replace(MINUS, '-'));
const fix = (x, d) => (Math.abs(x) < 0.5 * 10 ** -d ? 0 : x).toFixed(d);

async function settled(page, step) {
  await page.waitForSelector(`article.lesson[data-step="${step}"]`);
  await page.waitForFunction(() => !document.querySelector('.block-loading'));
}

function tableRows(page, name) {
  return page.locator(`pe-matrix[data-name="${name}"]`).first().locator('tbody tr').evaluateAll((trs) =>
    trs.map((tr) => Array.from(tr.querySelectorAll('td'), (td) => td.querySelector('input')?.value ?? td.textContent)));
}

const clean = { console: [], page: [], failed: [], offsite: [] };

test('the first three lessons', async (t) => {
  const server = await startServer({ port: 0 });
  const browser = await launchBrowser();
  t.after(async () => { await browser.close(); await server.close(); });
  const base = server.url;
  const { page, problems } = await openPage(browser.context, `${base}?lesson=token-plus-position&step=3&lang=ja`);
  const go = async (lesson, step, lang) => {
    await page.goto(`${base}?lesson=${lesson}&step=${step}&lang=${lang}`);
    await settled(page, step);
  };

  await t.test('000: the sums E + P appear in a table as the document prints them', async () => {
    await go('token-plus-position', 3, 'ja');
    assert.deepEqual(await tableRows(page, 'X'), [
      ['0.3', '0.7', '0.6', '0.3'],
      ['0.6', '0.2', '0.8', '0.6'],
      ['0.9', '0.4', '0.3', '0.9'],
    ]);
    const text = await page.locator('.step').innerText();
    assert.ok(text.includes('[0.3, 0.7, 0.6, 0.3]') && text.includes('[0.9, 0.4, 0.3, 0.9]'), 'the prose quotes the computed sums');
  });

  await t.test('editing a cell updates every result downstream at once, and survives a reload', async () => {
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

  await t.test('an invalid cell is marked with a message in the current language; results keep their last good values; fixing recovers', async () => {
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

  await t.test('a corrupt stored state is discarded with a notice and the page still works', async () => {
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

  await t.test('export gives CSV, LaTeX and NumPy of a matrix, and SVG and PNG of a plot', async () => {
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

  await t.test('004: the sums with the document\'s P, both [1.8, 1.4] rows marked as a collision', async () => {
    await go('six-words-2d', 2, 'zh');
    assert.deepEqual(await tableRows(page, 'X'), [['0.1', '1.2'], ['1.1', '1.0'], ['1.0', '1.4'], ['0.9', '1.7'], ['1.8', '1.4'], ['1.8', '1.4']]);
    const marked = await page.locator('pe-matrix[data-name="X"] tbody tr').evaluateAll((trs) => trs.map((tr) => tr.classList.contains('highlight')));
    assert.deepEqual(marked, [false, false, false, false, true, true]);
    assert.ok((await page.locator('.step').innerText()).includes('[1.8, 1.4]'));
  });

  await t.test('004: the true sinusoid, [0.909, −0.416] at position 2, beside the document\'s values, and the correct sums', async () => {
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

  await t.test('sinusoidal: the formula\'s values, 2π as the first wavelength, sizes from the inputs', async () => {
    await go('sinusoidal', 1, 'en');
    const small = (await tableRows(page, 'small')).map((r) => r.map(num));
    for (let pos = 0; pos < 4; pos++) {
      const want = [Math.sin(pos), Math.cos(pos), Math.sin(pos / 100), Math.cos(pos / 100)];
      want.forEach((w, j) => assert.ok(Math.abs(small[pos][j] - w) <= 0.0005, `PE(${pos}, ${j}) = ${w}`));
    }
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

  // Requests cut short by the test's own quick navigations (net::ERR_ABORTED) are not failures.
  problems.failed = problems.failed.filter((f) => !f.endsWith('net::ERR_ABORTED'));
  assert.deepEqual(problems, clean);
});
