// lessons-relative-t5-rope-alibi.test.mjs: the numbers that the lessons relative-positions,
// t5-buckets, rope and alibi show and that come from documents or published conventions, read from
// the rendered pages (headless Chromium) and compared with values computed independently of posenc:
//   - T5 buckets: Hugging Face Transformers' _relative_position_bucket (the T5 reference rule, copied
//     verbatim) run with PyTorch 1.13.1 (Debian's python3-torch) on the listed relative positions;
//   - ALiBi slopes: get_slopes from the ALiBi paper's reference code (ofirpress/attention_with_linear_biases),
//     run with python3;
//   - RoPE, document 003's PE + RPE and Shaw et al.'s clipped distances: the formulas as the papers
//     write them, evaluated with python3's math module (commands in the comments).
// Each expectation says where it comes from. Edits made by a test are reset before it ends, so the
// stored state of one test never leaks into another.
import test from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, openPage, startServer } from './browser.mjs';

const num = (t) => Number(String(t).trim().replace(/\u2212/g, '-'));

async function openStep(context, base, lesson, step, lang = 'en') {
  const { page, problems } = await openPage(context, `${base}?lesson=${lesson}&step=${step}&lang=${lang}`);
  await page.waitForSelector(`article.lesson[data-step="${step}"]`);
  await page.waitForFunction(() => !document.querySelector('.block-loading'));
  return { page, problems };
}

// The body cells of the first table of a matrix block, as numbers, and its row labels.
async function table(page, name) {
  const block = page.locator(`pe-matrix[data-name="${name}"]`).first();
  await block.locator('tbody tr').first().waitFor();
  const rows = await block.locator('table').first().evaluate((t) => [...t.tBodies[0].rows].map((tr) => ({
    label: tr.cells[0].textContent,
    cells: [...tr.querySelectorAll('td')].map((td) => td.querySelector('input')?.value ?? td.textContent),
  })));
  return { labels: rows.map((r) => r.label), values: rows.map((r) => r.cells.map(num)) };
}

async function stepText(page) { return (await page.locator('.step').innerText()).replace(/\u2212/g, '-'); }

async function setField(page, name, value) {
  const field = page.locator(`pe-input[data-name="${name}"] input[type="text"]`);
  await field.fill(String(value));
}

async function resetLesson(page) {
  await page.click('.lesson-foot .reset');
}

const eightSlopes = [0.5, 0.25, 0.125, 0.0625, 0.03125, 0.015625, 0.0078125, 0.00390625];  // get_slopes(8)

function close(actual, expected, tol, what) {
  assert.ok(Math.abs(actual - expected) <= tol, `${what}: ${actual} is not within ${tol} of ${expected}`);
}

