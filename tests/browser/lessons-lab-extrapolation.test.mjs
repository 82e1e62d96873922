// lessons-lab-extrapolation.test.mjs: the capstone lesson attention-lab in headless Chromium: every
// step renders in every language; attention without positions is permutation-equivariant
// (shuffling the sentence shuffles the outputs and changes nothing else); the long-sequence step
// shows the backend that ran and the time, in the lesson's language.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { launchBrowser, openPage, startServer } from './browser.mjs';

const LANGS = JSON.parse(fs.readFileSync(new URL('../../tutorials/languages.json', import.meta.url), 'utf8'));
const CLEAN = { console: [], page: [], failed: [], offsite: [] };

async function open(context, server, lesson, step, lang = 'en') {
  const r = await openPage(context, `${server.url}?lesson=${lesson}&step=${step}&lang=${lang}`);
  r.page.setDefaultTimeout(120000);  // the machine may be busy; these are not timing tests
  await r.page.locator(`article.lesson[data-step="${step}"]`).waitFor();
  return r;
}

// The numbers of a matrix block, parsed back from its cells (true minus signs included).
async function cells(page, name) {
  const loc = page.locator(`pe-matrix[data-name="${name}"] table tbody tr`);
  await loc.first().waitFor();
  return loc.evaluateAll((trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td'), (td) => Number(td.textContent.replace('−', '-')))));
}

async function setInput(page, name, value) {
  const field = page.locator(`pe-input[data-name="${name}"] input[type="text"]`);
  await field.fill(String(value));
}

const stepText = (page) => page.locator('section.step').innerText();

test('every step of the lab renders in every language, with no raw template and no console error', async (t) => {
  const server = await startServer({ port: 0 });
  const browser = await launchBrowser();
  t.after(async () => { await browser.close(); await server.close(); });
  for (const lesson of ['attention-lab']) {
    const data = JSON.parse(fs.readFileSync(new URL(`../../tutorials/lessons/${lesson}.json`, import.meta.url), 'utf8'));
    for (const lang of LANGS) {
      for (let step = 1; step <= data.steps.length; step++) {
        const { page, problems } = await open(browser.context, server, lesson, step, lang.code);
        await page.waitForFunction(() => !document.querySelector('.block-loading'));
        const text = await stepText(page);
        const where = `${lesson} step ${step} (${lang.code})`;
        assert.equal(await page.locator('html').getAttribute('lang'), lang.html, where);
        assert.match(text, new RegExp(lang.script), `${where} is written in ${lang.code}`);
        assert.doesNotMatch(text, /undefined|NaN|\{[A-Za-z_][\w.[\]-]*(:[%\w]*)?\}|\[\[/, where);
        const failed = await page.locator('section.step span.value').evaluateAll((spans) => spans.filter((x) => x.textContent === '—').length);
        assert.equal(failed, 0, `${where}: no placeholder failed`);
        assert.deepEqual(problems, CLEAN, where);
        await page.close();
      }
    }
  }
});

test('attention without positions is permutation-equivariant in the lab; with sinusoids the twin words separate', async (t) => {
  const server = await startServer({ port: 0 });
  const browser = await launchBrowser();
  t.after(async () => { await browser.close(); await server.close(); });
  const { page, problems } = await open(browser.context, server, 'attention-lab', 2);

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
  order.forEach((src, i) => after[i].forEach((x, j) =>
    assert.ok(Math.abs(x - before[src][j]) <= 1.5e-3, `row ${i} column ${j}: ${x} vs ${before[src][j]} (rounded to 3 decimals)`)));

  // Step 3: with sinusoidal positions added, no two output rows coincide.
  await page.locator('button.next').click();
  await page.locator('article.lesson[data-step="3"]').waitFor();
  assert.match(await stepText(page), /with positions, 0 output rows coincide/);
  assert.deepEqual(problems, CLEAN);
});

test('the long-sequence step runs attentionAsync and shows the backend and the time in the lesson language', async (t) => {
  const server = await startServer({ port: 0 });
  const browser = await launchBrowser();  // no --enable-unsafe-webgpu: WebAssembly must run, and say why
  t.after(async () => { await browser.close(); await server.close(); });
  for (const [lang, backendTerm, unit] of [['en', 'Backend', 'ms'], ['ja', 'バックエンド', 'ミリ秒']]) {
    const { page, problems } = await open(browser.context, server, 'attention-lab', 7, lang);
    await page.evaluate(() => localStorage.clear());  // the previous language's edit of L is kept otherwise
    await page.reload();
    const backend = page.locator('pe-attention-run .attention-backend-backend');
    await page.waitForFunction(() => document.querySelector('pe-attention-run .attention-backend-backend')?.textContent, null, { timeout: 120000 });
    assert.ok(['WebAssembly', 'WebGPU'].includes(await backend.textContent()));
    assert.equal(await backend.textContent(), 'WebAssembly');
    const time = await page.locator('pe-attention-run .attention-backend-time').textContent();
    assert.match(time, new RegExp(`^[\\d,.]+ ${unit}$`));
    assert.ok(Number(time.replace(/[^\d.]/g, '')) > 0);
    const terms = await page.locator('pe-attention-run dt:not([hidden])').allTextContents();
    assert.equal(terms[0], backendTerm);
    assert.ok(await page.locator('pe-attention-run .attention-backend-reason').textContent(), 'the reason WebGPU was not used is shown');
    // The sizes come from the lesson's inputs; an edit runs it again with the new size.
    assert.match(await page.locator('pe-attention-run p').first().textContent(), /L = 1,?024/);
    await setInput(page, 'longL', 64);
    await page.waitForFunction(() => /L = 64\b/.test(document.querySelector('pe-attention-run p')?.textContent ?? ''));
    await page.waitForFunction(() => !document.querySelector('pe-attention-run button')?.disabled);
    assert.match(await page.locator('pe-attention-run .attention-backend-time').textContent(), new RegExp(`^[\\d,.]+ ${unit}$`));
    assert.deepEqual(problems, CLEAN);
    await page.close();
  }
});
