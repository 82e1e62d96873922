// lessons-shift-adding-learned-order.test.mjs: the numbers that the lessons linear-shift,
// does-adding-hurt, learned-absolute and order-blind-attention print, checked in headless
// Chromium against values computed independently of posenc:
//   - wavelengths and dot products from the paper's formula in Python 3 (math module):
//       2*math.pi = 6.283…, 2*math.pi*10000 = 62831.85…, 2*math.pi*10000**(510/512) = 60611.48…,
//       sum(math.cos(3 * 10000**(-2*m/8)) for m in range(4)) = 1.96489 (PE(i)·PE(i+3), D = 8);
//   - the attention of "dog bites man" (X as typed in the lesson) in Python 3 with plain loops:
//       softmax(X Xᵀ / √4) X, with sinusoidal P = [sin p, cos p, sin(p/100), cos(p/100)] added after
//       the shuffle, with RoPE (interleaved pairs, θᵢ = 10000^(−2i/4)) on q and k, and causal;
//   - document 002's reported ResNet-50 probability 0.06685701 printed as 6.7%;
//   - read-back with E = 0: X = PE exactly, so every position is its own nearest sinusoid.
// Plus behaviour: editing a cell or a control changes what the lesson shows.
import test from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, openPage, startServer } from './browser.mjs';

// "−5.96 × 10⁻⁸" → -5.96e-8; "62832" → 62832; "6.7%" → 6.7
const SUP = { '⁻': '-', '⁰': '0', '¹': '1', '²': '2', '³': '3', '⁴': '4', '⁵': '5', '⁶': '6', '⁷': '7', '⁸': '8', '⁹': '9' };
function parseShown(text) {
  const t = text.trim().replace(/\u2212/g, '-').replace(/%$/, '');
  const m = /^(-?[\d.]+)(?: × 10([⁻⁰-⁹¹²³]+))?$/.exec(t);
  assert.ok(m, `"${text}" is not a number as the page writes it`);
  return Number(m[1]) * (m[2] ? 10 ** Number([...m[2]].map((c) => SUP[c]).join('')) : 1);
}