test('the relative, T5, RoPE and ALiBi lessons show the published numbers', async (t) => {
  const server = await startServer({ port: 0 });
  const browser = await launchBrowser();
  t.after(async () => { await browser.close(); await server.close(); });
  const base = server.url;
  const ctx = browser.context;

  await t.test('relative-positions: document 003\'s PE(pos₁) + RPE(pos₁ − pos₂) for one pair, both orders', async () => {
    const { page, problems } = await openStep(ctx, base, 'relative-positions', 2);
    const { values } = await table(page, 'pairTable');
    // python3: pe = lambda p: [sin(p), cos(p), sin(p/100), cos(p/100)]  (d = 4: 10000^(2/4) = 100)
    //   pe(3) = [0.1411, -0.99, 0.03, 0.9996], pe(2) = [0.9093, -0.4161, 0.02, 0.9998]
    //   pe(3) + pe(2) = [1.0504, -1.4061, 0.05, 1.9994];  pe(1) + pe(-2) = [-0.0678, 0.1242, -0.01, 1.9998]
    const expected = [[0.1411, -0.99, 0.03, 0.9996], [0.9093, -0.4161, 0.02, 0.9998], [1.0504, -1.4061, 0.05, 1.9994]];
    expected.forEach((row, i) => row.forEach((x, j) => close(values[i][j], x, 6e-4, `row ${i} column ${j}`)));
    const swapped = (await table(page, 'swapT')).values[0];
    [-0.0678, 0.1242, -0.01, 1.9998].forEach((x, j) => close(swapped[j], x, 6e-4, `swapped column ${j}`));
    assert.match(await stepText(page), /the largest difference between the two is 0\./, 'the core\'s tensor holds the same vector');
    assert.deepEqual(problems.console, []);
    await page.close();
  });

  await t.test('relative-positions: the sample\'s sizes (50 tokens, 256 dimensions) give a 50 × 50 × 256 tensor of 2560000 bytes', async () => {
    const { page, problems } = await openStep(ctx, base, 'relative-positions', 4);
    // python3: 50 * 50 * 256 = 640000 numbers; × 4 bytes (float32) = 2560000
    assert.match(await stepText(page), /a 50 × 50 × 256 tensor, 640000 numbers and 2560000 bytes/);
    assert.match(await stepText(page), /asks for \(2, 50, 256\)/);
    assert.deepEqual(problems.console, []);
    await page.close();
  });

  await t.test('relative-positions: Shaw et al.\'s distances are clip(j − i, −k, k), key minus query', async () => {
    const { page, problems } = await openStep(ctx, base, 'relative-positions', 6);
    const raw = (await table(page, 'distRaw')).values;
    // python3: [[j - i for j in range(8)] for i in range(8)]; clipped: max(-2, min(2, j - i))
    assert.deepEqual(raw, Array.from({ length: 8 }, (_, i) => Array.from({ length: 8 }, (_, j) => j - i)));
    assert.match(await stepText(page), /The first query's row reads \[0, 1, 2, 2, 2, 2, 2, 2\]/);
    assert.deepEqual(problems.console, []);
    await page.close();
  });

  await t.test('relative-positions: attention with aᴷ and aⱽ on a repeated token gives the weights and outputs of Shaw et al.\'s formulas', async () => {
    const { page, problems } = await openStep(ctx, base, 'relative-positions', 7);
    // python3: x = [1, 0, .5, 0]; e_ij = (x·x + x·aK[clip(j − i, −2, 2) + 2]) / √4; α = softmax_j(e);
    //   z_i = Σ_j α_ij (x + aV[clip(j − i) + 2]); row 3: α = [.1233, .1233, .4302, .2032, .0748, .0453]
    const out = (await table(page, 'shawOut')).values;
    const z1 = [0.4762, -0.0494, -0.2281, -0.3789, -0.5079, -0.6286];
    z1.forEach((x, i) => { close(out[i][0], 1, 0.005, `z${i}[0]`); close(out[i][1], x, 0.005, `z${i}[1]`); close(out[i][2], 0.5, 0.005, `z${i}[2]`); });
    const text = await stepText(page);
    assert.match(text, /every weight is 0\.167/);
    assert.match(text, /puts 0\.43 of its weight on its left neighbour and 0\.07 on its right neighbour/);
    assert.deepEqual(problems.console, []);
    await page.close();
  });

  await t.test('alibi: the 8-head slopes are 1/2 … 1/256 and the 12-head slopes follow the paper\'s get_slopes', async () => {
    // python3, get_slopes from the ALiBi reference code (attention_with_linear_biases, fairseq/models/transformer.py):
    //   get_slopes(8)  = [0.5, 0.25, 0.125, 0.0625, 0.03125, 0.015625, 0.0078125, 0.00390625]
    //   get_slopes(12) = get_slopes(8) + [0.7071067811865476, 0.35355339059327384, 0.17677669529663692, 0.08838834764831849]
    const eight = [0.5, 0.25, 0.125, 0.0625, 0.03125, 0.015625, 0.0078125, 0.00390625];
    // (shown with 8 decimals from single precision: within 1.5e-8)
    const twelve = [...eight, 0.7071067811865476, 0.35355339059327384, 0.17677669529663692, 0.08838834764831849];
    {
      const { page, problems } = await openStep(ctx, base, 'alibi', 2);
      const { values } = await table(page, 'slopesM');
      assert.equal(values.length, 8);
      values.forEach((row, h) => close(row[0], eight[h], 1.5e-8, `slope of head ${h + 1} of 8`));
      assert.match(await stepText(page), /0\.5, 0\.25, 0\.125, 0\.0625, 0\.03125, 0\.015625, 0\.0078125 and 0\.00390625/);
      assert.deepEqual(problems.console, []);
      await page.close();
    }
    {
      const { page, problems } = await openStep(ctx, base, 'alibi', 3);
      const { values } = await table(page, 'sOddM');
      assert.equal(values.length, 12);
      values.forEach((row, h) => close(row[0], twelve[h], 1.5e-8, `slope of head ${h + 1} of 12`));
      assert.match(await stepText(page), /0\.70710677 = 0\.70710677, 0\.35355338 = 0\.35355338, 0\.17677669 = 0\.17677669, 0\.08838835 = 0\.08838835/);
      assert.deepEqual(problems.console, []);
      await page.close();
    }
  });

  await t.test('alibi: the bias is −m·|i − j| (head 1 of 8: m = 1/2)', async () => {
    const { page, problems } = await openStep(ctx, base, 'alibi', 4);
    const { values } = await table(page, 'biasRow0');
    // python3: [[-m * j for j in range(8)] for m in get_slopes(8)], shown with 3 decimals
    values.forEach((row, h) => row.forEach((x, j) => close(x, -eightSlopes[h] * j, 6e-4, `head ${h + 1}, key ${j}`)));
    assert.deepEqual(problems.console, []);
    await page.close();
  });

  await t.test('rope: q rotated at m = 3 in both pairings, as RoFormer/Llama (interleaved) and rotate_half (halves) compute it', async () => {
    // python3, θ_i = 10000^(−2i/8), angle 3·θ_i:
    //   interleaved (2i, 2i+1): x'_a = a cos − b sin, x'_b = a sin + b cos on columns (2i, 2i+1)
    //   halves (i, i+4): the same on columns (i, i+4), i.e. q·cos + rotate_half(q)·sin
    const interleaved = [-0.99, 0.1411, 0.3368, 0.9416, -0.03, 0.9996, -0.8018, 0.5976];
    const halves = [-0.99, -0.2955, 0.6237, 0.7982, 0.1411, 0.9553, -0.7816, 0.6024];
    {
      const { page, problems } = await openStep(ctx, base, 'rope', 1);
      const { values } = await table(page, 'qTable');
      interleaved.forEach((x, j) => close(values[1][j], x, 6e-4, `interleaved column ${j}`));
      assert.deepEqual(problems.console, []);
      await page.close();
    }
    {
      const { page, problems } = await openStep(ctx, base, 'rope', 4);
      const { values } = await table(page, 'layoutTable');
      interleaved.forEach((x, j) => close(values[1][j], x, 6e-4, `interleaved column ${j}`));
      halves.forEach((x, j) => close(values[2][j], x, 6e-4, `halves column ${j}`));
      assert.match(await stepText(page), /the largest difference is 0\./, 'halves(Pq) = P·interleaved(q)');
      assert.deepEqual(problems.console, []);
      await page.close();
    }
  });

  await t.test('rope: the pe-rope-pairs widget draws one panel per pair with the core\'s wavelengths and follows its slider', async () => {
    const { page, problems } = await openStep(ctx, base, 'rope', 2);
    const widget = page.locator('pe-rope-pairs');
    await widget.locator('svg').waitFor();
    const svgText = await widget.locator('svg').textContent();
    // wavelengths 2π·10000^(2i/8): 6.28, 62.83, 628, 6283 (python3: [2*pi*10000**(2*i/8) for i in range(4)])
    for (const w of ['6.28', '62.83', '628', '6283']) assert.ok(svgText.includes(w), `wavelength ${w} is shown`);
    assert.equal(await widget.locator('svg > g').count(), 4);
    await widget.locator('input[type="range"]').fill('3');
    assert.equal(await widget.locator('output').textContent(), '3');
    assert.deepEqual(problems.console, []);
    await page.close();
  });

  await t.test('rope: q_m · k_n depends only on m − n; linear scaling m·θ/N', async () => {
    {
      const { page, problems } = await openStep(ctx, base, 'rope', 3);
      // python3: dot(rot(q, 1), rot(k, 0)) = dot(rot(q, 4), rot(k, 3)) = 0.9359; dot(rot(q, 5), rot(k, 1)) = 1.8693
      assert.match(await stepText(page), /give 0\.9359, 0\.9359 and 0\.9359; \(5, 1\) and \(7, 3\) give 1\.8693 and 1\.8693/);
      assert.deepEqual(problems.console, []);
      await page.close();
    }
    {
      const { page, problems } = await openStep(ctx, base, 'rope', 5);
      // python3: pair 1 of q = (0.6, 0.8) at position 15: angle 15·0.1 → (−0.7556, 0.6551); with N = 2: 7.5·0.1 → (−0.1063, 0.9943)
      const text = await stepText(page);
      assert.match(text, /position 15 lands at \[-0\.756, 0\.655\]/);
      assert.match(text, /position 15 now lands at \[-0\.106, 0\.994\]/);
      assert.deepEqual(problems.console, []);
      await page.close();
    }
  });

  await t.test('T5 buckets at distances 16, 32 and 64 (and the other probes) are those of the reference rule, in both modes', async () => {
    const { page, problems } = await openStep(ctx, base, 't5-buckets', 3);
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

  await t.test('the sign is key − query: a key to the right is positive and gets the upper half', async () => {
    const { page, problems } = await openStep(ctx, base, 't5-buckets', 1);
    const { values } = await table(page, 'shortRel');
    // r = j − i for "The cat sat on the mat": row i, column j
    assert.deepEqual(values, Array.from({ length: 6 }, (_, i) => Array.from({ length: 6 }, (_, j) => j - i)));
    // python3 (PyTorch): _relative_position_bucket(arange(6)[None, :] − arange(6)[:, None])[0]
    assert.match(await stepText(page), /the first word's row of buckets is \[0, 17, 18, 19, 20, 21\]/);
    assert.deepEqual(problems.console, []);
    await page.close();
  });

  await t.test('the bucket calculator follows an edited relative position and mode', async () => {
    const { page, problems } = await openStep(ctx, base, 't5-buckets', 2);
    const result = () => page.locator('.step pe-prose').nth(1).innerText();
    assert.match((await result()).replace(/\u2212/g, '-'), /Relative position 16 falls into bucket 26 of 32 \(bidirectional: 26; not bidirectional: 0\)/);
    await setField(page, 'rel', -32);
    await page.waitForFunction(() => document.querySelector('.step').innerText.includes('bucket 12 of 32'));
    // reference rule (PyTorch): −32 → 12 bidirectional, 21 in a decoder
    assert.match((await result()).replace(/\u2212/g, '-'), /Relative position -32 falls into bucket 12 of 32 \(bidirectional: 12; not bidirectional: 21\)/);
    await page.locator('pe-input[data-name="bidirectional"] input[type="checkbox"]').uncheck();
    await page.waitForFunction(() => document.querySelector('.step').innerText.includes('bucket 21 of 32'));
    await resetLesson(page);
    assert.deepEqual(problems.console, []);
    await page.close();
  });
});
