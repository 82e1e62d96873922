// overflow.test.mjs: nothing on any page is ever cut off. For every step of every lesson in every
// language (tutorials/lessons/index.json × languages.json) at 390, 700 and 1280 px wide: no element's
// content is wider than its box unless that element is a horizontal scroll container that shows a
// scroll cue (the `scroll-cue` shadows of style.css), and the page itself is never wider than the
// viewport. Form fields (their own text scrolls) and SVG internals are not measured.
// Fast: one Chromium, one server, one tab per language; a tab opens each lesson once, walks its
// steps in place (pe-lesson.go) and measures each step at the three widths by resizing the same
// page (the layout is CSS's alone: no script reads the width to draw), so every step is rendered
// once per language rather than once per width.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { launchBrowser, startServer } from './browser.mjs';

const tut = (p) => new URL(`../../tutorials/${p}`, import.meta.url);
const readJson = (p) => JSON.parse(fs.readFileSync(tut(p), 'utf8'));
const languages = readJson('languages.json').map((l) => l.code);
// OVERFLOW_LESSONS=alibi,rope measures only those (while fixing one); the default is every lesson.
const only = process.env.OVERFLOW_LESSONS?.split(',');
const lessons = readJson('lessons/index.json').lessons.filter((id) => !only || only.includes(id));
const WIDTHS = [390, 700, 1280];

// Runs in the page: every element whose content overflows it without a visible scroll cue, and
// the page's own width.
function measure() {
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

test('no step of any lesson cuts its content at 390, 700 or 1280 px, in any language', async (t) => {
  const server = await startServer({ port: 0 });
  const browser = await launchBrowser();
  t.after(async () => { await browser.close(); await server.close(); });

  const problems = [];
  const frames = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  await Promise.all(languages.map(async (lang) => {
    const page = await browser.context.newPage();
    let width = WIDTHS[0];
    await page.setViewportSize({ width, height: 900 });
    page.on('pageerror', (e) => problems.push(`${lang}: page error ${e}`));
    for (const id of lessons) {
      const count = readJson(`lessons/${id}.json`).steps.length;
      await page.goto(`${server.url}?lesson=${id}&step=1&lang=${lang}`);
      await page.waitForSelector('html[data-ready="lesson"]', { state: 'attached' });
      for (let step = 1; step <= count; step++) {
        await page.evaluate((n) => document.querySelector('pe-lesson').go(n), step);
        await page.waitForFunction((n) => document.querySelector(`article.lesson[data-step="${n}"]`) && !document.querySelector('.block-loading'), step);
        // The widths from the one the page already has: 390 → 1280 on one step, back on the next.
        const order = width === WIDTHS[0] ? WIDTHS : [...WIDTHS].reverse();
        for (const w of order) {
          if (w !== width) await page.setViewportSize({ width: (width = w), height: 900 });
          await page.evaluate(frames);
          for (const b of await page.evaluate(measure)) problems.push(`${id} step ${step} ${lang} ${w}px: ${b}`);
        }
      }
    }
    await page.close();
  }));
  assert.deepEqual(problems, []);
});