test('lessons linear-shift, does-adding-hurt, learned-absolute and order-blind-attention', async (t) => {
  const server = await startServer({ port: 0 });
  const browser = await launchBrowser();

  async function open(lesson, step, lang = 'en') {
    const { page, problems } = await openPage(browser.context, `${server.url}?lesson=${lesson}&step=${step}&lang=${lang}`);
    await page.evaluate(() => localStorage.clear());
    await page.reload();
    await page.waitForSelector(`article.lesson[data-step="${step}"]`);
    await page.waitForFunction(() => !document.querySelector('.block-loading'));
    return { page, problems };
  }
  // The numbers bound into the step's prose ({…} placeholders), in document order.
  const values = (page) => page.locator('.step span.value').allTextContents();
  // The cells of the matrix block whose caption is `caption`: text, or the input's value.
  const cells = (page, caption) => page.locator('pe-matrix').filter({ has: page.locator('caption', { hasText: caption }) }).first()
    .evaluate((el) => [...el.querySelectorAll('tbody tr')].map((tr) => [...tr.querySelectorAll('td')].map((td) => td.querySelector('input')?.value ?? td.textContent.trim())));
  async function settle(page) {
    await page.waitForTimeout(150);
    await page.waitForFunction(() => !document.querySelector('.block-loading'));
  }

  await t.test('linear-shift prints 2π, the paper\'s 10000·2π ≈ 62832 and the true longest wavelength 60611 at D = 512', async () => {
    const { page, problems } = await open('linear-shift', 1);
    const v = await values(page);
    assert.ok(v.includes('6.283'), `2π = 6.283 among ${v}`);
    assert.ok(v.includes('62832'), `10000·2π ≈ 62832 among ${v}`);
    assert.ok(v.includes('60611'), `2π·10000^(510/512) ≈ 60611 among ${v}`);
    assert.deepEqual(problems.console, []);
    await page.close();
  });

  await t.test('linear-shift: M_k·PE(pos) equals PE(pos + k) to float rounding, for another k too', async () => {
    const { page } = await open('linear-shift', 3);
    const shifted = await cells(page, 'Mₖ · PE(pos)');
    const direct = await cells(page, 'PE(pos + k)');
    assert.equal(shifted.length, 6);
    const close = (a, b) => a.every((r, i) => r.every((x, j) => Math.abs(parseShown(x) - parseShown(b[i][j])) <= 1.5e-4));
    assert.ok(close(shifted, direct), 'Mₖ·PE(pos) and PE(pos + k) agree to the shown 4 decimals');
    // k = 3: PE(0) moved by 3 is PE(3) = [sin 3, cos 3, …] (Python: math.sin(3) = 0.14112, math.cos(3) = −0.98999)
    assert.deepEqual(shifted[0].slice(0, 2), ['0.1411', '\u22120.9900']);
    const worst = (await values(page)).map((s) => s.trim()).find((s) => /×/.test(s));
    assert.ok(parseShown(worst) < 1e-5, `largest difference ${worst}`);
    const before = shifted[0][0];
    await page.locator('pe-input').filter({ hasText: 'Offset k' }).first().locator('input[type="text"]').fill('-2');
    await settle(page);
    const after = await cells(page, 'Mₖ · PE(pos)');
    assert.notEqual(after[0][0], before);
    assert.ok(close(after, await cells(page, 'PE(pos + k)')));
    await page.close();
  });

  await t.test('linear-shift: PE(i)·PE(j) is D/2 on the diagonal and the same for every pair three apart', async () => {
    const { page } = await open('linear-shift', 4);
    const v = await values(page);
    // D = 8: S(0) = 4, S(3) = 1.96489 (Python, the sum of cosines above), three times.
    assert.ok(v.includes('4.000'));
    assert.equal(v.filter((s) => s === '1.965').length, 3, `three pairs three apart: ${v}`);
    await page.close();
  });

  await t.test('does-adding-hurt prints the document\'s 6.7% for "diaper"', async () => {
    for (const lang of ['en', 'ja', 'zh']) {
      const { page } = await open('does-adding-hurt', 1, lang);
      assert.ok((await values(page)).includes('6.7%'), lang);
      await page.close();
    }
  });

  await t.test('does-adding-hurt: with σ = 0 every position is read back, and the σ = 0 column of the sweep is 1', async () => {
    const { page } = await open('does-adding-hurt', 2);
    const rows = await cells(page, 'Positions read back');
    assert.equal(rows.length, 2);
    assert.notDeepEqual(rows[1], rows[0], 'at the lesson\'s σ some position is misread');
    await page.locator('pe-input').filter({ hasText: 'Scale σ of E' }).first().locator('input[type="text"]').fill('0');
    await settle(page);
    const clean = await cells(page, 'Positions read back');
    assert.deepEqual(clean[1], clean[0]);
    assert.ok((await values(page)).includes('100%'));
    await page.close();
    const sweep = await open('does-adding-hurt', 3);
    const table = await cells(sweep.page, 'Share of positions read back correctly');
    assert.equal(table.length, 7);
    assert.ok(table.every((r) => r[0] === '1.00'), `first column ${table.map((r) => r[0])}`);
    await sweep.page.close();
  });

  await t.test('does-adding-hurt: the four terms add up to the total the sentence shows', async () => {
    const { page } = await open('does-adding-hurt', 4);
    const sentence = await page.locator('.step p', { hasText: 'What attention actually sees' }).textContent();
    const nums = [...sentence.replace(/\u2212/g, '-').matchAll(/-?\d+\.\d+/g)].map((m) => Number(m[0]));
    assert.equal(nums.length, 5);
    const [total, ...terms] = nums;
    assert.ok(Math.abs(total - terms.reduce((a, b) => a + b, 0)) <= 0.025, sentence);
    await page.close();
  });

  await t.test('learned-absolute names position 7 and position 6 as past the 6-row table, and accepts positions inside', async () => {
    const { page } = await open('learned-absolute', 3);
    const errors = await page.locator('pe-node-error').allTextContents();
    assert.ok(errors[0].includes("position id 7 is outside the table's 6 rows"), errors[0]);
    assert.ok(errors[1].includes("position id 6 is outside the table's 6 rows"), errors[1]);
    await page.locator('pe-matrix').first().locator('input').nth(1).fill('5');
    await settle(page);
    assert.ok(!(await page.locator('pe-node-error').first().textContent()).includes('outside'));
    await page.close();
  });

  await t.test('learned-absolute: the positions of a sentence are the first rows of the table, as typed', async () => {
    const { page } = await open('learned-absolute', 2);
    const P = await cells(page, 'Position vectors P');
    const T = await cells(page, 'Position table T');
    assert.equal(P.length, 4);
    const asTyped = (m) => m.map((r) => r.map((x) => x.replace('\u2212', '-')));
    assert.deepEqual(asTyped(P), asTyped(T.slice(0, 4)));
    assert.deepEqual(asTyped(P)[1], ['0.48', '0.21', '-0.15', '0.30'], 'row 1 as typed in the lesson');
    // Editing a cell of T changes the position vector that row belongs to.
    await page.locator('pe-matrix').filter({ has: page.locator('caption', { hasText: 'Position table T' }) }).first()
      .locator('tbody tr').nth(1).locator('input').nth(2).fill('0.99');
    await settle(page);
    assert.equal((await cells(page, 'Position vectors P'))[1][2], '0.99');
    await page.locator('pe-input input[type="text"]').first().fill('The cat sat');
    await settle(page);
    assert.equal((await cells(page, 'Position vectors P')).length, 3);
    await page.close();
  });

  await t.test('order-blind-attention: without positions the outputs only move, with sinusoids, RoPE or a mask they change', async () => {
    const { page } = await open('order-blind-attention', 2);
    // Python (plain loops): softmax(X Xᵀ / 2) X for the typed X, row "dog".
    assert.deepEqual((await cells(page, 'Attention(X)'))[0], ['0.5862', '0.3491', '0.6144', '0.3802']);
    assert.deepEqual(await cells(page, 'Attention(πX)'), await cells(page, 'π · Attention(X)'));
    const v = await values(page);
    assert.ok(parseShown(v[0]) < 1e-6, `largest difference without positions ${v[0]}`);
    assert.ok(v.includes('0.326'), 'weight of man on dog, 0.326 in Python');
    await page.close();
    const step4 = await open('order-blind-attention', 4);
    const w = await values(step4.page);
    // Python: with P 0.76526, with RoPE 0.07545, causal 0.31976
    assert.ok(w.includes('0.075') && w.includes('0.320') && w.includes('0.765'), `${w}`);
    await step4.page.close();
  });

  await browser.close();
  await server.close();
});
