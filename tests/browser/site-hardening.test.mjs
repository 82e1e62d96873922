// site-hardening.test.mjs: what issue 6 asks of the page beyond site-every-step.test.mjs (which fails on
// any CSP violation in every lesson × language × step):
//   - the server and the static build send exactly the project's Content-Security-Policy, and no
//     shipped HTML carries an inline script, an inline event handler or a style attribute;
//   - a script payload typed into a cell or a text field is treated as text and never runs;
//   - a classroom tab that lives for hours stays bounded: 1,000 edits and 1,000 step changes leave
//     the JS heap (measured through the DevTools protocol after a forced GC) and the WASM heap
//     (posenc's memoryStats) within fixed bounds.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { CSP } from '../../scripts/csp.mjs';
import { DIST } from '../../scripts/serve.mjs';
import { useSite, openPage } from './browser.mjs';
import { ready, settled } from './lesson-page.mjs';

const ISSUE_CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data: blob:; " +
  "connect-src 'self'; frame-ancestors *; base-uri 'none'; object-src 'none'";
const PAYLOAD = '<img src=x onerror="window.__pwned=1">';
const lessonsIndex = JSON.parse(fs.readFileSync(new URL('../../tutorials/lessons/index.json', import.meta.url), 'utf8')).lessons;
const lessonSpec = (id) => JSON.parse(fs.readFileSync(new URL(`../../tutorials/lessons/${id}.json`, import.meta.url), 'utf8'));

const site = useSite();

test('the server and the static build send the CSP the issue specifies, with no unsafe source', async () => {
  assert.equal(CSP, ISSUE_CSP);
  assert.doesNotMatch(CSP, /'unsafe-eval'|'unsafe-inline'/);
  for (const p of ['', 'embed.html', 'posenc.js', 'wasm/posenc_core.wasm']) {
    const res = await fetch(site.url + p);
    assert.equal(res.status, 200, p);
    assert.equal(res.headers.get('content-security-policy'), ISSUE_CSP, p);
  }
  const headers = fs.readFileSync(path.join(DIST, '_headers'), 'utf8');
  assert.ok(headers.includes(`Content-Security-Policy: ${ISSUE_CSP}`));
});

test('no shipped HTML has an inline script, an inline event handler or a style attribute', () => {
  const html = fs.readdirSync(DIST, { recursive: true }).filter((f) => f.endsWith('.html'));
  assert.ok(html.length >= 2, 'index.html and embed.html');
  for (const f of html) {
    const text = fs.readFileSync(path.join(DIST, f), 'utf8');
    assert.doesNotMatch(text, /<script(?![^>]*\bsrc=)[^>]*>/i, `${f}: inline script`);
    assert.doesNotMatch(text, /\son[a-z]+\s*=/i, `${f}: inline event handler`);
    assert.doesNotMatch(text, /\sstyle\s*=|<style/i, `${f}: inline style`);
  }
});

test('a script typed into a matrix cell is refused as a number and never runs', async () => {
  const { page, problems } = await openPage(site.context, `${site.url}?lesson=token-plus-position&step=1&lang=en`);
  await ready(page);
  await settled(page, 1);
  const cell = page.locator('pe-matrix input').first();
  await cell.fill(PAYLOAD);
  await page.waitForSelector('pe-matrix input[aria-invalid="true"]');
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  assert.equal(await page.locator('img[src="x"]').count(), 0);
  assert.equal(await cell.inputValue(), PAYLOAD);  // what the learner typed is kept, as text
  await cell.fill('0.2');
  await page.waitForSelector('pe-matrix input[aria-invalid="true"]', { state: 'detached' });
  assert.deepEqual(problems.page, []);
  await page.evaluate(() => localStorage.clear());
  await page.close();
});

