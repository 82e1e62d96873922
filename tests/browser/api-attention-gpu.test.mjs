// api-attention-gpu.test.mjs: attentionAsync in headless Chromium. With WebGPU (SwiftShader here)
// the kernel of web/api/gpu/attention.wgsl agrees with the WASM core's reference attention within
// 1e-4 on random shapes (L and S not multiples of the 64-row workgroup or the key tile, several Dh
// and H, causal or not, bias or not, weights or not, ALiBi, RoPE); the kernel's ALiBi and RoPE are
// also compared, without the dispatcher, with an independent double-precision JS reference written
// here from the papers (RoPE: Su et al. 2021, pairs (2i, 2i+1) as in RoFormer/Llama or (i, i +
// Dh/2) as in GPT-NeoX's rotate_half; ALiBi: Press et al. 2022, −m_h·|i' − j| with i' = i + (S −
// L)). A lost device sends calls to WASM and leaves no buffer alive. (Without the WebGPU flag:
// api-attention-without-webgpu.test.mjs.)
import test from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, openPage, startServer } from './browser.mjs';

const TOLERANCE = 1e-4;

// mulberry32: a small seeded generator, so a failing case can be replayed.
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomMatrix(next, rows, cols, amplitude = 1) {
  return { rows, cols, data: Array.from({ length: rows * cols }, () => (next() * 2 - 1) * amplitude) };
}

// Inputs of one case, as plain arrays (they cross into the page as JSON).
function makeCase({ seed, L, S, D, H, causal = false, bias = 0, weights = false, amplitude = 1, alibi, rope }) {
  const next = random(seed);
  const c = { q: randomMatrix(next, L, D, amplitude), k: randomMatrix(next, S, D, amplitude), v: randomMatrix(next, S, D), opts: { heads: H, causal, weights } };
  if (bias) c.opts.bias = { heads: bias, rows: L, cols: S, data: randomMatrix(next, bias * L, S).data };
  if (alibi) c.opts.alibi = alibi;
  if (rope) c.opts.rope = rope;
  return c;
}

function maxDifference(a, b) {
  assert.equal(a.length, b.length, 'the two results have different sizes');
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  return worst;
}

// Double-precision attention with optional RoPE, ALiBi slopes, bias and causal mask, written from
// the formulas (cpp/attention.hpp states the same ones); positions: key j at j, query i at i + S − L.
function referenceAttention(q, k, v, { heads: H, causal, bias, slopes, rope }) {
  const L = q.rows, S = k.rows, D = q.cols, Dh = D / H;
  const rotate = (m, position) => {
    const x = Float64Array.from(m.data);
    if (!rope) return x;
    const { base = 10000, layout = 'interleaved', scale = 1 } = rope;
    for (let r = 0; r < m.rows; r++) {
      for (let h = 0; h < H; h++) {
        for (let p = 0; p < Dh / 2; p++) {
          const a = r * D + h * Dh + (layout === 'halves' ? p : 2 * p);
          const b = a + (layout === 'halves' ? Dh / 2 : 1);
          const angle = (position(r) / scale) * base ** (-2 * p / Dh);
          const [xa, xb] = [m.data[a], m.data[b]];
          x[a] = xa * Math.cos(angle) - xb * Math.sin(angle);
          x[b] = xa * Math.sin(angle) + xb * Math.cos(angle);
        }
      }
    }
    return x;
  };
  const qr = rotate(q, (i) => i + S - L), kr = rotate(k, (j) => j);
  const output = new Float64Array(L * D), weights = new Float64Array(H * L * S);
  for (let h = 0; h < H; h++) {
    for (let i = 0; i < L; i++) {
      const scores = new Float64Array(S).fill(-Infinity);
      for (let j = 0; j < S; j++) {
        if (causal && j > i + S - L) continue;
        let s = 0;
        for (let d = 0; d < Dh; d++) s += qr[i * D + h * Dh + d] * kr[j * D + h * Dh + d];
        s /= Math.sqrt(Dh);
        if (bias) s += bias.data[((bias.heads === 1 ? 0 : h) * L + i) * S + j];
        if (slopes) s -= slopes[h] * Math.abs(i + S - L - j);
        scores[j] = s;
      }
      const m = Math.max(...scores);
      let sum = 0;
      for (let j = 0; j < S; j++) sum += (scores[j] = Math.exp(scores[j] - m));
      for (let j = 0; j < S; j++) {
        const w = scores[j] / sum;
        weights[(h * L + i) * S + j] = w;
        for (let d = 0; d < Dh; d++) output[i * D + h * Dh + d] += w * v.data[j * D + h * Dh + d];
      }
    }
  }
  return { output, weights };
}

