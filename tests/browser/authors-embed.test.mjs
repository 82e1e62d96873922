// authors-embed.test.mjs: the README's three recipes for course authors, each served as a course
// site would serve it: the recipe pages (examples/recipes/) in another folder, on another port,
// with dist/ copied under the sub-path /courses/posenc/. <posenc-lesson> and <posenc-figure>
// render in shadow roots, follow their attributes, fire posenc:ready and posenc:step, keep their
// look under the course page's styles and never touch the course page's address; the iframe recipe
// fits its frame to the reported height.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchBrowser, openPage, startServer } from './browser.mjs';
import { DIST } from '../../scripts/serve.mjs';

const top = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const recipes = path.join(top, 'examples', 'recipes');

// A course site: its own pages at the root, posenc's dist/ under /courses/posenc/.
function courseSite() {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'posenc-course-'));
  fs.cpSync(DIST, path.join(root, 'courses', 'posenc'), { recursive: true });
  for (const f of fs.readdirSync(recipes)) fs.copyFileSync(path.join(recipes, f), path.join(root, f));
  fs.writeFileSync(path.join(root, 'hostile.css'), '* { color: rgb(255, 0, 0) !important; font-size: 40px !important; }\n');
  return root;
}

let site, browser, root;
test.before(async () => {
  root = courseSite();
  site = await startServer({ root, port: 0 });
  browser = await launchBrowser();
});
test.after(async () => {
  await browser?.close();
  await site?.close();
  fs.rmSync(root, { recursive: true, force: true });
});

// Collects posenc:* events on the page (listeners added from the test, no inline script).
const listen = (page) => page.evaluate(() => {
  window.events = [];
  for (const type of ['posenc:ready', 'posenc:step', 'posenc:error']) {
    document.addEventListener(type, (e) => window.events.push({ type, id: e.target.id, ...e.detail }));
  }
});
const clean = (problems) => assert.deepEqual(problems, { console: [], page: [], failed: [], offsite: [] });

test('a plain HTML page shows a lesson and a figure from a sub-path and drives them by attribute', async () => {
  const { page, problems } = await openPage(browser.context, `${site.url}plain.html`);
  await listen(page);
  const lesson = page.locator('#lesson');
  await page.waitForFunction(() => document.getElementById('lesson').dataset.ready === 'lesson'
    && document.getElementById('figure').dataset.ready === 'lesson');
  // Inside the shadow root: the lesson in Japanese at step 2, the site's style sheet applied.
  const article = lesson.locator('article.lesson');
  assert.equal(await article.getAttribute('data-lesson'), 'rope');
  assert.equal(await article.getAttribute('data-step'), '2');
  assert.equal(await lesson.locator('.posenc-root').getAttribute('lang'), 'ja');
  assert.match(await lesson.locator('h1').textContent(), /[ぁ-ヿ]/);
  assert.equal(await page.evaluate(() => document.getElementById('lesson').shadowRoot.querySelector('.step-list a[aria-current]') !== null), true);
  // Sizes itself to its content: the host's box is the lesson's box.
  const [host, inner] = await page.evaluate(() => {
    const h = document.getElementById('lesson');
    return [h.getBoundingClientRect().height, h.shadowRoot.querySelector('.posenc-root').getBoundingClientRect().height];
  });
  assert.ok(inner > 300 && Math.abs(host - inner) <= 1, `host ${host}px, content ${inner}px`);

  // step attribute → the lesson moves, posenc:step fires, the course page's address stays.
  const address = page.url();
  await page.evaluate(() => document.getElementById('lesson').setAttribute('step', '3'));
  await article.and(page.locator('[data-step="3"]')).waitFor();
  await page.waitForFunction(() => window.events.some((e) => e.type === 'posenc:step' && e.step === 3 && e.id === 'lesson'));
  // the learner's own navigation is reflected in the attribute
  await lesson.locator('.pager .next').click();
  await page.waitForFunction(() => document.getElementById('lesson').getAttribute('step') === '4');
  const step4 = await page.evaluate(() => window.events.filter((e) => e.type === 'posenc:step').at(-1));
  assert.deepEqual([step4.lesson, step4.lang, step4.step], ['rope', 'ja', 4]);
  assert.equal(page.url(), address, 'the course page URL is never changed');

  // lang attribute → redrawn in English at the same step, posenc:ready again.
  await page.evaluate(() => document.getElementById('lesson').setAttribute('lang', 'en'));
  await page.waitForFunction(() => window.events.some((e) => e.type === 'posenc:ready' && e.id === 'lesson' && e.lang === 'en'));
  assert.equal(await lesson.locator('.posenc-root').getAttribute('lang'), 'en');
  assert.equal(await lesson.locator('article.lesson').getAttribute('data-step'), '4');
  // The visible text, less what is marked as another language (a source's original title).
  const english = await lesson.locator('article.lesson').evaluate((a) => {
    let t = a.innerText;
    for (const e of a.querySelectorAll('[lang]')) if (!e.lang.startsWith('en') && e.innerText) t = t.split(e.innerText).join(' ');
    return t;
  });
  assert.doesNotMatch(english, /[ぁ-ヿ]/);

  // The figure: one block (the RoPE pairs widget) of step 2, no pager, no step list.
  const figure = page.locator('#figure');
  assert.equal(await figure.locator('pe-rope-pairs').count(), 1);
  assert.equal(await figure.locator('.pager, .step-list, pe-prose').count(), 0);

  // The course page's most aggressive rule does not reach inside.
  const inside = () => page.evaluate(() => {
    const p = document.getElementById('lesson').shadowRoot.querySelector('pe-prose p');
    const cs = getComputedStyle(p);
    return { color: cs.color, size: cs.fontSize };
  });
  const before = await inside();
  await page.evaluate(() => new Promise((resolve) => {
    const link = Object.assign(document.createElement('link'), { rel: 'stylesheet', href: 'hostile.css' });
    link.addEventListener('load', resolve);
    document.head.append(link);
  }));
  assert.equal(await page.evaluate(() => getComputedStyle(document.querySelector('h1')).color), 'rgb(255, 0, 0)', 'the hostile sheet applies outside');
  const after = await inside();
  assert.deepEqual(after, before);
  assert.notEqual(after.color, 'rgb(255, 0, 0)');
  clean(problems);
});

