// lesson-token-plus-position.test.mjs: the first lesson shows document 000's example computed live
// by the WASM core, in a <table>, in Japanese as in English, with no console error; the numbers
// come from the document (000 prints them) and from the page's own module.
import test from 'node:test';
import assert from 'node:assert/strict';
import { useSite, openPage } from './browser.mjs';
import { CLEAN, goLesson, tableRows } from './lesson-page.mjs';

const site = useSite();
// One tab for the file, opened by the first test and moved from lesson to lesson.
let page, problems;
async function go(lesson, step, lang) {
  if (!page) ({ page, problems } = await openPage(site.context, site.url));
  await goLesson(page, site, lesson, step, lang);
}

test('the index lists the lessons, the first being token-plus-position', async () => {
  const home = await openPage(site.context, site.url);
  await home.page.locator('.lesson-index li').first().waitFor();
  assert.equal(await home.page.locator('.lesson-index li').first().getAttribute('data-lesson'), 'token-plus-position');
  assert.deepEqual(home.problems, CLEAN);
  await home.page.close();
});

test('step 3 shows the 000 example computed by the core, in a <table>', async () => {
  await go('token-plus-position', 3, 'en');
  // 000_9ef35bc84afd2ab9.txt prints these sums (E101 + P0 = [0.3, 0.7, 0.6, 0.3], …).
  assert.deepEqual(await tableRows(page, 'X'), [
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
});

test('000: the sums E + P appear in a table as the document prints them', async () => {
  await go('token-plus-position', 3, 'ja');
  assert.deepEqual(await tableRows(page, 'X'), [
    ['0.3', '0.7', '0.6', '0.3'],
    ['0.6', '0.2', '0.8', '0.6'],
    ['0.9', '0.4', '0.3', '0.9'],
  ]);
  const text = await page.locator('.step').innerText();
  assert.ok(text.includes('[0.3, 0.7, 0.6, 0.3]') && text.includes('[0.9, 0.4, 0.3, 0.9]'), 'the prose quotes the computed sums');
});

test('no console error, page error, failed request or request elsewhere on the way', () => {
  // Requests cut short by the tests' own quick navigations (net::ERR_ABORTED) are not failures.
  assert.deepEqual({ ...problems, failed: problems.failed.filter((f) => !f.endsWith('net::ERR_ABORTED')) }, CLEAN);
});
