// lesson-alibi.test.mjs: the ALiBi slopes and biases the lesson alibi shows, compared with
// get_slopes from the ALiBi paper's reference code (ofirpress/attention_with_linear_biases), run
// with python3.
import test from 'node:test';
import assert from 'node:assert/strict';
import { useSite } from './browser.mjs';
import { openLesson, table, stepText, setInput, until } from './lesson-page.mjs';

const site = useSite();
const close = (actual, expected, tol, what) =>
  assert.ok(Math.abs(actual - expected) <= tol, `${what}: ${actual} is not within ${tol} of ${expected}`);
const eightSlopes = [0.5, 0.25, 0.125, 0.0625, 0.03125, 0.015625, 0.0078125, 0.00390625];  // get_slopes(8)

test('alibi: the 8-head slopes are 1/2 … 1/256 and the 12-head slopes follow the paper\'s get_slopes', async () => {
  // python3, get_slopes from the ALiBi reference code (attention_with_linear_biases, fairseq/models/transformer.py):
  //   get_slopes(8)  = [0.5, 0.25, 0.125, 0.0625, 0.03125, 0.015625, 0.0078125, 0.00390625]
  //   get_slopes(12) = get_slopes(8) + [0.7071067811865476, 0.35355339059327384, 0.17677669529663692, 0.08838834764831849]
  const eight = [0.5, 0.25, 0.125, 0.0625, 0.03125, 0.015625, 0.0078125, 0.00390625];
  // (shown with 8 decimals from single precision: within 1.5e-8)
  const twelve = [...eight, 0.7071067811865476, 0.35355339059327384, 0.17677669529663692, 0.08838834764831849];
  {
    const { page, problems } = await openLesson(site, 'alibi', 2);
    const { values } = await table(page, 'slopesM');
    assert.equal(values.length, 8);
    values.forEach((row, h) => close(row[0], eight[h], 1.5e-8, `slope of head ${h + 1} of 8`));
    assert.match(await stepText(page), /0\.5, 0\.25, 0\.125, 0\.0625, 0\.03125, 0\.015625, 0\.0078125 and 0\.00390625/);
    assert.deepEqual(problems.console, []);
    await page.close();
  }
  {
    const { page, problems } = await openLesson(site, 'alibi', 3);
    const { values } = await table(page, 'sOddM');
    assert.equal(values.length, 12);
    values.forEach((row, h) => close(row[0], twelve[h], 1.5e-8, `slope of head ${h + 1} of 12`));
    assert.match(await stepText(page), /0\.70710677 = 0\.70710677, 0\.35355338 = 0\.35355338, 0\.17677669 = 0\.17677669, 0\.08838835 = 0\.08838835/);
    assert.deepEqual(problems.console, []);
    await page.close();
  }
});

test('alibi: the bias is −m·|i − j| (head 1 of 8: m = 1/2)', async () => {
  const { page, problems } = await openLesson(site, 'alibi', 4);
  const { values } = await table(page, 'biasRow0');
  // python3: [[-m * j for j in range(8)] for m in get_slopes(8)], shown with 3 decimals
  values.forEach((row, h) => row.forEach((x, j) => close(x, -eightSlopes[h] * j, 6e-4, `head ${h + 1}, key ${j}`)));
  assert.match(await stepText(page), /the last head gives the same key only/);
  // One head: no shallower head to compare with.
  await setInput(page, 'H', 1);
  await until(async () => /With a single head there is no shallower head to compare/.test(await stepText(page)), 'one head');
  assert.doesNotMatch(await stepText(page), /the last head gives the same key only/);
  await setInput(page, 'H', 8);
  await until(async () => /the last head gives the same key only/.test(await stepText(page)), 'eight heads again');
  // Steps 5 and 6 name the shallowest head whatever the head count: with 8 heads it is head 8, slope 2⁻⁸.
  await page.click('.pager .next');
  await page.waitForSelector('article.lesson[data-step="5"]');
  await setInput(page, 'aH', 8);
  await page.click('.pager .next');
  await page.waitForSelector('article.lesson[data-step="6"]');
  await until(async () => /the shallowest head \(slope 0\.00390625\)/.test(await stepText(page)), 'the last of 8 heads');
  await setInput(page, 'Ltest', 10);
  await until(async () => /For the last query \(position 9\), head 1/.test(await stepText(page)), 'the last query of 10');
  await page.click('.lesson-foot .reset');
  assert.deepEqual(problems.console, []);
  await page.close();
});