// In the page: attentionAsync forced to WebGPU, and the WASM core's attention, on the same inputs.
async function gpuAndWasm({ q, k, v, opts }) {
  const { loadPosenc } = await import('/posenc.js');
  const pe = await loadPosenc();
  const f32 = (m) => ({ ...m, data: Float32Array.from(m.data) });
  const o = { ...opts, ...(opts.bias ? { bias: f32(opts.bias) } : {}) };
  const gpu = await pe.attentionAsync(f32(q), f32(k), f32(v), { ...o, backend: 'webgpu' });
  const wasm = pe.attention(f32(q), f32(k), f32(v), o);
  const plain = (r) => ({ output: Array.from(r.output.data), weights: r.weights && Array.from(r.weights.data) });
  return { backend: gpu.backend, gpu: plain(gpu), wasm: plain(wasm) };
}

// In the page: the WebGPU engine itself (for options the WASM core does not take yet).
async function gpuEngine({ q, k, v, opts }) {
  const { sharedGpuAttention } = await import('/api/gpu/attention-gpu.js');
  const { engine, unavailable } = await sharedGpuAttention(navigator.gpu);
  if (!engine) throw new Error(unavailable);
  const f32 = (m) => ({ ...m, data: Float32Array.from(m.data) });
  // RoPE's frequencies come from the core, as attentionAsync hands them over (pe.checkAttention).
  const { loadPosenc } = await import('/posenc.js');
  const pe = await loadPosenc();
  const { base, scale } = opts.rope ?? {};
  const ropeFrequencies = opts.rope ? pe.ropeFrequencies(q.cols / (opts.heads ?? 1), { base, scale }) : undefined;
  const r = await engine.run(f32(q), f32(k), f32(v), { ...opts, ropeFrequencies, ...(opts.bias ? { bias: f32(opts.bias) } : {}) });
  return { output: Array.from(r.output.data), weights: r.weights && Array.from(r.weights.data) };
}

let server, browser, page, problems;
test.before(async () => {
  server = await startServer({ port: 0 });
  browser = await launchBrowser({ webgpu: true });
  ({ page, problems } = await openPage(browser.context, server.url));
  // SwiftShader is a software adapter, which 'auto' skips unless allowed: these tests check the kernel.
  await page.evaluate(async () => { const { sharedGpuAttention } = await import('/api/gpu/attention-gpu.js'); (await sharedGpuAttention(navigator.gpu)).engine.allowSoftware = true; });
});
test.after(async () => {
  await browser?.close();
  await server?.close();
});

const wasmCases = [
  { name: 'plain, L = S = 37, H = 2, Dh = 16', seed: 1, L: 37, S: 37, D: 32, H: 2 },
  { name: 'causal with fewer queries than keys, H = 3, Dh = 16', seed: 2, L: 29, S: 70, D: 48, H: 3, causal: true },
  { name: 'shared 1×L×S bias, one head of Dh = 128', seed: 3, L: 20, S: 33, D: 128, H: 1, bias: 1 },
  { name: 'per-head bias, causal, H = 4, Dh = 8', seed: 4, L: 41, S: 41, D: 32, H: 4, bias: 4, causal: true },
  { name: 'weights, causal and bias over 65 rows (two workgroups)', seed: 5, L: 65, S: 65, D: 64, H: 2, bias: 2, causal: true, weights: true },
  { name: 'Dh = 4, H = 16, 130 keys (three key tiles)', seed: 6, L: 9, S: 130, D: 64, H: 16 },
  { name: 'Dh = 128, H = 2, causal, weights, large scores', seed: 7, L: 70, S: 75, D: 256, H: 2, causal: true, weights: true, amplitude: 3 },
  { name: 'Dh = 24 (not a power of two), H = 5, weights', seed: 8, L: 3, S: 100, D: 120, H: 5, weights: true },
  { name: 'ALiBi with the core\'s slopes (alibi: true), causal, H = 8', seed: 21, L: 45, S: 45, D: 64, H: 8, causal: true, alibi: true },
  { name: 'ALiBi with given slopes, fewer queries than keys, bias, weights', seed: 22, L: 23, S: 61, D: 36, H: 3, bias: 1, weights: true, alibi: [0.5, 0.125, 0.03] },
  { name: 'RoPE with the defaults (rope: true), H = 2, Dh = 32', seed: 23, L: 40, S: 40, D: 64, H: 2, rope: true },
  { name: 'RoPE halves, base 500, scale 2, causal, weights', seed: 24, L: 30, S: 57, D: 48, H: 2, causal: true, weights: true, rope: { base: 500, layout: 'halves', scale: 2 } },
  { name: 'RoPE interleaved, ALiBi and a per-head bias, Dh = 128', seed: 25, L: 33, S: 66, D: 256, H: 2, causal: true, bias: 2, weights: true, alibi: true, rope: { layout: 'interleaved' } },
];