test('a script typed into a lesson\'s text field is shown as text and never runs', async (t) => {
  const withText = lessonsIndex.filter((id) => Object.values(lessonSpec(id).inputs ?? {}).some((s) => s.kind === 'text'));
  if (withText.length === 0) return t.diagnostic('no lesson has a text input yet');
  for (const id of withText) {
    const spec = lessonSpec(id);
    const [name] = Object.entries(spec.inputs).find(([, s]) => s.kind === 'text');
    const step = 1 + spec.steps.findIndex((s) => JSON.stringify(s.blocks).includes(`"input":"${name}"`));
    assert.ok(step > 0, `${id}: a step shows the text input ${name}`);
    const { page, problems } = await openPage(site.context, `${site.url}?lesson=${id}&step=${step}&lang=en`);
    await ready(page);
    await settled(page, step);
    const field = page.locator('pe-input input[type="text"]').first();
    await field.fill(PAYLOAD);
    // The lesson shows what was typed (its words) as text: then it has been handled.
    await page.waitForFunction(() => document.querySelector('main').textContent.includes('onerror='));
    assert.equal(await page.evaluate(() => window.__pwned), undefined, id);
    assert.equal(await page.locator('img[src="x"]').count(), 0, id);
    assert.deepEqual(problems.page, [], id);
    await page.evaluate(() => localStorage.clear());
    await page.close();
  }
});

test('1,000 edits and 1,000 step changes keep the JS heap and the WASM heap bounded', async (t) => {
  const { page, problems } = await openPage(site.context, `${site.url}?lesson=token-plus-position&step=1&lang=en`);
  await ready(page);
  await settled(page, 1);
  const cdp = await site.context.newCDPSession(page);
  const measure = async () => {
    await cdp.send('HeapProfiler.collectGarbage');
    const { usedSize } = await cdp.send('Runtime.getHeapUsage');
    const wasm = await page.evaluate(async () => (await (await import('/posenc.js')).loadPosenc()).memoryStats());
    return { js: usedSize, wasm };
  };
  // The edits and the arrow-key presses are dispatched inside the page, one task apart: the
  // `input` events typing into the cell fires and the `keydown` events of ← and →, handled by the
  // page's own listeners exactly as typed ones are, without a round trip to the test per event
  // (which made this test take a minute). After each step change the loop waits, in the page, for
  // the new step and its late blocks, as settled() does.
  const edit = (n) => page.evaluate(async (n) => {
    const nextTask = () => new Promise((r) => { const c = new MessageChannel(); c.port1.onmessage = r; c.port2.postMessage(0); });
    for (let i = 0; i < n; i++) {
      const cell = document.querySelector('pe-matrix input');
      cell.value = String((i % 9) / 10 + 0.1);
      cell.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertReplacementText', data: cell.value }));
      await nextTask();
    }
    while (document.querySelector('.block-loading')) await nextTask();
  }, n);
  const steps = (n) => page.evaluate(async (n) => {
    const nextTask = () => new Promise((r) => { const c = new MessageChannel(); c.port1.onmessage = r; c.port2.postMessage(0); });
    document.activeElement?.blur();  // arrows go to the page, not a cell
    for (let i = 0; i < n; i++) {
      const key = i % 2 ? 'ArrowLeft' : 'ArrowRight';
      document.body.dispatchEvent(new KeyboardEvent('keydown', { key, code: key, bubbles: true, cancelable: true }));
      const step = i % 2 ? 1 : 2;
      while (!document.querySelector(`article.lesson[data-step="${step}"]`) || document.querySelector('.block-loading')) await nextTask();
      await nextTask();
    }
  }, n);
  await edit(50);
  await steps(50);
  const before = await measure();
  await edit(1000);
  const afterEdits = await measure();
  await steps(1000);
  const after = await measure();
  const MiB = 1024 * 1024;
  t.diagnostic(`JS heap: ${(before.js / MiB).toFixed(2)} MiB, after 1,000 edits ${(afterEdits.js / MiB).toFixed(2)}, ` +
    `after 1,000 step changes ${(after.js / MiB).toFixed(2)}; WASM heap ${before.wasm.heapBytes} bytes, malloc'd ` +
    `${before.wasm.mallocBytes} → ${after.wasm.mallocBytes}`);
  // Bounds: the JS heap may wobble by a few MiB (caches, compiled code); a leak of even one table
  // per edit (a few KiB) over 1,000 edits would exceed it. The WASM side must not hold anything.
  assert.ok(afterEdits.js - before.js < 4 * MiB, `JS heap grew ${(afterEdits.js - before.js) / MiB} MiB over 1,000 edits`);
  assert.ok(after.js - before.js < 4 * MiB, `JS heap grew ${(after.js - before.js) / MiB} MiB over 1,000 step changes`);
  assert.deepEqual(afterEdits.wasm, before.wasm);
  assert.deepEqual(after.wasm, before.wasm);
  assert.deepEqual(problems.page, []);
  await page.evaluate(() => localStorage.clear());
  await page.close();
});
