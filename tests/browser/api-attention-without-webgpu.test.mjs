// api-attention-without-webgpu.test.mjs: attentionAsync in headless Chromium started without the
// WebGPU flag: 'auto' runs on WASM, gives the same numbers as the core's attention and says why;
// asking for 'webgpu' is refused with the reason.
import test from 'node:test';
import assert from 'node:assert/strict';
import { useSite, openPage } from './browser.mjs';

const site = useSite({ webgpu: false });

test('without the WebGPU flag the same call runs on WASM and says why', async () => {
  {
    const { page: plainPage, problems: plainProblems } = await openPage(site.context, site.url);
    const r = await plainPage.evaluate(async () => {
      const { loadPosenc } = await import('/posenc.js');
      const pe = await loadPosenc();
      const m = (rows, cols, s) => ({ rows, cols, data: Float32Array.from({ length: rows * cols }, (_, i) => Math.cos(s * i)) });
      const [q, k, v] = [m(6, 8, 1), m(9, 8, 2), m(9, 8, 3)];
      const auto = await pe.attentionAsync(q, k, v, { heads: 2, weights: true });
      const wasm = pe.attention(q, k, v, { heads: 2, weights: true });
      let forced;
      try { await pe.attentionAsync(q, k, v, { heads: 2, backend: 'webgpu' }); } catch (e) { forced = e.message; }
      return {
        backend: auto.backend,
        reason: auto.fallbackReason,
        same: auto.output.data.every((x, i) => x === wasm.output.data[i]) && auto.weights.data.every((x, i) => x === wasm.weights.data[i]),
        forced,
        info: await pe.backendInfo(),
      };
    });
    assert.equal(r.backend, 'wasm');
    assert.match(r.reason, /navigator\.gpu/);
    assert.ok(r.same);
    assert.match(r.forced, /^backend 'webgpu' was asked for, but navigator\.gpu/);
    assert.equal(r.info.backend, 'wasm');
    assert.deepEqual(plainProblems, { console: [], page: [], failed: [], offsite: [] });
  }
});