for (const spec of wasmCases) {
  test(`WebGPU equals WASM within 1e-4: ${spec.name}`, async () => {
    const r = await page.evaluate(gpuAndWasm, makeCase(spec));
    assert.equal(r.backend, 'webgpu');
    assert.ok(maxDifference(r.gpu.output, r.wasm.output) <= TOLERANCE, `output differs by ${maxDifference(r.gpu.output, r.wasm.output)}`);
    if (spec.weights) assert.ok(maxDifference(r.gpu.weights, r.wasm.weights) <= TOLERANCE, 'weights differ');
    else assert.equal(r.gpu.weights, undefined);
  });
}

// ALiBi slopes for 4 heads from the paper: 2^(−8h/H), h = 1..4 → 1/4, 1/16, 1/64, 1/256.
const referenceCases = [
  { name: 'ALiBi, paper slopes for 4 heads, causal', seed: 11, L: 50, S: 50, D: 64, H: 4, causal: true, slopes: [1 / 4, 1 / 16, 1 / 64, 1 / 256] },
  { name: 'ALiBi with given slopes, fewer queries than keys, weights', seed: 12, L: 23, S: 61, D: 36, H: 3, weights: true, slopes: [0.5, 0.125, 0.03] },
  { name: 'RoPE interleaved, base 10000', seed: 13, L: 40, S: 40, D: 64, H: 2, rope: { base: 10000, layout: 'interleaved', scale: 1 } },
  { name: 'RoPE halves, base 500, scale 2, causal, weights', seed: 14, L: 30, S: 57, D: 48, H: 2, causal: true, weights: true, rope: { base: 500, layout: 'halves', scale: 2 } },
  { name: 'RoPE, ALiBi and a per-head bias together, Dh = 128', seed: 15, L: 33, S: 66, D: 256, H: 2, causal: true, bias: 2, weights: true, slopes: [0.25, 0.0625], rope: { base: 10000, layout: 'halves', scale: 1 } },
];

for (const spec of referenceCases) {
  test(`WebGPU equals the JS reference within 1e-4: ${spec.name}`, async () => {
    const c = makeCase(spec);
    if (spec.slopes) c.opts.slopes = spec.slopes;
    if (spec.rope) c.opts.rope = spec.rope;
    const gpu = await page.evaluate(gpuEngine, c);
    const ref = referenceAttention(c.q, c.k, c.v, c.opts);
    assert.ok(maxDifference(gpu.output, ref.output) <= TOLERANCE, `output differs by ${maxDifference(gpu.output, ref.output)}`);
    if (spec.weights) assert.ok(maxDifference(gpu.weights, ref.weights) <= TOLERANCE, 'weights differ');
  });
}

test('attentionAsync refuses bad inputs with the core\'s messages, and an unknown backend', async () => {
  const messages = await page.evaluate(async () => {
    const { loadPosenc } = await import('/posenc.js');
    const pe = await loadPosenc();
    const m = (rows, cols) => ({ rows, cols, data: new Float32Array(rows * cols) });
    const cases = [
      [m(2, 4), m(3, 6), m(3, 4), { heads: 2 }],
      [m(2, 4), m(3, 4), m(3, 4), { heads: 3 }],
      [m(4, 4), m(3, 4), m(3, 4), { causal: true }],
      [m(2, 4), m(3, 4), m(3, 4), { bias: { heads: 1, rows: 3, cols: 2, data: new Float32Array(6) } }],
    ];
    const out = [];
    for (const [q, k, v, opts] of cases) {
      let sync, async_;
      try { pe.attention(q, k, v, opts); } catch (e) { sync = e.message; }
      try { await pe.attentionAsync(q, k, v, opts); } catch (e) { async_ = e.message; }
      out.push([sync, async_]);
    }
    let backend;
    try { await pe.attentionAsync(m(1, 2), m(1, 2), m(1, 2), { backend: 'cuda' }); } catch (e) { backend = e.message; }
    return { out, backend };
  });
  for (const [sync, async_] of messages.out) {
    assert.equal(typeof sync, 'string');
    assert.equal(async_, sync);
  }
  assert.equal(messages.backend, "backend \"cuda\" must be one of 'auto', 'webgpu', 'wasm'");
});

