// lessons-lab-extrapolation.test.mjs: the two capstone lessons, attention-lab and extrapolation, in
// headless Chromium: every step renders in every language; the lab's attention without positions
// is permutation-equivariant (shuffling the sentence shuffles the outputs and changes nothing else);
// its long-sequence step shows the backend that ran and the time, in the lesson's language; the
// learned table's refusal appears exactly past its last row; the numbers the prose prints agree with
// expectations computed here from the published formulas.
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

test('every step of both lessons renders in every language, with no raw template and no console error', async (t) => {
  const server = await startServer({ port: 0 });
  const browser = await launchBrowser();
  t.after(async () => { await browser.close(); await server.close(); });
  for (const lesson of ['attention-lab', 'extrapolation']) {
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

test('attention without positions is permutation-equivariant in the lab (weights and outputs); with sinusoids the twin words separate', async (t) => {
  const server = await startServer({ port: 0 });
  const browser = await launchBrowser();
  t.after(async () => { await browser.close(); await server.close(); });
  const { page, problems } = await open(browser.context, server, 'attention-lab', 2);

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

test('the long-sequence step runs attentionAsync and shows the backend and the time in the lesson language', async (t) => {
  const server = await startServer({ port: 0 });
  t.after(() => server.close());
  for (const [lang, backendTerm, unit] of [['en', 'Backend', 'ms'], ['ja', 'バックエンド', 'ミリ秒']]) {
    // A fresh browser (fresh storage) per language, without --enable-unsafe-webgpu: WebAssembly
    // must run, and say why WebGPU did not.
    const browser = await launchBrowser();
    t.after(() => browser.close());
    const { page, problems } = await open(browser.context, server, 'attention-lab', 7, lang);
    const backend = page.locator('pe-attention-run .attention-backend-backend');
    await page.waitForFunction(() => document.querySelector('pe-attention-run .attention-backend-backend')?.textContent, null, { timeout: 120000 });
    assert.equal(await backend.textContent(), 'WebAssembly');
    const time = await page.locator('pe-attention-run .attention-backend-time').textContent();
    assert.match(time, new RegExp(`^[\\d,.]+ ${unit}$`));
    assert.ok(Number(time.replace(/[^\d.]/g, '')) > 0);
    const terms = await page.locator('pe-attention-run dt:not([hidden])').allTextContents();
    assert.equal(terms[0], backendTerm);
    // The reason is shown in the page's language (the UI string of attentionAsync's fallbackCode);
    // the API's English reason stays on the element for scripts.
    const reason = await page.locator('pe-attention-run .attention-backend-reason').textContent();
    const ui = JSON.parse(fs.readFileSync(new URL(`../../tutorials/ui.${lang}.json`, import.meta.url), 'utf8'));
    const last = await page.evaluate(() => document.querySelector('pe-attention-run').last);
    assert.ok(['no-gpu', 'no-adapter', 'gpu-failed'].includes(last.fallbackCode), `without WebGPU the code says why: ${last.fallbackCode}`);
    assert.match(last.fallbackReason, /navigator\.gpu|WebGPU/);
    const key = `gpuFallback${last.fallbackCode.replace(/(^|-)([a-z])/g, (_, __, c) => c.toUpperCase())}`;
    assert.equal(reason, ui[key], `the reason WebGPU was not used is ui.${lang}.json's ${key}`);
    if (lang === 'ja') assert.match(reason, /[ぁ-ヿ]/, 'the Japanese page gives the reason in Japanese');
    // The sizes come from the lesson's inputs; an edit runs it again with the new size.
    assert.match(await page.locator('pe-attention-run p').first().textContent(), /L = 1,?024/);
    await setInput(page, 'longL', 64);
    await page.waitForFunction(() => /L = 64\b/.test(document.querySelector('pe-attention-run p')?.textContent ?? ''));
    await page.waitForFunction(() => document.querySelector('pe-attention-run')?.busy === false);
    assert.match(await page.locator('pe-attention-run .attention-backend-time').textContent(), new RegExp(`^[\\d,.]+ ${unit}$`));
    assert.deepEqual(problems, CLEAN);
    await page.close();
  }
});

test('the lab\'s prose prints the limits its computations use: Shaw\'s clipping k, T5\'s maximum distance, the longest L', async (t) => {
  const server = await startServer({ port: 0 });
  const browser = await launchBrowser();
  t.after(async () => { await browser.close(); await server.close(); });
  const lab = JSON.parse(fs.readFileSync(new URL('../../tutorials/lessons/attention-lab.json', import.meta.url), 'utf8'));
  const { page, problems } = await open(browser.context, server, 'attention-lab', 4);
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
  const step7 = await open(browser.context, server, 'attention-lab', 7);
  assert.match(await stepText(step7.page), new RegExp(`goes up to ${lab.inputs.longL.max}\\.`));
  assert.deepEqual(problems, CLEAN);
  assert.deepEqual(step7.problems, CLEAN);
});

test('the lab numbers heads from 1, as its panels do: the head shown is "head 1" by default, a head past H is refused', async (t) => {
  const server = await startServer({ port: 0 });
  const browser = await launchBrowser();
  t.after(async () => { await browser.close(); await server.close(); });
  const { page, problems } = await open(browser.context, server, 'attention-lab', 6);
  await page.waitForFunction(() => !document.querySelector('.block-loading'));
  assert.match(await stepText(page), /head 1 of 2:/);
  assert.match(await page.locator('pe-input[data-name="viewHead"]').innerText(), /1 = first/);
  await setInput(page, 'viewHead', 2);
  await page.waitForFunction(() => /head 2 of 2:/.test(document.querySelector('section.step')?.innerText ?? ''));
  await setInput(page, 'viewHead', 3);
  await page.waitForFunction(() => /head 3 is outside 1 … 2/.test(document.querySelector('section.step')?.innerText ?? ''));
  await setInput(page, 'H', 4);
  await page.waitForFunction(() => /head 3 of 4:/.test(document.querySelector('section.step')?.innerText ?? '') && !/is outside/.test(document.querySelector('section.step')?.innerText ?? ''));
  assert.deepEqual(problems, CLEAN);
});

test('the learned table refuses exactly the first position past its rows, with the core\'s message', async (t) => {
  const server = await startServer({ port: 0 });
  const browser = await launchBrowser();
  t.after(async () => { await browser.close(); await server.close(); });
  const { page, problems } = await open(browser.context, server, 'extrapolation', 2);
  const errors = page.locator('pe-node-error');
  await errors.first().waitFor();
  // A table of L_train = 32 rows has rows 0 … 31: position 32 is the first without one.
  assert.match(await errors.nth(0).textContent(), /position id 32 is outside the table's 32 rows/);
  assert.match(await errors.nth(1).textContent(), /position id 32 is outside the table's 32 rows/);
  await setInput(page, 'Ltest', 32);
  await page.waitForFunction(() => document.querySelectorAll('pe-node-error')[1]?.classList.contains('ok'));
  assert.match(await errors.nth(1).textContent(), /No error/);
  await setInput(page, 'Ltrain', 10);
  await page.waitForFunction(() => /position id 10 is outside the table's 10 rows/.test(document.querySelectorAll('pe-node-error')[0]?.textContent));
  assert.match(await errors.nth(1).textContent(), /position id 10 is outside the table's 10 rows/);
  assert.deepEqual(problems, CLEAN);
});

test('the extrapolation lesson prints the values the published formulas give', async (t) => {
  const server = await startServer({ port: 0 });
  const browser = await launchBrowser();
  t.after(async () => { await browser.close(); await server.close(); });
  const fmt = (x, d) => x.toFixed(d).replace('-', '−');

  // Sinusoids (Vaswani et al. §3.5): wavelength of pair i is 2π·10000^(2i/D); D = 16.
  let { page, problems } = await open(browser.context, server, 'extrapolation', 3);
  let text = await stepText(page);
  assert.ok(text.includes(`shortest is ${fmt(2 * Math.PI, 2)} positions`), text);
  assert.ok(text.includes(`the next ${fmt(2 * Math.PI * 10000 ** (2 / 16), 2)}`));
  assert.deepEqual(problems, CLEAN);

  // RoPE: rotations keep lengths, so q·k at distance 0 with q = k = u is |u|², summed here in JS.
  ({ page, problems } = await open(browser.context, server, 'extrapolation', 4));
  const squared = await page.evaluate(async () => {
    const pe = await (await import('/posenc.js')).loadPosenc();
    return Array.from(pe.randomMatrix(1, 16, { seed: 1 }).data).reduce((s, x) => s + x * x, 0);
  });
  assert.ok((await stepText(page)).includes(`at distance 0 the product is ${fmt(squared, 2)}`));
  assert.deepEqual(problems, CLEAN);

  // ALiBi (Press et al., get_slopes): 8 heads → m_1 = 2^(−8/8) = 0.5; bias of the farthest key
  // for the last query is −m_1·(L − 1): L_test = 64 → −31.5, L_train = 32 → −15.5.
  ({ page, problems } = await open(browser.context, server, 'extrapolation', 6));
  text = await stepText(page);
  const m1 = 2 ** -1;
  assert.ok(text.includes(`slope ${m1.toFixed(4)}`));
  assert.ok(text.includes(`farthest key gets ${fmt(-m1 * 63, 1)}`));
  assert.ok(text.includes(`farthest key got ${fmt(-m1 * 31, 1)}`));
  const slopes = await cells(page, 'slopesRow');
  assert.deepEqual(slopes[0], [1, 2, 3, 4, 5, 6, 7, 8].map((h) => Number((2 ** (-h)).toFixed(4))));
  assert.deepEqual(problems, CLEAN);
});
