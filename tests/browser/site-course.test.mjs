// site-course.test.mjs: the course around the lessons. Prose follows the numbers: after an edit,
// conditional sentences change with the computed facts (six-words-2d's collision, the shuffles of
// order-blind-attention, cat at another position in token-plus-position) and come back on reset.
// The home page shows the course path (every lesson of index.json, in course.json's order, with
// minutes) and progress marks after visiting and finishing lessons; the last step offers the next
// lesson and lists the Sources; the glossary page gives real definitions in the page's language;
// glossary terms open their definition on hover, keyboard focus and tap, and Escape closes it;
// [[lesson:id]] links to another lesson; at 390×844 the step list is a compact selector and the
// step's first block is in the first screen.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { useSite } from './browser.mjs';
import { CLEAN, CLEAN_CSP, newTab, newLessonTab, openLesson, goLesson, ready, settled } from './lesson-page.mjs';

const site = useSite();
const tut = (p) => new URL(`../../tutorials/${p}`, import.meta.url);
const readJson = (p) => JSON.parse(fs.readFileSync(tut(p), 'utf8'));
const { lessons } = readJson('lessons/index.json');
const course = readJson('course.json');
const courseLessons = course.parts.flatMap((p) => p.lessons);  // in the order of the path
const glossary = readJson('glossary.json');
const stepText = (page) => page.locator('.step .blocks').innerText();

test('six-words-2d: the collision sentence follows an edit of a cell and comes back on reset', async () => {
  const { page, problems } = await openLesson(site, 'six-words-2d', 2, 'en', { fresh: true });
  assert.match(await stepText(page), /exactly the same vector/);
  const mat = page.locator('pe-matrix[data-name="W"] input[data-row="5"][data-col="0"]').first();
  await mat.fill('1.5');
  await page.waitForFunction(() => !document.querySelector('.step .blocks').innerText.includes('exactly the same vector'));
  const after = await stepText(page);
  assert.match(after, /different vectors\. No two rows of/);
  assert.equal(await page.locator('pe-matrix[data-name="X"] tr.highlight').count(), 0, 'no row is highlighted either');
  // Make another pair collide: "cat" = "sat" → a collision elsewhere.
  // "cat" + P[1] = "sat" + P[2] = [1.0, 1.4]
  await page.locator('pe-matrix[data-name="W"] input[data-row="1"][data-col="0"]').first().fill('0.2');
  await page.locator('pe-matrix[data-name="W"] input[data-row="1"][data-col="1"]').first().fill('0.8');
  await page.waitForFunction(() => document.querySelector('.step .blocks').innerText.includes('other rows now hold exactly the same vector'));
  // The fourth step says whether "the" and "mat" collide with the true P; the third step whether P matches.
  await page.click('.pager .next');
  await settled(page, 3);
  assert.match(await stepText(page), /do not come from this formula/);
  // Edit the tutorial's P to the formula's values (shown to 3 decimals): the claim turns round.
  await page.click('.step-list li:nth-child(2) a');
  await settled(page, 2);
  const formula = [[0, 1], [0.841, 0.54], [0.909, -0.416], [0.141, -0.99], [-0.757, -0.654], [-0.959, 0.284]];
  for (let i = 0; i < 6; i++) for (let j = 0; j < 2; j++) {
    await page.locator(`pe-matrix[data-name="Pdoc"] input[data-row="${i}"][data-col="${j}"]`).first().fill(String(formula[i][j]));
  }
  await page.click('.step-list li:nth-child(3) a');
  await settled(page, 3);
  assert.match(await stepText(page), /With your edits the assumed position vectors agree with the formula/);
  assert.match(await stepText(page), /with your edits the assumed points lie on it too/);
  assert.doesNotMatch(await stepText(page), /scattered off the circle/);
  assert.doesNotMatch(await stepText(page), /do not come from this formula/);
  await page.click('.lesson-foot .reset');
  await settled(page, 3);
  await goLesson(page, site, 'six-words-2d', 2);
  assert.match(await stepText(page), /exactly the same vector/);
  assert.deepEqual(problems, CLEAN);
  await page.close();
});