test('auto, allowed a software adapter, picks WebGPU on SwiftShader and reuses its buffers between calls of one size', async () => {
  const r = await page.evaluate(async () => {
    const { loadPosenc } = await import('/posenc.js');
    const { sharedGpuAttention } = await import('/api/gpu/attention-gpu.js');
    const pe = await loadPosenc();
    const m = (rows, cols) => ({ rows, cols, data: Float32Array.from({ length: rows * cols }, (_, i) => Math.sin(i)) });
    const first = await pe.attentionAsync(m(10, 8), m(12, 8), m(12, 8), { heads: 2 });
    const wasm = pe.attention(m(10, 8), m(12, 8), m(12, 8), { heads: 2 });
    // Like the core, it returns the weights unless told weights: false.
    const weightsDiffer = first.weights.data.some((x, i) => Math.abs(x - wasm.weights.data[i]) > 1e-4);
    const { engine } = await sharedGpuAttention();
    const before = engine.liveBuffers();
    const second = await pe.attentionAsync(m(10, 8), m(12, 8), m(12, 8), { heads: 2 });
    return { backends: [first.backend, second.backend], weightsDiffer, before, after: engine.liveBuffers(), info: await pe.backendInfo() };
  });
  assert.deepEqual(r.backends, ['webgpu', 'webgpu']);
  assert.equal(r.weightsDiffer, false);
  assert.ok(r.before > 0);
  assert.equal(r.after, r.before);
  assert.equal(r.info.backend, 'webgpu');
  assert.equal(r.info.adapter.architecture, 'swiftshader');
  assert.deepEqual(problems, { console: [], page: [], failed: [], offsite: [] });
});

test('auto sends Shaw relative vectors, which the kernel lacks, to WASM and says so', async () => {
  const r = await page.evaluate(async () => {
    const { loadPosenc } = await import('/posenc.js');
    const pe = await loadPosenc();
    const m = (rows, cols, s) => ({ rows, cols, data: Float32Array.from({ length: rows * cols }, (_, i) => Math.sin(s * i)) });
    const opts = { heads: 2, relativeKeys: m(5, 4, 4), maxDistance: 2 };
    const auto = await pe.attentionAsync(m(6, 8, 1), m(6, 8, 2), m(6, 8, 3), opts);
    const wasm = pe.attention(m(6, 8, 1), m(6, 8, 2), m(6, 8, 3), opts);
    return { backend: auto.backend, reason: auto.fallbackReason, same: auto.output.data.every((x, i) => x === wasm.output.data[i]) };
  });
  assert.deepEqual(r, { backend: 'wasm', reason: 'Shaw relative position vectors are not in the WebGPU kernel', same: true });
});

test('auto sends a head width beyond the kernel\'s 128 to WASM and says so', async () => {
  const r = await page.evaluate(async () => {
    const { loadPosenc } = await import('/posenc.js');
    const pe = await loadPosenc();
    const m = (rows, cols, s) => ({ rows, cols, data: Float32Array.from({ length: rows * cols }, (_, i) => Math.sin(s * i)) });
    const auto = await pe.attentionAsync(m(3, 192, 1), m(4, 192, 2), m(4, 192, 3), { heads: 1 });
    let forced;
    try { await pe.attentionAsync(m(3, 192, 1), m(4, 192, 2), m(4, 192, 3), { heads: 1, backend: 'webgpu' }); } catch (e) { forced = e.message; }
    return { backend: auto.backend, reason: auto.fallbackReason, forced };
  });
  assert.deepEqual(r, {
    backend: 'wasm',
    reason: "head width 192 exceeds the WebGPU kernel's 128",
    forced: "backend 'webgpu' was asked for, but head width 192 exceeds the WebGPU kernel's 128",
  });
});

