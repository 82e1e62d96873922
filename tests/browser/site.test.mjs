// site.test.mjs: every lesson × language × step of tutorials/lessons/index.json opens in headless
// Chromium: it renders, its text is in that language (no English UI string left in a Japanese or
// Chinese page), no raw template, `undefined` or `NaN`, no failed computation, no console error,
// no failed request, no request to another origin, no CSP violation. Then the page's behaviour:
// deep links, steps out of range, ← / →, the language switch keeping the step, the language
// chosen from the browser, unknown lessons and languages, hostile URL parameters.
// One browser for the file; each lesson × language is one tab stepped through with →, a lesson's
// languages side by side.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { launchBrowser, watchPage, startServer } from './browser.mjs';
import { unmarkLiterals } from '../../scripts/tutorials.mjs';

const tut = (p) => new URL(`../../tutorials/${p}`, import.meta.url);
const readJson = (p) => JSON.parse(fs.readFileSync(tut(p), 'utf8'));
// A lesson's prose as the page gets it: the build writes marked literals {=10000} as typed.
const readProse = (p) => unmarkLiterals(readJson(p));
const languages = readJson('languages.json');
const { lessons } = readJson('lessons/index.json');
const ui = Object.fromEntries(languages.map((l) => [l.code, readJson(`ui.${l.code}.json`)]));
const CJK = /[\u3041-\u30ff\u4e00-\u9fff]/;
const KANA = /[\u3041-\u30ff]/;
const RAW = [/\{[A-Za-z_][\w.[\]-]*(?::[%\w]*)?\}/, /\{=/, /\[\[[^\]]*\]\]/, /\bundefined\b/, /\bNaN\b/, /\bnull\b/, /\[object /];

// English UI strings a translated page must not show (strings that differ from the translation).
function untranslated(code) {
  if (code === 'en') return [];
  return Object.entries(ui.en)
    .filter(([k, v]) => ui[code][k] !== v && !v.includes('{') && /[A-Za-z]{4}/.test(v))
    .map(([, v]) => v);
}

async function newTab(context, url, { languages: prefs } = {}) {
  const page = await context.newPage();
  const problems = { ...watchPage(page, new URL(url).origin), csp: [] };
  await page.exposeFunction('reportCsp', (v) => problems.csp.push(v));
  await page.addInitScript((prefs) => {
    document.addEventListener('securitypolicyviolation', (e) => window.reportCsp(`${e.violatedDirective} ${e.blockedURI}`));
    if (prefs) Object.defineProperty(Navigator.prototype, 'languages', { get: () => prefs });
  }, prefs ?? null);
  await page.goto(url);
  return { page, problems };
}

const ready = (page) => page.waitForSelector('html[data-ready]', { state: 'attached' });
async function settled(page, step) {
  await page.waitForSelector(`article.lesson[data-step="${step}"]`);
  await page.waitForFunction(() => !document.querySelector('.block-loading'));
}

const noProblems = { console: [], page: [], failed: [], offsite: [], csp: [] };

test('the tutorial site', async (t) => {
  const server = await startServer({ port: 0 });
  const browser = await launchBrowser();
  t.after(async () => { await browser.close(); await server.close(); });
  const base = server.url;

  for (const id of lessons) {
    const lesson = readJson(`lessons/${id}.json`);
    // The three languages of a lesson run side by side, one tab each.
    await t.test(`${id}: every step renders in every language, cleanly`, () => Promise.all(languages.map(async (lang) => {
      const prose = readProse(`lessons/${id}.${lang.code}.json`);
      const { page, problems } = await newTab(browser.context, `${base}?lesson=${id}&step=1&lang=${lang.code}`);
      await ready(page);
      assert.equal(await page.getAttribute('html', 'lang'), lang.html);
      const root = page.locator('article.lesson');
      assert.equal(await root.getAttribute('data-lesson'), id);
      assert.equal(await root.getAttribute('data-steps'), String(lesson.steps.length));
      const script = new RegExp(lang.script, 'u');
      const forbidden = untranslated(lang.code);
      for (let n = 1; n <= lesson.steps.length; n++) {
        if (n > 1) await page.keyboard.press('ArrowRight');
        await settled(page, n);
        const where = `${id}/${lang.code}/step ${n}`;
        assert.equal(await page.locator('.step h2').textContent(), prose.steps[lesson.steps[n - 1].id].title, `${where}: the step's title`);
        const text = await page.locator('main').innerText();
        assert.match(text, script, `${where}: text in ${lang.code}`);
        if (lang.code === 'en') assert.doesNotMatch(text, CJK, `${where}: no Japanese or Chinese in the English page`);
        if (lang.code === 'zh') assert.doesNotMatch(text, KANA, `${where}: no kana in the Chinese page`);
        // UI strings show up as whole controls and labels; sentences anywhere in the text.
        const chrome = await page.locator('main').locator('button, summary, label, legend, caption, figcaption, .eyebrow, .hint, .source, .notice, .cell-messages, .input-message').allInnerTexts();
        for (const s of forbidden) {
          assert.ok(!chrome.some((c) => c.includes(s)), `${where}: untranslated UI string "${s}"`);
          if (s.split(' ').length >= 3) assert.ok(!text.includes(s), `${where}: untranslated UI string "${s}"`);
        }
        for (const re of RAW) assert.doesNotMatch(text, re, `${where}: raw template or missing value`);
        const failures = await page.locator('.compute-failed, .block-error, code.tex').allInnerTexts();
        assert.deepEqual(failures, [], `${where}: every block computed and every formula rendered`);
        const dashes = await page.locator('pe-prose .value').evaluateAll((els) => els.filter((e) => e.textContent === '—').length);
        assert.equal(dashes, 0, `${where}: every placeholder has a value`);
        assert.ok(await page.locator('.step .blocks > *').count() > 0, `${where}: the step shows something`);
      }
      assert.deepEqual(problems, noProblems, `${id}/${lang.code}`);
      await page.close();
    })));
  }

  await t.test('a line plot over an integer index has whole-number x ticks (linear-shift: one point per pair)', async () => {
    const { page, problems } = await newTab(browser.context, `${base}?lesson=linear-shift&step=1&lang=en`);
    await ready(page);
    await settled(page, 1);
    await page.locator('pe-plot svg text.x-tick').first().waitFor();
    // The D/2 pairs are numbered 0 … D/2 − 1: with D = 8, 0 … 3 (before: 0.00, 0.50, …, 3.00).
    assert.deepEqual(await page.locator('pe-plot svg text.x-tick').allTextContents(), ['0', '1', '2', '3']);
    // With D = 20, pairs 0 … 9: about eight ticks, a whole step of 2.
    await page.locator('pe-input[data-name="D"] input[type="text"]').fill('20');
    await page.waitForFunction(() => Array.from(document.querySelectorAll('pe-plot svg text.x-tick'), (e) => e.textContent).join(' ') === '0 2 4 6 8');
    assert.deepEqual(problems, noProblems);
    await page.close();
  });

  await t.test('a deep link opens the named step; steps out of range go to the nearest one', async () => {
    const zh = readProse('lessons/six-words-2d.zh.json');
    const { page, problems } = await newTab(browser.context, `${base}?lesson=six-words-2d&step=3&lang=zh`);
    await ready(page);
    await settled(page, 3);
    assert.equal(await page.locator('.step h2').textContent(), zh.steps['true-sinusoid'].title);
    const count = readJson('lessons/six-words-2d.json').steps.length;
    for (const [asked, got] of [['99', count], ['0', 1], ['-4', 1], ['abc', 1], ['2.7', 2]]) {
      await page.goto(`${base}?lesson=six-words-2d&step=${asked}&lang=zh`);
      await settled(page, got);
      assert.equal(new URL(page.url()).searchParams.get('step'), String(got), `step=${asked} is shown as step ${got} in the address`);
    }
    assert.deepEqual(problems, noProblems);
    await page.close();
  });

  await t.test('← and → move between steps, the step list and buttons too, and the address follows', async () => {
    const { page, problems } = await newTab(browser.context, `${base}?lesson=token-plus-position&step=2&lang=en`);
    await settled(page, 2);
    await page.keyboard.press('ArrowLeft');
    await settled(page, 1);
    await page.keyboard.press('ArrowLeft');
    await settled(page, 1);
    await page.keyboard.press('ArrowRight');
    await settled(page, 2);
    assert.equal(new URL(page.url()).searchParams.get('step'), '2');
    await page.click('.pager .next');
    await settled(page, 3);
    await page.click('.step-list li:nth-child(1) a');
    await settled(page, 1);
    await page.goBack();
    await settled(page, 3);
    // arrows typed inside a cell edit the cell, not the step
    await page.goto(`${base}?lesson=token-plus-position&step=1&lang=en`);
    await settled(page, 1);
    await page.focus('pe-matrix[data-name="E"] input');
    await page.keyboard.press('ArrowRight');
    await settled(page, 1);
    assert.deepEqual(problems, noProblems);
    await page.close();
  });

  await t.test('the language switch keeps the lesson and the step', async () => {
    const { page, problems } = await newTab(browser.context, `${base}?lesson=six-words-2d&step=1&lang=en`);
    await settled(page, 1);
    await page.keyboard.press('ArrowRight');
    await settled(page, 2);
    await Promise.all([page.waitForURL(/lang=ja/), page.click('pe-lang-switch a[data-lang="ja"]')]);
    await ready(page);
    await settled(page, 2);
    assert.equal(await page.getAttribute('html', 'lang'), 'ja');
    const url = new URL(page.url());
    assert.deepEqual([url.searchParams.get('lesson'), url.searchParams.get('step'), url.searchParams.get('lang')], ['six-words-2d', '2', 'ja']);
    await Promise.all([page.waitForURL(/lang=zh/), page.click('pe-lang-switch a[data-lang="zh"]')]);
    await ready(page);
    await settled(page, 2);
    assert.equal(await page.getAttribute('html', 'lang'), 'zh-Hans');
    assert.deepEqual(problems, noProblems);
    await page.close();
  });

  await t.test('without lang, the browser\'s languages choose, else English', async () => {
    for (const [prefs, expected] of [[['ja-JP', 'en'], 'ja'], [['zh-CN'], 'zh-Hans'], [['fr-FR', 'de'], 'en']]) {
      const { page, problems } = await newTab(browser.context, `${base}?lesson=sinusoidal&step=1`, { languages: prefs });
      await ready(page);
      assert.equal(await page.getAttribute('html', 'lang'), expected, `${prefs} → ${expected}`);
      assert.deepEqual(problems, noProblems);
      await page.close();
    }
  });

  await t.test('the index lists every lesson; unknown lessons and languages get a friendly page with the list', async () => {
    const { page, problems } = await newTab(browser.context, `${base}?lang=ja`);
    await ready(page);
    assert.deepEqual(await page.locator('.lesson-index li').evaluateAll((lis) => lis.map((li) => li.dataset.lesson)), lessons);
    for (const url of [`${base}?lesson=no-such-lesson&lang=zh`, `${base}?lesson=sinusoidal&lang=xx`]) {
      await page.goto(url);
      await ready(page);
      assert.equal(await page.getAttribute('html', 'dataset-ready') ?? await page.evaluate(() => document.documentElement.dataset.ready), 'index');
      assert.equal(await page.locator('.lesson-index li').count(), lessons.length);
      assert.equal(await page.locator('.notice.warning').count(), 1);
    }
    assert.match(await page.locator('.notice.warning').textContent(), /xx/);
    assert.deepEqual(problems, noProblems);
    await page.close();
  });

  await t.test('URL parameters are shown as text, never run as HTML', async () => {
    const payload = '<img src=x onerror="window.__pwned=1">';
    const q = encodeURIComponent(payload);
    const { page, problems } = await newTab(browser.context, `${base}?lesson=${q}&step=${q}&lang=en&extra=${q}`);
    await ready(page);
    assert.ok((await page.locator('.notice.warning').textContent()).includes(payload), 'the payload appears as text');
    for (const url of [`${base}?lesson=token-plus-position&step=${q}&lang=${q}`, `${base}?lesson=token-plus-position&step=${q}&lang=ja&x=${q}`]) {
      await page.goto(url);
      await ready(page);
    }
    assert.equal(await page.evaluate(() => window.__pwned), undefined);
    assert.equal(await page.locator('main img').count(), 0);
    assert.deepEqual(problems.console, []);
    assert.deepEqual(problems.page, []);
    assert.deepEqual(problems.offsite, []);
    await page.close();
  });
});
