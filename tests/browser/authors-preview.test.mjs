// authors-preview.test.mjs: `posenc preview <folder>` (bin/preview.mjs) serves an author's lesson
// folder beside the built-in lessons: the index lists it, the lesson runs in Chromium under
// posenc's CSP with every value computed, and saving a file reloads the open page with the change.
// Needs dist/ (node scripts/bundle.mjs).
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchBrowser, openPage } from './browser.mjs';
import { startPreview } from '../../bin/preview.mjs';

const top = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

test('posenc preview shows the example lesson beside the built-in ones and reloads on save', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'posenc-preview-'));
  const folder = path.join(dir, 'my-first-lesson');
  fs.cpSync(path.join(top, 'examples', 'my-first-lesson'), folder, { recursive: true });
  const preview = await startPreview({ folder, port: 0, quiet: true });
  const browser = await launchBrowser();
  t.after(async () => { await browser.close(); await preview.close(); fs.rmSync(dir, { recursive: true, force: true }); });
  assert.deepEqual(preview.lessons, ['my-first-lesson']);
  assert.deepEqual(preview.problems, []);

  // The index lists the author's lesson after posenc's own.
  const { page: index, problems: indexProblems } = await openPage(browser.context, `${preview.url}?lang=en`);
  const link = index.locator('a[href*="lesson=my-first-lesson"]');
  await link.first().waitFor();
  assert.match(await link.first().textContent(), /How close are two positions\?/);
  assert.ok(await index.locator('a[href*="lesson=rope"]').count() > 0, 'the built-in lessons are still there');
  assert.deepEqual(indexProblems, { console: [], page: [], failed: [], offsite: [] });

  const { page, problems } = await openPage(browser.context, `${preview.url}?lesson=my-first-lesson&lang=en&step=2`);
  const article = page.locator('article.lesson[data-lesson="my-first-lesson"][data-step="2"]');
  await article.waitFor();
  await page.locator('svg.heatmap').first().waitFor();
  assert.equal(await page.locator('.lesson-head h1').textContent(), 'How close are two positions?');
  // {S[0][0]:2} is computed by the core: PE(0)·PE(0) = D/2 = 8.00 for the default width 16.
  assert.match(await article.textContent(), /The diagonal is 8\.00 everywhere/);
  const prose = (await page.locator('article pe-prose').allTextContents()).join(' ');
  assert.doesNotMatch(prose, /\{|\}|\[\[|undefined|NaN/, 'every placeholder and term was filled');
  assert.ok(await page.locator('math').count() > 0, 'the TeX was rendered to MathML');

  // Save a change: the open page reloads by itself and shows it.
  const en = path.join(folder, 'my-first-lesson.en.json');
  const edited = JSON.parse(fs.readFileSync(en, 'utf8'));
  edited.title = 'How alike are two positions?';
  fs.writeFileSync(en, JSON.stringify(edited, null, 2));
  await page.waitForFunction(() => document.querySelector('.lesson-head h1')?.textContent === 'How alike are two positions?', null, { timeout: 15000 });
  // The reload ends the page's event stream (net::ERR_ABORTED): that one is expected.
  const failed = problems.failed.filter((f) => !/\/__posenc\/events net::ERR_ABORTED$/.test(f));
  assert.deepEqual({ ...problems, failed }, { console: [], page: [], failed: [], offsite: [] });
});
