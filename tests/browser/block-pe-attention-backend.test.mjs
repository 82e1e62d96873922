// block-pe-attention-backend.test.mjs: <pe-attention-backend> in headless Chromium with WebGPU
// (SwiftShader): it runs attentionAsync for the sizes in its attributes, shows the backend and the
// time with the strings given in its data-label-* attributes, and shows the core's message when the
// sizes are refused.
import test from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, openPage, startServer } from './browser.mjs';

test('the element shows the backend that ran and the time, in the labels it was given', async (t) => {
  const server = await startServer({ port: 0 });
  const browser = await launchBrowser({ webgpu: true });
  t.after(async () => { await browser.close(); await server.close(); });
  const { page, problems } = await openPage(browser.context, server.url);
  // SwiftShader is a software adapter, which 'auto' skips unless allowed: these tests check the kernel.
  await page.evaluate(async () => { const { sharedGpuAttention } = await import('/api/gpu/attention-gpu.js'); (await sharedGpuAttention(navigator.gpu)).engine.allowSoftware = true; });

  const r = await page.evaluate(async () => {
    await import('/blocks/pe-attention-backend.js');
    const el = document.createElement('pe-attention-backend');
    const attrs = {
      'data-queries': '70', 'data-keys': '90', 'data-heads': '2', 'data-head-dim': '16', 'data-causal': '',
      'data-label-run': '実行', 'data-label-backend': 'バックエンド', 'data-label-time': '時間', 'data-label-unit': 'ミリ秒',
      'data-label-sizes': 'L = {L}, S = {S}, H = {H}, Dh = {Dh}',
    };
    for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
    document.body.append(el);
    const before = el.querySelector('button').textContent;
    const result = await el.run();
    const shown = (key) => el.querySelector(`.attention-backend-${key}`);
    const terms = Array.from(el.querySelectorAll('dt'), (dt) => (dt.hidden ? null : dt.textContent)).filter(Boolean);
    el.setAttribute('data-label-run', 'Run');
    const out = {
      before, result, terms,
      backendShown: shown('backend').textContent,
      timeShown: shown('time').textContent,
      sizes: el.querySelector('p').textContent,
      after: el.querySelector('button').textContent,
    };
    el.setAttribute('data-queries', '100');  // causal with more queries than keys: refused
    try { await el.run(); } catch (e) { out.thrown = e.message; }
    out.errorShown = shown('error').textContent;
    out.backendHidden = shown('backend').hidden;
    return out;
  });
  assert.equal(r.before, '実行');
  assert.equal(r.result.backend, 'webgpu');
  assert.ok(r.result.ms > 0);
  assert.deepEqual(r.terms, ['バックエンド', '時間']);
  assert.equal(r.backendShown, 'WebGPU');
  assert.match(r.timeShown, /^[\d,.]+ ミリ秒$/);
  assert.equal(r.sizes, 'L = 70, S = 90, H = 2, Dh = 16');
  assert.equal(r.after, 'Run');
  assert.match(r.thrown, /causal attention with 100 queries needs at least as many keys, not 90/);
  assert.equal(r.errorShown, r.thrown);
  assert.equal(r.backendHidden, true);
  assert.deepEqual(problems, { console: [], page: [], failed: [], offsite: [] });
});
