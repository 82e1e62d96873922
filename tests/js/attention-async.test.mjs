// attention-async.test.mjs: attentionAsync in Node 20, where there is no navigator.gpu: every call
// runs on the WASM core, gives exactly what pe.attention gives, says why it did not use WebGPU, and
// refuses bad inputs with the core's own messages. (WebGPU itself: tests/browser/api-attention-gpu.test.mjs.)
import test from 'node:test';
import assert from 'node:assert/strict';
import { loadPosenc } from '../../web/posenc.js';

const pe = await loadPosenc();
const m = (rows, cols, s) => ({ rows, cols, data: Float32Array.from({ length: rows * cols }, (_, i) => Math.sin(s * i + 1)) });

test('in Node attentionAsync runs on WASM, equals attention and says why', async () => {
  const [q, k, v] = [m(5, 8, 1), m(7, 8, 2), m(7, 8, 3)];
  const opts = { heads: 2, causal: true, bias: { heads: 2, rows: 5, cols: 7, data: m(10, 7, 4).data } };
  const r = await pe.attentionAsync(q, k, v, opts);
  const sync = pe.attention(q, k, v, opts);
  assert.equal(r.backend, 'wasm');
  assert.match(r.fallbackReason, /navigator\.gpu is not available/);
  assert.equal(r.fallbackCode, 'no-gpu', 'a stable code beside the English reason, for pages to translate');
  assert.deepEqual(Array.from(r.output.data), Array.from(sync.output.data));
  assert.deepEqual(Array.from(r.weights.data), Array.from(sync.weights.data));
  assert.deepEqual(await pe.backendInfo(), { backend: 'wasm', fallbackReason: r.fallbackReason, fallbackCode: 'no-gpu' });
});

test('backend wasm never looks for a GPU; backend webgpu refuses with the reason', async () => {
  const [q, k, v] = [m(3, 4, 1), m(3, 4, 2), m(3, 4, 3)];
  const forced = await pe.attentionAsync(q, k, v, { backend: 'wasm', weights: false });
  assert.equal(forced.backend, 'wasm');
  assert.equal(forced.fallbackReason, undefined);
  assert.equal(forced.weights, undefined);
  await assert.rejects(pe.attentionAsync(q, k, v, { backend: 'webgpu' }),
    { message: "backend 'webgpu' was asked for, but navigator.gpu is not available here" });
  await assert.rejects(pe.attentionAsync(q, k, v, { backend: 'gpu' }),
    { message: "backend \"gpu\" must be one of 'auto', 'webgpu', 'wasm'" });
});

test('attentionAsync refuses what attention refuses, with the same message', async () => {
  const cases = [
    [m(2, 4, 1), m(3, 6, 2), m(3, 4, 3), { heads: 2 }],
    [m(2, 6, 1), m(3, 6, 2), m(3, 6, 3), { heads: 4 }],
    [m(4, 4, 1), m(3, 4, 2), m(3, 4, 3), { causal: true }],
    [m(2, 4, 1), m(3, 4, 2), { rows: 3, cols: 4, data: new Float32Array(12).fill(NaN) }, {}],
  ];
  for (const [q, k, v, opts] of cases) {
    const message = (() => { try { pe.attention(q, k, v, opts); } catch (e) { return e.message; } return null; })();
    assert.equal(typeof message, 'string', 'attention must refuse this case');
    await assert.rejects(pe.attentionAsync(q, k, v, opts), { message });
  }
});