test('buffers are destroyed after a pause without calls and created again by the next call', async () => {
  const r = await page.evaluate(async () => {
    const { loadPosenc } = await import('/posenc.js');
    const { sharedGpuAttention } = await import('/api/gpu/attention-gpu.js');
    const pe = await loadPosenc();
    const { engine } = await sharedGpuAttention();
    const m = (rows, cols) => ({ rows, cols, data: Float32Array.from({ length: rows * cols }, (_, i) => Math.cos(i)) });
    const saved = engine.idleReleaseMs;
    engine.idleReleaseMs = 50;
    const first = await pe.attentionAsync(m(6, 8), m(6, 8), m(6, 8), { heads: 2, weights: false });
    const during = engine.liveBuffers();
    // The release is a 50 ms timer; wait for it (up to 5 s on a busy machine).
    for (let t = 0; t < 100 && engine.liveBuffers() > 0; t++) await new Promise((resolve) => setTimeout(resolve, 50));
    const idle = engine.liveBuffers();
    engine.idleReleaseMs = saved;
    const again = await pe.attentionAsync(m(6, 8), m(6, 8), m(6, 8), { heads: 2, weights: false });
    return {
      during, idle, after: engine.liveBuffers(), backends: [first.backend, again.backend],
      same: first.output.data.every((x, i) => x === again.output.data[i]),
    };
  });
  assert.ok(r.during > 0);
  assert.equal(r.idle, 0);
  assert.ok(r.after > 0);
  assert.deepEqual(r.backends, ['webgpu', 'webgpu']);
  assert.ok(r.same);
});

// Each loss test opens its own page: the engine (one per page) stays lost once lost.
for (const when of ['between calls', 'during a call']) {
  test(`a device lost ${when} sends calls to WASM, says why, and leaves no buffer alive`, async () => {
    const { page: lossPage, problems: lossProblems } = await openPage(browser.context, server.url);
  // SwiftShader is a software adapter, which 'auto' skips unless allowed: these tests check the kernel.
  await lossPage.evaluate(async () => { const { sharedGpuAttention } = await import('/api/gpu/attention-gpu.js'); (await sharedGpuAttention(navigator.gpu)).engine.allowSoftware = true; });
    const r = await lossPage.evaluate(async (during) => {
      const { loadPosenc } = await import('/posenc.js');
      const { sharedGpuAttention } = await import('/api/gpu/attention-gpu.js');
      const pe = await loadPosenc();
      const m = (rows, cols, s) => ({ rows, cols, data: Float32Array.from({ length: rows * cols }, (_, i) => Math.sin(s * i)) });
      const [q, k, v] = [m(20, 16, 1), m(24, 16, 2), m(24, 16, 3)];
      const opts = { heads: 2, causal: true };
      const before = await pe.attentionAsync(q, k, v, opts);
      const { engine } = await sharedGpuAttention();
      const buffersInUse = engine.liveBuffers();
      let lost;
      if (during) {
        const pending = pe.attentionAsync(q, k, v, opts);
        engine.loseDevice();
        lost = await pending;
      } else {
        engine.loseDevice();
        await engine.lostReason();
        lost = await pe.attentionAsync(q, k, v, opts);
      }
      const later = await pe.attentionAsync(q, k, v, opts);
      const wasm = pe.attention(q, k, v, opts);
      return {
        backends: [before.backend, lost.backend, later.backend],
        reasons: [lost.fallbackReason, later.fallbackReason],
        sameAsWasm: [lost, later].every((x) => x.output.data.every((y, i) => y === wasm.output.data[i])),
        buffersInUse,
        buffersLeft: engine.liveBuffers(),
        info: await pe.backendInfo(),
      };
    }, when === 'during a call');
    await lossPage.close();
    assert.deepEqual(r.backends, ['webgpu', 'wasm', 'wasm']);
    for (const reason of r.reasons) assert.match(reason, /WebGPU device was lost/);
    assert.ok(r.sameAsWasm);
    assert.ok(r.buffersInUse > 0);
    assert.equal(r.buffersLeft, 0);
    assert.equal(r.info.backend, 'wasm');
    assert.match(r.info.fallbackReason, /lost/);
    assert.deepEqual(lossProblems.page, []);
  });
}
