// lesson-long-attention.test.mjs: attention-lab's long-attention step is a lesson, and it never
// freezes the page. The work runs in a Web Worker: no long task (> 50 ms, PerformanceObserver
// 'longtask') on the main thread while it runs (a run started once the page has settled); the step shows this run's timings at four lengths
// with the L² fit, the causal / full ratio and the attention pattern of the last query, in the
// page's language; a too costly combination of sizes is refused before anything runs; a run can be
// cancelled. With WebGPU on (SwiftShader here), 'auto' does not pick the software adapter and the
// page says which backend ran and why.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { launchBrowser, startServer, watchPage } from './browser.mjs';
import { CLEAN, lessonUrl, settled, setInput } from './lesson-page.mjs';
import { causalFact } from '../../web/lesson/long-attention.js';

const ui = (lang) => JSON.parse(fs.readFileSync(new URL(`../../tutorials/ui.${lang}.json`, import.meta.url), 'utf8'));
const state = (page) => page.locator('pe-long-attention').getAttribute('data-state');

async function open(context, url) {
  const page = await context.newPage();
  const problems = watchPage(page, new URL(url).origin);
  await page.addInitScript(() => {
    window.longTasks = [];
    new PerformanceObserver((list) => { for (const e of list.getEntries()) window.longTasks.push({ start: e.startTime, duration: e.duration }); })
      .observe({ type: 'longtask', buffered: true });
  });
  await page.goto(url);
  await settled(page, 7);
  return { page, problems };
}

test('the long-attention step measures in a worker, teaches L², causal halving and the pattern, and never blocks the page', async (t) => {
  const server = await startServer({ port: 0 });
  const browser = await launchBrowser();
  t.after(async () => { await browser.close(); await server.close(); });
  const site = { url: server.url };
  const { page, problems } = await open(browser.context, lessonUrl(site, 'attention-lab', 7, 'ja'));
  await page.waitForFunction(() => document.querySelector('pe-long-attention')?.dataset.state === 'done', null, { timeout: 180000 });
  // Once the page has settled (fonts in; the test browser has no service worker to install), a
  // second run is measured alone: the long tasks counted are those of the run, not of the page's
  // own loading.
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  // Started and awaited from the page itself, with no polling by the test while it runs.
  await page.evaluate(() => new Promise((resolve) => {
    const w = document.querySelector('pe-long-attention');
    w.addEventListener('pe-long-attention', (e) => { if (e.detail.state === 'done') resolve(); });
    w.querySelector('button:nth-of-type(2)').click();
  }));
  const r = await page.evaluate(() => {
    const w = document.querySelector('pe-long-attention');
    // The run: from its start until the worker reports it done (drawing the results comes after).
    const during = window.longTasks.filter((e) => e.start + e.duration > w.startedAt && e.start + e.duration < w.finishedAt);
    return {
      lengths: w.points.map((p) => p.length), times: w.points.map((p) => [p.fullMs, p.causalMs]),
      backend: w.info.backend, code: w.info.fallbackCode, during,
      facts: [...w.querySelectorAll('.long-facts li')].map((li) => li.textContent),
      backendLine: w.querySelector('.long-backend').textContent,
      pattern: w.patternData && { length: w.patternData.length, heads: w.patternData.heads, total: Array.from(w.patternData.mass).reduce((a, b) => a + b, 0) },
      circles: w.querySelectorAll('.long-timing-plot circle').length,
    };
  });
  assert.deepEqual(r.lengths, [128, 256, 512, 1024]);
  assert.ok(r.times.every(([f, c]) => f > 0 && c > 0), JSON.stringify(r.times));
  assert.deepEqual(r.during, [], 'no long task on the main thread while the worker runs');
  assert.equal(r.backend, 'wasm');
  assert.equal(r.backendLine, `${ui('ja').longBackendWasm} ${ui('ja').longWhyNot.replace('{reason}', ui('ja')[`gpuFallback${r.code.replace(/(^|-)([a-z])/g, (_, __, c) => c.toUpperCase())}`])}`);
  assert.equal(r.facts.length, 2);
  assert.match(r.facts[0], /^L を 512 から 1,?024 に倍にすると、時間は [\d.]+ 倍になりました。コストが L² に比例するなら 4 倍です。$/);
  // The causal sentence: the saving explained, or (a busy machine can time it the other way) the
  // run said not to show it, whichever this run's timings allow.
  const [fullMs, causalMs] = r.times.at(-1);
  const { ratio, key } = causalFact({ fullMs, causalMs });
  assert.equal(r.facts[1].replace('1,024', '1024'), ui('ja')[key].replace('{length}', '1024').replace('{ratio}', ratio.toFixed(2)));
  // The pattern: the last query's weights over all 1024 keys, per head: each head's weights sum to 1.
  assert.equal(r.pattern.length, 1024);
  assert.ok(Math.abs(r.pattern.total - r.pattern.heads) < 1e-3 * r.pattern.heads, `${r.pattern.total} for ${r.pattern.heads} heads`);
  assert.equal(r.circles, 8);

  // A combination past the cost limit is refused (each size alone is within its range).
  await setInput(page, 'longL', 8192);
  await setInput(page, 'longH', 16);
  await page.waitForFunction(() => document.querySelector('pe-long-attention')?.dataset.state === 'refused');
  assert.match(await page.locator('pe-long-attention .long-status').textContent(), /^L = 8192、ヘッド 16 個.*上限/);

  // A run can be cancelled: the worker is stopped and the page says so.
  await setInput(page, 'longH', 1);
  await setInput(page, 'longL', 3584);
  await page.waitForFunction(() => document.querySelector('pe-long-attention')?.dataset.state === 'running');
  await page.locator('pe-long-attention button', { hasText: ui('ja').longCancel }).click();
  assert.equal(await state(page), 'cancelled');
  assert.equal(await page.locator('pe-long-attention .long-status').textContent(), ui('ja').longCancelled);
  assert.deepEqual(problems, CLEAN);
});