test('order-blind-attention: sentences about the shuffle follow the order the learner types', async () => {
  const { page, problems } = await openLesson(site, 'order-blind-attention', 1, 'en', { fresh: true });
  assert.match(await stepText(page), /turns into “man bites dog”/);
  const cells = page.locator('pe-matrix[data-name="order"] input');
  await cells.nth(0).fill('1');
  await cells.nth(1).fill('0');
  await cells.nth(2).fill('2');
  await page.waitForFunction(() => !document.querySelector('.step .blocks').innerText.includes('turns into “man bites dog”'));
  assert.match(await stepText(page), /With your order the rows/);
  // The identity order moves nothing: step 3 and step 4 say so instead of "no longer the same".
  await cells.nth(0).fill('0');
  await cells.nth(1).fill('1');
  await cells.nth(2).fill('2');
  await page.waitForFunction(() => document.querySelector('.step .blocks').innerText.includes('With this order no row has moved'));
  await page.click('.pager .next');
  await settled(page, 2);
  await page.click('.pager .next');
  await settled(page, 3);
  let text = await stepText(page);
  assert.match(text, /This shuffle changes nothing the model can see/);
  assert.doesNotMatch(text, /no longer the original ones reordered/);
  await page.click('.pager .next');
  await settled(page, 4);
  text = await stepText(page);
  assert.match(text, /RoPE outputs are the original ones reordered as well/);
  assert.match(text, /With the mask on and this order/);
  assert.match(text, /an order that moves no word \(0, 1, 2\), or swaps two equal rows, changes nothing the model can see/);
  assert.doesNotMatch(text, /except for the order that changes nothing/);
  // Back to the reversed order: the original claims return, live, without leaving the step.
  const again = page.locator('pe-matrix[data-name="order"] input');
  await again.nth(0).fill('2');
  await again.nth(2).fill('0');
  await page.waitForFunction(() => document.querySelector('.step .blocks').innerText.includes('are not the shuffled outputs of the original'));
  assert.match(await stepText(page), /With the mask on, the largest difference/);
  assert.deepEqual(problems, CLEAN);
  await page.close();
});

test('token-plus-position: equal rows of P make the "different vector" sentence say the opposite (ja)', async () => {
  const { page, problems } = await openLesson(site, 'token-plus-position', 2, 'ja', { fresh: true });
  const p = (i, j) => page.locator(`pe-matrix[data-name="P"] input[data-row="${i}"][data-col="${j}"]`).first();
  for (let j = 0; j < 4; j++) await p(2, j).fill(await p(1, j).inputValue());
  // (Within the tab: a fresh tab forgets the edits on every load.)
  await page.click('.step-list li:nth-child(4) a');
  await settled(page, 4);
  assert.match(await stepText(page), /位置 1 と同じベクトル/);
  await page.click('.step-list li:nth-child(2) a');
  await settled(page, 2);
  await p(2, 0).fill('0.9');
  await page.click('.step-list li:nth-child(4) a');
  await settled(page, 4);
  assert.match(await stepText(page), /別のベクトル/);
  assert.doesNotMatch(await stepText(page), /位置 1 と同じベクトル/);
  assert.deepEqual(problems, CLEAN);
  await page.close();
});

test('the home page: a live picture, start here, the course path in parts with minutes, and progress marks', async () => {
  const { page, problems } = await newTab(site.context, `${site.url}?lang=en`);
  await ready(page);
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await ready(page);
  const order = courseLessons.map((l) => l.id);
  const shown = await page.locator('.course-path li.path-lesson').evaluateAll((lis) => lis.map((li) => li.dataset.lesson));
  assert.deepEqual(shown, order, 'the path in course order');
  assert.deepEqual([...shown].sort(), [...lessons].sort(), 'every lesson of index.json, once');
  assert.equal(await page.locator('.path-part').count(), course.parts.length);
  const minutes = await page.locator('.path-lesson .minutes').allInnerTexts();
  assert.deepEqual(minutes, courseLessons.map((l) => `${l.minutes} min`));
  assert.equal(await page.locator('.cta.primary').getAttribute('data-lesson'), course.start);
  await page.waitForSelector('pe-home[data-live="true"]');
  const offset = Number(await page.locator('pe-home').getAttribute('data-offset'));
  assert.ok(Number.isInteger(offset), 'the picture was drawn from the core');
  assert.deepEqual(await page.locator('.path-lesson').evaluateAll((lis) => [...new Set(lis.map((li) => li.dataset.status))]), ['new']);

  // Visit one lesson, finish another (its last step), come back.
  await goLesson(page, site, 'rope', 2);
  const last = readJson('lessons/alibi.json').steps.length;
  await goLesson(page, site, 'alibi', last);
  await page.goto(`${site.url}?lang=en`);
  await ready(page);
  const status = (id) => page.locator(`.path-lesson[data-lesson="${id}"]`).getAttribute('data-status');
  assert.equal(await status('rope'), 'visited');
  assert.equal(await status('alibi'), 'finished');
  assert.equal(await status('sinusoidal'), 'new');
  assert.match(await page.locator('.path-lesson[data-lesson="alibi"] .status').innerText(), /finished/);
  assert.match(await page.locator('.progress-summary').innerText(), new RegExp(`^1 of ${lessons.length}`));
  assert.equal(await page.locator('.cta[data-lesson="rope"]').count(), 1, 'continue where you left off');
  // Japanese: the same path, in Japanese.
  await page.goto(`${site.url}?lang=ja`);
  await ready(page);
  assert.match(await page.locator('.course-path').innerText(), /[ぁ-ヿ]/);
  assert.equal(await page.locator('.path-lesson[data-status="finished"] .status').innerText(), '完了');
  assert.deepEqual(problems, CLEAN_CSP);
  await page.close();
});

