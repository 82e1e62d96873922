// site-navigation.test.mjs: how the site is moved through, in headless Chromium: deep links and
// steps out of range, ← / →, the step list and buttons with the address following (back included),
// the language switch keeping the step, the language chosen from the browser, the index and the
// friendly page for unknown lessons and languages, hostile URL parameters shown as text.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { useSite } from './browser.mjs';
import { unmarkLiterals } from '../../scripts/tutorials.mjs';
import { CLEAN_CSP as noProblems, newTab, newLessonTab, ready, settled } from './lesson-page.mjs';

const site = useSite();
const tut = (p) => new URL(`../../tutorials/${p}`, import.meta.url);
const readJson = (p) => JSON.parse(fs.readFileSync(tut(p), 'utf8'));
const languages = readJson('languages.json');
const { lessons } = readJson('lessons/index.json');

test('a deep link opens the named step; steps out of range go to the nearest one', async () => {
  const zh = unmarkLiterals(readJson('lessons/six-words-2d.zh.json'));
  const { page, problems } = await newTab(site.context, `${site.url}?lesson=six-words-2d&step=3&lang=zh`);
  await ready(page);
  await settled(page, 3);
  assert.equal(await page.locator('.step h2').textContent(), zh.steps['true-sinusoid'].title);
  const count = readJson('lessons/six-words-2d.json').steps.length;
  for (const [asked, got] of [['99', count], ['0', 1], ['-4', 1], ['abc', 1], ['2.7', 2]]) {
    await page.goto(`${site.url}?lesson=six-words-2d&step=${asked}&lang=zh`);
    await settled(page, got);
    assert.equal(new URL(page.url()).searchParams.get('step'), String(got), `step=${asked} is shown as step ${got} in the address`);
  }
  assert.deepEqual(problems, noProblems);
  await page.close();
});

test('← and → move between steps, the step list and buttons too, and the address follows', async () => {
  const { page, problems } = await newLessonTab(site, 'token-plus-position', 2, 'en');
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
  await page.goto(`${site.url}?lesson=token-plus-position&step=1&lang=en`);
  await settled(page, 1);
  await page.focus('pe-matrix[data-name="E"] input');
  await page.keyboard.press('ArrowRight');
  await settled(page, 1);
  assert.deepEqual(problems, noProblems);
  await page.close();
});

test('the language switch keeps the lesson and the step', async () => {
  const { page, problems } = await newLessonTab(site, 'six-words-2d', 1, 'en');
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

test('without lang, the browser\'s languages choose, else English', async () => {
  for (const [prefs, expected] of [[['ja-JP', 'en'], 'ja'], [['zh-CN'], 'zh-Hans'], [['fr-FR', 'de'], 'en']]) {
    const { page, problems } = await newTab(site.context, `${site.url}?lesson=sinusoidal&step=1`, { languages: prefs });
    await ready(page);
    assert.equal(await page.getAttribute('html', 'lang'), expected, `${prefs} → ${expected}`);
    assert.deepEqual(problems, noProblems);
    await page.close();
  }
});

test('the home page\'s course path lists every lesson; unknown lessons and languages get a friendly page with the list', async () => {
  const { page, problems } = await newTab(site.context, `${site.url}?lang=ja`);
  await ready(page);
  assert.deepEqual((await page.locator('.course-path li.path-lesson').evaluateAll((lis) => lis.map((li) => li.dataset.lesson))).sort(), [...lessons].sort());
  for (const url of [`${site.url}?lesson=no-such-lesson&lang=zh`, `${site.url}?lesson=sinusoidal&lang=xx`]) {
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

test('URL parameters are shown as text, never run as HTML', async () => {
  const payload = '<img src=x onerror="window.__pwned=1">';
  const q = encodeURIComponent(payload);
  const { page, problems } = await newTab(site.context, `${site.url}?lesson=${q}&step=${q}&lang=en&extra=${q}`);
  await ready(page);
  assert.ok((await page.locator('.notice.warning').textContent()).includes(payload), 'the payload appears as text');
  for (const url of [`${site.url}?lesson=token-plus-position&step=${q}&lang=${q}`, `${site.url}?lesson=token-plus-position&step=${q}&lang=ja&x=${q}`]) {
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
