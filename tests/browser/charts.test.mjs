// charts.test.mjs: charts can be read. A heatmap panel and a plot take keyboard focus; arrows move
// a ring over a cell / point and the live region words row, column and value in the page's
// language (ja, zh); a pointer over a cell reads it too. ALiBi's per-head weights are small
// multiples: a balanced 2 × 2 grid, one legend for the set, labels drawn at ≥ 11 px; attention
// weights use the fixed 0 … 1 scale.
import test from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, startServer } from './browser.mjs';

const ready = async (page) => {
  await page.waitForSelector('html[data-ready="lesson"]', { state: 'attached' });
  await page.waitForFunction(() => !document.querySelector('.block-loading'));
};

test('heatmaps and plots read out by keyboard and pointer, small multiples share one legend', async (t) => {
  const server = await startServer({ port: 0 });
  const browser = await launchBrowser();
  t.after(async () => { await browser.close(); await server.close(); });
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 1280, height: 900 });

  await t.test('ALiBi step 6 (ja): keyboard readout of a head, 2 × 2 panels, one legend, labels ≥ 11 px', async () => {
    await page.goto(`${server.url}?lesson=alibi&step=6&lang=ja`);
    await ready(page);
    const svgs = page.locator('pe-heatmap svg.heatmap.multiple');
    assert.equal(await svgs.count(), 4);
    await svgs.first().focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowRight');
    const live = page.locator('pe-heatmap .readout');
    assert.match(await live.textContent(), /^ヘッド 1 · 行 位置 1 · 列 位置 1 · 値 0\.\d{3}$/);
    await page.keyboard.press('ArrowRight');
    assert.match(await live.textContent(), /列 位置 2 · 値 0\.000$/, 'causal: key 2 is masked for query 1');
    assert.equal(await page.locator('pe-heatmap .focus-ring').count(), 1);
    const layout = await page.evaluate(() => {
      const figs = [...document.querySelectorAll('pe-heatmap .panels > figure')].map((f) => f.getBoundingClientRect());
      const svg = document.querySelector('pe-heatmap svg.heatmap.multiple');
      const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
      const sizes = [...svg.querySelectorAll('text')].map((t) => Number(t.getAttribute('font-size') ?? 12) * scale);
      return {
        rows: new Set(figs.map((r) => Math.round(r.top))).size,
        cols: new Set(figs.map((r) => Math.round(r.left))).size,
        legends: document.querySelectorAll('pe-heatmap .legend').length,
        smallest: Math.min(...sizes),
        ends: [...document.querySelectorAll('pe-heatmap .legend text')].slice(1).map((t) => t.textContent),
      };
    });
    assert.deepEqual({ rows: layout.rows, cols: layout.cols, legends: layout.legends }, { rows: 2, cols: 2, legends: 1 });
    assert.ok(layout.smallest >= 11, `smallest label ${layout.smallest} px`);
    assert.deepEqual(layout.ends, ['0.00', '0.50', '1.00']);
  });

  await t.test('order-blind attention step 2 (zh): weights on 0 … 1, pointer readout of a cell', async () => {
    await page.goto(`${server.url}?lesson=order-blind-attention&step=2&lang=zh`);
    await ready(page);
    const ends = await page.locator('pe-heatmap').first().locator('.legend text').allTextContents();
    assert.deepEqual(ends.slice(1), ['0.000', '0.500', '1.000']);
    const svg = page.locator('pe-heatmap svg.heatmap').first();
    await svg.scrollIntoViewIfNeeded();
    const ring = await svg.evaluate((s) => {
      const { left, top, cell, cellH } = s.readout;
      const m = s.getScreenCTM();
      const p = new DOMPoint(left + 1.5 * cell, top + 0.5 * cellH).matrixTransform(m);
      return { x: p.x, y: p.y };
    });
    await page.mouse.move(ring.x, ring.y);
    assert.match(await page.locator('pe-heatmap .readout').first().textContent(), /^行 dog · 列 bites · 值 0\.\d{3}$/);
  });

  await t.test('RoPE step 5 (en): a plot point by keyboard, the scaled points drawn last as rings', async () => {
    await page.goto(`${server.url}?lesson=rope&step=5&lang=en`);
    await ready(page);
    const svg = page.locator('pe-plot svg.plot');
    await svg.focus();
    await page.keyboard.press('ArrowRight');
    assert.match(await page.locator('pe-plot .readout').textContent(), /^longer input, no scaling · first component -?[−\d.]+ · second component [−\d.]+$/);
    const last = await svg.evaluate((s) => [...s.querySelectorAll('circle')].filter((c) => !c.classList.contains('focus-ring')).at(-1).getAttribute('fill'));
    assert.equal(last, 'none', 'the scaled-by-N rings are drawn on top');
  });
});
