// smoke.test.mjs: npm start's site loads in headless Chromium and the first lesson shows the 000
// example computed live by the WASM core, in a <table>, with no console error.
import test from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, openPage, startServer } from './browser.mjs';

test('the first lesson shows the 000 example computed by the core, with no console error', async (t) => {
  const server = await startServer({ port: 0 });
  const browser = await launchBrowser();
  t.after(async () => { await browser.close(); await server.close(); });

  // The home page lists the lessons, the first being token-plus-position.
  const home = await openPage(browser.context, server.url);
  await home.page.locator('.lesson-index li').first().waitFor();
  assert.equal(await home.page.locator('.lesson-index li').first().getAttribute('data-lesson'), 'token-plus-position');

  const { page, problems } = await openPage(browser.context, `${server.url}?lesson=token-plus-position&step=3&lang=en`);
  const cells = page.locator('pe-matrix[data-name="X"] table td');
  await cells.first().waitFor();
  const rows = await page.locator('pe-matrix[data-name="X"] table tbody tr').evaluateAll((trs) =>
    trs.map((tr) => Array.from(tr.querySelectorAll('td'), (td) => td.textContent)));
  // 000_9ef35bc84afd2ab9.txt prints these sums (E101 + P0 = [0.3, 0.7, 0.6, 0.3], …).
  assert.deepEqual(rows, [
    ['0.3', '0.7', '0.6', '0.3'],
    ['0.6', '0.2', '0.8', '0.6'],
    ['0.9', '0.4', '0.3', '0.9'],
  ]);
  // The values come from the core at run time: the page's own module computes the same thing.
  const live = await page.evaluate(async () => {
    const { loadPosenc } = await import('/posenc.js');
    const pe = await loadPosenc();
    return Array.from(pe.addEmbeddings(pe.matrix([[0.2, 0.7, 0.5, 0.1]]), pe.matrix([[0.1, 0, 0.1, 0.2]])).data);
  });
  assert.deepEqual(live.map((x) => x.toFixed(1)), ['0.3', '0.7', '0.6', '0.3']);
  assert.deepEqual(problems, { console: [], page: [], failed: [], offsite: [] });
  assert.deepEqual(home.problems, { console: [], page: [], failed: [], offsite: [] });
});