test('the last step lists the Sources and offers the next lesson of the course', async () => {
  const { page, problems } = await newLessonTab(site, 'six-words-2d', 4, 'en');
  const box = page.locator('.step pe-sources');
  assert.match(await box.innerText(), /Vaswani et al\. \(2017\)\. Attention Is All You Need/);
  const arxiv = box.locator('a.arxiv');
  assert.equal(await arxiv.innerText(), 'arXiv:1706.03762');
  assert.equal(await arxiv.getAttribute('href'), 'https://arxiv.org/abs/1706.03762');
  assert.match(await box.innerText(), /tutorial · in Chinese/);
  assert.equal(await page.locator('.lesson-foot pe-sources').isHidden(), true, 'not twice on the last step');
  const next = courseLessons.find((l) => l.id === 'six-words-2d').next;
  const card = page.locator('.next-card');
  assert.equal(await card.getAttribute('data-lesson'), next);
  await Promise.all([page.waitForURL(new RegExp(`lesson=${next}`)), card.click()]);
  await settled(page, 1);
  // Every other step has the Sources folded in the footer.
  assert.equal(await page.locator('.lesson-foot pe-sources details').count(), 1);
  // The last lesson of the course says it is the end.
  const last = courseLessons.find((l) => l.next === null).id;
  await goLesson(page, site, last, readJson(`lessons/${last}.json`).steps.length);
  assert.equal(await page.locator('.next-card').count(), 0);
  assert.equal(await page.locator('.course-done').count(), 1);
  assert.deepEqual(problems, CLEAN_CSP);
  await page.close();
});

test('a lesson links to another lesson by [[lesson:id]], titled in the page language', async () => {
  const { page, problems } = await newLessonTab(site, 'six-words-2d', 4, 'zh');
  const link = page.locator('.step a.lesson-link[data-lesson="sinusoidal"]');
  assert.equal(await link.innerText(), readJson('lessons/sinusoidal.zh.json').title);
  await Promise.all([page.waitForURL(/lesson=sinusoidal/), link.click()]);
  await settled(page, 1);
  assert.equal(await page.getAttribute('html', 'lang'), 'zh-Hans');
  assert.deepEqual(problems, CLEAN_CSP);
  await page.close();
});

test('the glossary page gives every term its definition in the page language', async () => {
  const { page, problems } = await newTab(site.context, `${site.url}?page=glossary&lang=ja`);
  await ready(page);
  assert.equal(await page.evaluate(() => document.documentElement.dataset.ready), 'glossary');
  const ids = await page.locator('.glossary-entry dt').evaluateAll((dts) => dts.map((d) => d.dataset.term));
  assert.deepEqual([...ids].sort(), Object.keys(glossary).sort());
  const first = ids[0];
  assert.equal(await page.locator(`#term-${first}`).innerText(), glossary[first].ja);
  assert.equal(await page.locator(`#term-${first} + dd .definition`).innerText(), glossary[first].definition.ja);
  // The header links here, and the language switch stays on the glossary.
  assert.equal(await page.locator('.head-link[aria-current="page"]').count(), 1);
  assert.match(await page.locator('pe-lang-switch a[data-lang="en"]').getAttribute('href'), /page=glossary/);
  assert.deepEqual(problems, CLEAN_CSP);
  await page.close();
});

