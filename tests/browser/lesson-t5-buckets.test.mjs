// lesson-t5-buckets.test.mjs: the buckets the lesson t5-buckets shows, compared with Hugging Face
// Transformers' _relative_position_bucket (the T5 reference rule, copied verbatim) run with PyTorch
// 1.13.1 (Debian's python3-torch) on the listed relative positions; the calculator follows edits.
import test from 'node:test';
import assert from 'node:assert/strict';
import { useSite } from './browser.mjs';
import { openLesson, table, stepText, setInput, num } from './lesson-page.mjs';

const site = useSite();
const close = (actual, expected, tol, what) =>
  assert.ok(Math.abs(actual - expected) <= tol, `${what}: ${actual} is not within ${tol} of ${expected}`);

test('T5 buckets at distances 16, 32 and 64 (and the other probes) are those of the reference rule, in both modes', async () => {
  const { page, problems } = await openLesson(site, 't5-buckets', 3);
  const { labels, values } = await table(page, 'probes');
  // python3 (PyTorch 1.13.1): _relative_position_bucket(torch.tensor(r)) and (…, bidirectional=False)
  const r = [-128, -91, -90, -64, -32, -16, -15, -8, -7, -1, 0, 1, 7, 8, 16, 32, 64, 90, 91, 128];
  const bidirectional = [15, 15, 14, 14, 12, 10, 9, 8, 7, 1, 0, 17, 23, 24, 26, 28, 30, 30, 31, 31];
  const causal = [31, 29, 29, 26, 21, 16, 15, 8, 7, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
  assert.deepEqual(labels.map(num), r);
  assert.deepEqual(values.map((row) => row[0]), bidirectional, 'bidirectional buckets');
  assert.deepEqual(values.map((row) => row[1]), causal, 'decoder buckets');
  const text = await stepText(page);
  assert.match(text, /-16 → 10, -32 → 12, -64 → 14/, 'the prose quotes the log buckets');
  assert.match(text, /The last bucket, 15, already starts at -91 \(-90 is still in 14\)/);
  assert.deepEqual(problems.console, []);
  await page.close();
});

test('the sign is key − query: a key to the right is positive and gets the upper half', async () => {
  const { page, problems } = await openLesson(site, 't5-buckets', 1);
  const { values } = await table(page, 'shortRel');
  // r = j − i for "The cat sat on the mat": row i, column j
  assert.deepEqual(values, Array.from({ length: 6 }, (_, i) => Array.from({ length: 6 }, (_, j) => j - i)));
  // python3 (PyTorch): _relative_position_bucket(arange(6)[None, :] − arange(6)[:, None])[0]
  assert.match(await stepText(page), /the first word's row of buckets is \[0, 17, 18, 19, 20, 21\]/);
  assert.deepEqual(problems.console, []);
  await page.close();
});

test('the bucket calculator follows an edited relative position and mode', async () => {
  const { page, problems } = await openLesson(site, 't5-buckets', 2);
  const result = () => page.locator('.step pe-prose').nth(1).innerText();
  assert.match((await result()).replace(/\u2212/g, '-'), /Relative position 16 falls into bucket 26 of 32 \(bidirectional: 26; not bidirectional: 0\)/);
  await setInput(page, 'rel', -32);
  await page.waitForFunction(() => document.querySelector('.step').innerText.includes('bucket 12 of 32'));
  // reference rule (PyTorch): −32 → 12 bidirectional, 21 in a decoder
  assert.match((await result()).replace(/\u2212/g, '-'), /Relative position -32 falls into bucket 12 of 32 \(bidirectional: 12; not bidirectional: 21\)/);
  await page.locator('pe-input[data-name="bidirectional"] input[type="checkbox"]').uncheck();
  await page.waitForFunction(() => document.querySelector('.step').innerText.includes('bucket 21 of 32'));
  // 64 buckets: 91 and 128 no longer share one, and the ruler says so. python3, the reference rule with
  // num_buckets = 64: 32 + min(31, 16 + int(log(r/16)/log(128/16)·16)) → 61 for r = 91, 63 for r = 128.
  await setInput(page, 'numBuckets', 64);
  await page.waitForFunction(() => document.querySelector('.step').innerText.includes('of 64'));
  await page.click('.pager .next');
  await page.waitForSelector('article.lesson[data-step="3"]');
  await page.waitForFunction(() => /get buckets of their own \(61 and 63\)/.test(document.querySelector('section.step').innerText));
  assert.doesNotMatch(await stepText(page), /cannot tell a distance of/);
  // The step-by-step reading of the table is T5's own; with other settings the text says so.
  assert.match(await stepText(page), /With your settings, numBuckets = 64 and maxDistance = 128, the table below follows the same rule/);
  assert.doesNotMatch(await stepText(page), /Each doubling of the distance moves two buckets/);
  await page.click('.lesson-foot .reset');
  await page.waitForFunction(() => /cannot tell a distance of 91 from 128/.test(document.querySelector('section.step').innerText));
  assert.match(await stepText(page), /Each doubling of the distance moves two buckets/);
  // Step 4 names the buckets of the first and the last word of whatever sentence is typed:
  // five words, r = +4 → 16 + 4 = 20 and r = −4 → 4 (the reference rule, bidirectional, 32 buckets).
  await page.click('.pager .next');
  await page.waitForSelector('article.lesson[data-step="4"]');
  await setInput(page, 'sentence', 'a b c d e');
  await page.waitForFunction(() => /The first word sees the last word in bucket 20, and the last word sees the first in bucket 4:/.test(document.querySelector('section.step').innerText));
  await page.click('.lesson-foot .reset');
  assert.deepEqual(problems.console, []);
  await page.close();
});
