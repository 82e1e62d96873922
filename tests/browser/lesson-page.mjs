// lesson-page.mjs: reading a lesson page in the browser tests: open a lesson at a step and wait
// until every block has drawn, read a matrix block's cells, the step's text, the values bound into
// its prose, and type into an input. Numbers are read back as the page writes them (true minus
// signs, "× 10⁻⁸", "%"). Every wait is on a condition of the page, never a fixed time.
import assert from 'node:assert/strict';
import { watchPage } from './browser.mjs';

export const CLEAN = { console: [], page: [], failed: [], offsite: [] };
// CLEAN plus the Content-Security-Policy violations newTab reports.
export const CLEAN_CSP = { ...CLEAN, csp: [] };
export const lessonUrl = (site, lesson, step, lang = 'en') => `${site.url}?lesson=${lesson}&step=${step}&lang=${lang}`;

// A new tab that also records CSP violations; `languages`: what navigator.languages says.
export async function newTab(context, url, { languages: prefs } = {}) {
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

// newTab at a lesson's step, once every block of that step has loaded.
export async function newLessonTab(site, lesson, step, lang = 'en') {
  const tab = await newTab(site.context, lessonUrl(site, lesson, step, lang));
  await settled(tab.page, step);
  return tab;
}

// The page has decided what it shows (index, lesson or error): html[data-ready].
export const ready = (page) => page.waitForSelector('html[data-ready]', { state: 'attached' });

// The page shows `step` and every block of it has loaded (heatmaps, plots and widgets load late).
export async function settled(page, step) {
  await page.waitForSelector(`article.lesson[data-step="${step}"]`);
  await page.waitForFunction(() => !document.querySelector('.block-loading'));
}

// A new tab at a lesson's step; `fresh`: without what earlier tests typed (the tab clears local
// storage before each page of it loads); `timeout`: the tab's default wait, for a busy machine.
export async function openLesson(site, lesson, step, lang = 'en', { fresh = false, timeout } = {}) {
  const page = await site.context.newPage();
  const problems = watchPage(page, new URL(site.url).origin);
  if (timeout) page.setDefaultTimeout(timeout);
  if (fresh) await page.addInitScript(() => localStorage.clear());
  await page.goto(lessonUrl(site, lesson, step, lang));
  await settled(page, step);
  return { page, problems };
}

// The same tab at another lesson or step.
export async function goLesson(page, site, lesson, step, lang = 'en') {
  await page.goto(lessonUrl(site, lesson, step, lang));
  await settled(page, step);
}

// "−5.96 × 10⁻⁸" → -5.96e-8; "62832" → 62832; "6.7%" → 6.7
const SUP = { '⁻': '-', '⁰': '0', '¹': '1', '²': '2', '³': '3', '⁴': '4', '⁵': '5', '⁶': '6', '⁷': '7', '⁸': '8', '⁹': '9' };
export function parseShown(text) {
  const t = String(text).trim().replace(/\u2212/g, '-').replace(/%$/, '');
  const m = /^(-?[\d.]+)(?: × 10([⁻⁰-⁹¹²³]+))?$/.exec(t);
  assert.ok(m, `"${text}" is not a number as the page writes it`);
  return Number(m[1]) * (m[2] ? 10 ** Number([...m[2]].map((c) => SUP[c]).join('')) : 1);
}
export const num = (text) => Number(String(text).trim().replace(/\u2212/g, '-'));

// The cells of the first table of matrix block `name`, as text (an input cell: what it holds).
export async function tableRows(page, name) {
  const block = page.locator(`pe-matrix[data-name="${name}"]`).first();
  await block.locator('tbody tr').first().waitFor();
  return block.locator('table').first().evaluate((t) => [...t.tBodies[0].rows].map((tr) =>
    [...tr.querySelectorAll('td')].map((td) => td.querySelector('input')?.value ?? td.textContent)));
}

// The same table as numbers, with its row labels.
export async function table(page, name) {
  const block = page.locator(`pe-matrix[data-name="${name}"]`).first();
  await block.locator('tbody tr').first().waitFor();
  const rows = await block.locator('table').first().evaluate((t) => [...t.tBodies[0].rows].map((tr) => ({
    label: tr.cells[0].textContent,
    cells: [...tr.querySelectorAll('td')].map((td) => td.querySelector('input')?.value ?? td.textContent),
  })));
  return { labels: rows.map((r) => r.label), values: rows.map((r) => r.cells.map(num)) };
}

// The cells of the matrix block whose caption is `caption`, as text.
export function cellsByCaption(page, caption) {
  return page.locator('pe-matrix').filter({ has: page.locator('caption', { hasText: caption }) }).first()
    .evaluate((el) => [...el.querySelectorAll('tbody tr')].map((tr) => [...tr.querySelectorAll('td')].map((td) => td.querySelector('input')?.value ?? td.textContent.trim())));
}

// The step's text (true minus signs as "-") and the numbers bound into its prose, in order.
export const stepText = async (page) => (await page.locator('section.step').innerText()).replace(/\u2212/g, '-');
export const proseValues = (page) => page.locator('.step span.value').allTextContents();

// Types into the text field of input `name` (a number or a text input).
export async function setInput(page, name, value) {
  await page.locator(`pe-input[data-name="${name}"] input[type="text"]`).fill(String(value));
}

// Waits until check() (run here, in Node) holds: for what the page shows after an edit.
export async function until(check, what, { timeout = 30000 } = {}) {
  const end = Date.now() + timeout;
  for (;;) {
    if (await check()) return;
    if (Date.now() > end) assert.fail(`timed out waiting until ${what}`);
    await new Promise((resolve) => { setImmediate(resolve); });
  }
}
