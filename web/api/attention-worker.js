// attention-worker.js: a Web Worker module (no DOM) that runs the long-attention experiment off the
// page's main thread, so the page never freezes however long a call takes:
//   for each length l of `lengths`: q, k, v = seeded random l × (H·Dh) matrices (the core's
//   randomMatrix), one timed call of attentionAsync without the causal mask and one with it
//   (weights: false: the WASM kernel never stores the l × l matrix); then the attention pattern at
//   the longest length: the weights of its last query over all keys, per head, with ALiBi's
//   per-head slopes, summed into at most `bins` groups of neighbouring keys.
//
//   worker.postMessage({ lengths: [128, 256, 512, 1024], heads: H, headDim: Dh, seed, bins: 128 })
//   ← { type: 'ready', backend, fallbackReason?, fallbackCode? }    what 'auto' will use and why
//   ← { type: 'point', index, length, fullMs, causalMs, backend }   after each length
//   ← { type: 'pattern', length, heads, bins, binSize, mass: Float32Array (heads × bins) }
//   ← { type: 'done' }   or   { type: 'error', message, code?, values? }
// Cancelling is the page's worker.terminate() (a WASM call cannot be interrupted any other way).
// Leaves out: deciding what is too costly (lesson/long-attention.js does, before starting).
import { loadPosenc } from './posenc.js';

const ready = loadPosenc();

async function timed(pe, q, k, v, opts) {
  const t0 = performance.now();
  const r = await pe.attentionAsync(q, k, v, { ...opts, weights: false, backend: 'auto' });
  return { ms: performance.now() - t0, backend: r.backend };
}

self.addEventListener('message', async ({ data }) => {
  try {
    const pe = await ready;
    const { lengths, heads: H, headDim: Dh, seed = 7, bins = 128 } = data;
    const info = await pe.backendInfo();
    self.postMessage({ type: 'ready', ...info });
    const D = H * Dh;
    let last = null;
    for (const [index, L] of lengths.entries()) {
      const q = pe.randomMatrix(L, D, { seed });
      const k = pe.randomMatrix(L, D, { seed: seed + 1 });
      const v = pe.randomMatrix(L, D, { seed: seed + 2 });
      const full = await timed(pe, q, k, v, { heads: H });
      const causal = await timed(pe, q, k, v, { heads: H, causal: true });
      self.postMessage({ type: 'point', index, length: L, fullMs: full.ms, causalMs: causal.ms, backend: full.backend });
      last = { L, q, k, v };
    }
    // The pattern at length: the last query's weights over every key, each head with its slope.
    const { L, q, k, v } = last;
    const qLast = { rows: 1, cols: D, data: q.data.slice((L - 1) * D) };
    const w = pe.attention(qLast, k, v, { heads: H, alibi: true }).weights;
    const binSize = Math.ceil(L / bins);
    const n = Math.ceil(L / binSize);
    const mass = new Float32Array(H * n);
    for (let h = 0; h < H; h++) for (let j = 0; j < L; j++) mass[h * n + Math.floor(j / binSize)] += w.data[h * L + j];
    self.postMessage({ type: 'pattern', length: L, heads: H, bins: n, binSize, mass }, [mass.buffer]);
    self.postMessage({ type: 'done' });
  } catch (err) {
    self.postMessage({ type: 'error', message: err?.message ?? String(err), code: err?.code, values: err?.values });
  }
});
