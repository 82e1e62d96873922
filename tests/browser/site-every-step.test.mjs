// site-every-step.test.mjs: every lesson × language × step of tutorials/lessons/index.json opens in
// headless Chromium: it renders, its text is in that language (no English UI string left in a
// Japanese or Chinese page), no raw template, `undefined` or `NaN`, no failed computation, no
// placeholder without a value, no console error, no failed request, no request to another origin,
// no CSP violation. One test per lesson; its languages run side by side, one tab each, stepped
// through with →.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { useSite } from './browser.mjs';
import { unmarkLiterals } from '../../scripts/tutorials.mjs';
import { CLEAN_CSP as noProblems, newTab, ready, settled } from './lesson-page.mjs';

const site = useSite();
const tut = (p) => new URL(`../../tutorials/${p}`, import.meta.url);
const readJson = (p) => JSON.parse(fs.readFileSync(tut(p), 'utf8'));
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

for (const id of lessons) {
  const lesson = readJson(`lessons/${id}.json`);
  // The three languages of a lesson run side by side, one tab each.
  test(`${id}: every step renders in every language, cleanly`, () => Promise.all(languages.map(async (lang) => {
    // The prose as the page gets it: the build writes marked literals {=10000} as typed.
    const prose = unmarkLiterals(readJson(`lessons/${id}.${lang.code}.json`));
    const { page, problems } = await newTab(site.context, `${site.url}?lesson=${id}&step=1&lang=${lang.code}`);
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
