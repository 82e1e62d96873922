// site-every-step.test.mjs: every lesson × language × step of tutorials/lessons/index.json opens in
// headless Chromium: it renders, its text is in that language (no English UI string left in a
// Japanese or Chinese page), no raw template, `undefined` or `NaN`, no failed computation, no
// placeholder without a value, no console error, no failed request, no request to another origin,
// no CSP violation; and nothing on it is cut off at 390, 700 or 1280 px wide: no element's content
// is wider than its box unless that element is a horizontal scroll container that shows a scroll
// cue (the `scroll-cue` shadows of style.css), and the page itself is never wider than the
// viewport (form fields, whose own text scrolls, and SVG internals are not measured). One test per
// lesson (--test-name-pattern picks lessons); its languages run side by side, one tab each, stepped
// through with →. Each step is rendered once, checked, then measured at the three widths by resizing
// the same page (the layout is CSS's alone: no script reads the width to draw).
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { useSite } from './browser.mjs';
import { unmarkLiterals } from '../../scripts/tutorials.mjs';
import { CLEAN_CSP as noProblems, newTab, ready, settled } from './lesson-page.mjs';

const site = useSite();
const tut = (p) => new URL(`../../tutorials/${p}`, import.meta.url);
const readJson = (p) => JSON.parse(fs.readFileSync(tut(p), 'utf8'));
// A lesson's prose as the page gets it: the build writes marked literals {=10000} as typed.
const readProse = (p) => unmarkLiterals(readJson(p));
const languages = readJson('languages.json');
const { lessons } = readJson('lessons/index.json');
const ui = Object.fromEntries(languages.map((l) => [l.code, readJson(`ui.${l.code}.json`)]));
const CJK = /[\u3041-\u30ff\u4e00-\u9fff]/;
const KANA = /[\u3041-\u30ff]/;
const WIDTHS = [1280, 700, 390];
const RAW = [/\{[A-Za-z_][\w.[\]-]*(?::[%\w]*)?\}/, /\{=/, /\[\[[^\]]*\]\]/, /\bundefined\b/, /\bNaN\b/, /\bnull\b/, /\[object /];

// Runs in the page: every element whose content overflows it without a visible scroll cue, and
// the page's own width.
function overflowing(width) {
  if (window.innerWidth !== width) return [`the viewport is ${window.innerWidth} px wide, not ${width} px`];
  const bad = [];
  const describe = (e) => {
    const parts = [];
    for (let n = e; n && n !== document.body && parts.length < 4; n = n.parentElement) {
      parts.unshift(`${n.localName}${n.className && typeof n.className === 'string' ? `.${n.className.trim().split(/\s+/).join('.')}` : ''}${n.dataset?.name ? `[${n.dataset.name}]` : ''}`);
    }
    return parts.join(' > ');
  };
  for (const e of document.body.querySelectorAll('*')) {
    if (!(e instanceof HTMLElement) || /^(INPUT|TEXTAREA|SELECT|OPTION|SCRIPT|STYLE)$/.test(e.tagName)) continue;
    const cs = getComputedStyle(e);
    if (cs.display === 'inline' || cs.display === 'none' || e.clientWidth === 0) continue;
    if (e.scrollWidth <= e.clientWidth + 1) continue;
    const scrolls = cs.overflowX === 'auto' || cs.overflowX === 'scroll';
    const cue = e.classList.contains('scroll-cue') && /gradient/.test(cs.backgroundImage);
    if (!(scrolls && cue)) bad.push(`${describe(e)} (${e.scrollWidth} > ${e.clientWidth}, overflow-x ${cs.overflowX})`);
  }
  const pageWidth = document.documentElement.scrollWidth;
  if (pageWidth > window.innerWidth) bad.push(`the page is ${pageWidth} px wide in a ${window.innerWidth} px viewport`);
  return bad;
}

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
  test(`${id}: every step renders in every language, cleanly, and cuts nothing at 390, 700 or 1280 px`, () => Promise.all(languages.map(async (lang) => {
    const prose = readProse(`lessons/${id}.${lang.code}.json`);
    const { page, problems } = await newTab(site.context, `${site.url}?lesson=${id}&step=1&lang=${lang.code}`);
    const height = page.viewportSize().height;
    let width = WIDTHS[0];
    await page.setViewportSize({ width, height });
    const cut = [];
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
      // Text marked as another language (a source's title in the Sources box) is not the page's.
      const text = await page.evaluate(() => {
        let t = document.querySelector('main').innerText;
        const own = document.documentElement.lang;
        for (const e of document.querySelectorAll('main [lang]')) if (e.lang !== own && e.getClientRects().length && e.innerText) t = t.split(e.innerText).join(' ');
        return t;
      });
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
      // The same step at each width, from the one the page has: 1280 → 390 on one step, back on
      // the next (so the checks above run at 1280 px on odd steps and at 390 px on even ones).
      // Reading the layout lays the page out at the new width: no frame needs to be drawn first.
      for (const w of width === WIDTHS[0] ? WIDTHS : [...WIDTHS].reverse()) {
        if (w !== width) await page.setViewportSize({ width: (width = w), height });
        for (const b of await page.evaluate(overflowing, w)) cut.push(`${where} at ${w} px: ${b}`);
      }
    }
    assert.deepEqual(cut, [], `${id}/${lang.code}: content cut off`);
    assert.deepEqual(problems, noProblems, `${id}/${lang.code}`);
    await page.close();
  })));
}