test('a glossary term opens its definition on hover, on keyboard focus and on tap; Escape closes it', async () => {
  const { page, problems } = await newLessonTab(site, 'six-words-2d', 1, 'en');
  const term = page.locator('.step button.term').first();
  const id = await term.getAttribute('data-term');
  const card = page.locator(`#${await term.getAttribute('aria-describedby')}`);
  assert.equal(await card.getAttribute('role'), 'tooltip');
  assert.equal(await card.isHidden(), true);
  await term.hover();
  await card.waitFor({ state: 'visible' });
  assert.match(await card.innerText(), new RegExp(glossary[id].definition.en.slice(0, 30).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  await page.mouse.move(0, 0);
  await card.waitFor({ state: 'hidden' });
  // Keyboard: Tab until the term has focus.
  await page.locator('.step h2').focus();
  for (let k = 0; k < 40 && !(await term.evaluate((b) => b === document.activeElement)); k++) await page.keyboard.press('Tab');
  assert.ok(await term.evaluate((b) => b === document.activeElement), 'the term is reachable by Tab');
  await card.waitFor({ state: 'visible' });
  assert.equal(await term.getAttribute('aria-expanded'), 'true');
  await page.keyboard.press('Escape');
  await card.waitFor({ state: 'hidden' });
  assert.equal(await page.locator('article.lesson').getAttribute('data-step'), '1', 'Escape does not move the lesson');
  await term.blur();
  assert.deepEqual(problems, CLEAN_CSP);
  await page.close();

  // Tap, on a phone.
  const phone = await site.browser.context.browser()?.newContext?.({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true }).catch(() => null);
  const tab = phone ? await phone.newPage() : await site.context.newPage();
  if (!phone) await tab.setViewportSize({ width: 390, height: 844 });
  await tab.goto(`${site.url}?lesson=six-words-2d&step=1&lang=en`);
  await settled(tab, 1);
  const t2 = tab.locator('.step button.term').first();
  const c2 = tab.locator(`#${await t2.getAttribute('aria-describedby')}`);
  if (phone) await t2.tap(); else await t2.click();
  await c2.waitFor({ state: 'visible' });
  const box = await c2.boundingBox();
  assert.ok(box.x >= 0 && box.x + box.width <= 390, `the card fits the phone's width (${box.x}, ${box.width})`);
  await tab.close();
  await phone?.close();
});

test('at 390×844 the steps are a compact selector and the first block is in the first screen', async () => {
  const page = await site.context.newPage();
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`${site.url}?lesson=sinusoidal&step=2&lang=ja`);
  await settled(page, 2);
  assert.equal(await page.locator('.step-list ol').isHidden(), true);
  const select = page.locator('select.step-select');
  assert.equal(await select.isVisible(), true);
  assert.equal(await select.inputValue(), '2');
  const first = await page.locator('.step .blocks > *').first().boundingBox();
  assert.ok(first.y < 844 - 40, `the first block starts at ${first.y}px, inside the first screen`);
  await select.selectOption('3');
  await settled(page, 3);
  assert.match(page.url(), /step=3/);
  // Wide screens keep the list and hide the selector.
  await page.setViewportSize({ width: 1280, height: 800 });
  assert.equal(await select.isHidden(), true);
  assert.equal(await page.locator('.step-list ol').isVisible(), true);
  await page.close();
});

test('learned-absolute: "the core refuses" turns round when every asked position has a row', async () => {
  const { page, problems } = await openLesson(site, 'learned-absolute', 3, 'en', { fresh: true });
  assert.match(await stepText(page), /The core refuses/);
  await page.locator('pe-matrix[data-name="ask"] input').nth(1).fill('3');
  await page.waitForFunction(() => document.querySelector('.step .blocks').innerText.includes('With your list every position has a row'));
  assert.doesNotMatch(await stepText(page), /The core refuses/);
  await page.locator('pe-matrix[data-name="ask"] input').nth(1).fill('999');
  await page.waitForFunction(() => document.querySelector('.step .blocks').innerText.includes('The core refuses'));
  assert.deepEqual(problems, CLEAN);
  await page.close();
});