test('with WebGPU on SwiftShader, auto does not pick the software adapter and the step says why', async (t) => {
  const server = await startServer({ port: 0 });
  const browser = await launchBrowser({ webgpu: true });
  t.after(async () => { await browser.close(); await server.close(); });
  const page = await browser.context.newPage();
  await page.goto(`${server.url}?lesson=attention-lab&step=7&lang=zh`);
  const info = await page.evaluate(async () => {
    const { loadPosenc } = await import('/posenc.js');
    const pe = await loadPosenc();
    const adapter = await navigator.gpu?.requestAdapter();
    return { backend: await pe.backendInfo(), hasAdapter: Boolean(adapter), software: adapter?.isFallbackAdapter || /swiftshader/i.test(`${adapter?.info?.architecture} ${adapter?.info?.description}`) };
  });
  if (info.hasAdapter && info.software) {
    assert.equal(info.backend.backend, 'wasm');
    assert.equal(info.backend.fallbackCode, 'software-adapter');
  }
  assert.notEqual(info.backend.adapter?.software && info.backend.backend, 'webgpu');
  await setInput(page, 'longL', 64);
  await page.waitForFunction(() => document.querySelector('pe-long-attention')?.dataset.state === 'done' && document.querySelector('pe-long-attention').points.at(-1)?.length === 64, null, { timeout: 120000 });
  const shown = await page.evaluate(() => ({ backend: document.querySelector('pe-long-attention').points.map((p) => p.backend), line: document.querySelector('pe-long-attention .long-backend').textContent }));
  assert.ok(shown.backend.every((b) => b === 'wasm'), JSON.stringify(shown));
  if (info.software) assert.ok(shown.line.includes(ui('zh').gpuFallbackSoftwareAdapter), shown.line);
});
