// offline.test.mjs: once opened, the site works with the server gone. The page registers the
// service worker (sw.js, precaching every file of the build); after it is active the server is
// stopped, the page reloads, and one step of three lessons opens from the cache, including the
// modules those steps load lazily (heatmap, plot, the RoPE widget) and the WASM core.
import test from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, startServer } from './browser.mjs';

test('after the service worker is active, the server can go away: lessons still open and compute', async (t) => {
  const server = await startServer({ port: 0 });
  const browser = await launchBrowser({ serviceWorkers: 'allow' });
  let stopped = false;
  t.after(async () => { await browser.close(); if (!stopped) await server.close(); });
  const page = await browser.context.newPage();
  await page.goto(`${server.url}?lesson=token-plus-position&step=1&lang=en`);
  await page.waitForSelector('html[data-ready="lesson"]', { state: 'attached' });
  const version = await page.evaluate(async () => {
    const reg = await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) await new Promise((r) => navigator.serviceWorker.addEventListener('controllerchange', r, { once: true }));
    // clients.claim() can hand the page over while the worker is still activating: wait for the end.
    const sw = reg.active;
    if (sw && sw.state !== 'activated') await new Promise((r) => sw.addEventListener('statechange', () => { if (sw.state === 'activated') r(); }));
    const keys = await caches.keys();
    return { active: reg.active?.state, keys };
  });
  assert.equal(version.active, 'activated');
  assert.ok(version.keys.some((k) => /^posenc-[0-9a-f]{16}$/.test(k)), JSON.stringify(version.keys));

  server.server.closeAllConnections();
  await server.close();
  stopped = true;
  // The server is really gone.
  await assert.rejects(fetch(server.url));

  await page.reload();
  await page.waitForSelector('html[data-ready="lesson"]', { state: 'attached' });
  for (const [lesson, step, selector] of [['sinusoidal', 2, 'pe-plot svg.plot'], ['rope', 2, 'pe-rope-pairs svg'], ['alibi', 5, 'pe-heatmap svg.heatmap']]) {
    await page.goto(`${server.url}?lesson=${lesson}&step=${step}&lang=ja`);
    await page.waitForSelector('html[data-ready="lesson"]', { state: 'attached' });
    await page.waitForSelector(selector);
    assert.equal(await page.locator('.block-error, .compute-failed').count(), 0, `${lesson} step ${step} offline`);
    // A step further: the lesson keeps computing (the core runs from the cache).
    await page.keyboard.press('ArrowRight');
    await page.waitForSelector(`article.lesson[data-step="${step + 1}"]`);
    await page.waitForFunction(() => !document.querySelector('.block-loading'));
    assert.equal(await page.locator('.block-error, .compute-failed').count(), 0, `${lesson} step ${step + 1} offline`);
  }
});