test('a Markdown site page (raw HTML in Markdown) runs the element under the theme\'s styles', async () => {
  const markdown = fs.readFileSync(path.join(recipes, 'markdown.md'), 'utf8');
  const html = fs.readFileSync(path.join(recipes, 'markdown-site.html'), 'utf8');
  // The served page carries the Markdown's raw HTML unchanged.
  for (const line of markdown.split('\n').filter((l) => l.startsWith('<posenc-'))) assert.ok(html.includes(line), line);
  const { page, problems } = await openPage(browser.context, `${site.url}markdown-site.html`);
  const lesson = page.locator('posenc-lesson');
  await page.waitForFunction(() => document.querySelector('posenc-lesson').dataset.ready === 'lesson');
  assert.equal(await lesson.locator('.posenc-root').getAttribute('lang'), 'zh-Hans');
  assert.match(await lesson.locator('h1').textContent(), /[\u4e00-\u9fff]/);
  // The theme's table rule (display: inline-block) and button colours stay outside.
  const table = await page.evaluate(() => {
    const t = document.querySelector('posenc-lesson').shadowRoot.querySelector('table');
    const b = document.querySelector('posenc-lesson').shadowRoot.querySelector('.pager .next');
    return { display: getComputedStyle(t).display, button: getComputedStyle(b).backgroundColor };
  });
  assert.equal(table.display, 'table');
  assert.notEqual(table.button, 'rgb(63, 81, 181)');
  await page.evaluate(() => document.querySelector('posenc-lesson').setAttribute('step', '2'));
  await lesson.locator('article.lesson[data-step="2"]').waitFor();
  await page.waitForFunction(() => document.querySelector('posenc-figure').dataset.ready === 'lesson');
  assert.equal(await page.locator('posenc-figure').locator('pe-rope-pairs').count(), 1);
  clean(problems);
});

test('the iframe recipe under a sub-path fits the frame to the lesson and its steps work', async () => {
  const { page, problems } = await openPage(browser.context, `${site.url}iframe.html`);
  const frame = page.frameLocator('#posenc');
  await frame.locator('article.lesson[data-step="2"]').waitFor();
  assert.equal(await frame.locator('article.lesson').getAttribute('data-lesson'), 'rope');
  await page.waitForFunction(() => Number(document.getElementById('posenc').height) !== 600);
  const inner = await frame.locator('html').evaluate((h) => Math.ceil(h.getBoundingClientRect().height));
  const outer = Number(await page.locator('#posenc').getAttribute('height'));
  assert.ok(Math.abs(outer - inner) <= 2, `frame ${outer}px, document ${inner}px`);
  await frame.locator('.pager .next').click();
  await frame.locator('article.lesson[data-step="3"]').waitFor();
  clean(problems);
});
