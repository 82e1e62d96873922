// browser-gpu.mjs (npm run bench:gpu): attentionAsync on WebGPU vs on the WASM core, on the same
// page in headless Chromium, for L = S ∈ {128, 256, 512, 1024}, H = 8, Dh = 64, causal off and on,
// weights off. Prints a table and writes it to the "WebGPU in Chromium" section of
// docs/performance.md (only that section; the rest of the file is left as it is).
// Timings are whole calls as a page sees them: the core's input checks, upload, kernel and
// readback for WebGPU; the core's attention for WASM. Median of RUNS calls after WARMUP calls.
// GFLOP/s count only the unmasked work: 4·Dh·H per visible (query, key) pair (q·k and p·v).
// On a machine without a GPU, Chromium's WebGPU adapter is SwiftShader (a CPU emulator), so the
// WebGPU column measures correctness-and-overhead there, not GPU speed.
// Leaves out: Node peers (npm run bench), weights on (visualisation sizes only), L > 1024.
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeMeasured } from './performance-doc.mjs';
import { launchBrowser, openPage, startServer } from '../tests/browser/browser.mjs';

const top = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SIZES = (process.env.BENCH_SIZES ?? '128,256,512,1024').split(',').map(Number);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 1);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const H = 8, Dh = 64;

// In the page: median milliseconds of `runs` calls of attentionAsync on `backend`.
async function measure({ L, H, Dh, causal, backend, warmup, runs }) {
  const { loadPosenc } = await import('/posenc.js');
  const pe = await loadPosenc();
  const D = H * Dh;
  let seed = 1;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648) * 2 - 1;
  const m = () => ({ rows: L, cols: D, data: Float32Array.from({ length: L * D }, rand) });
  const [q, k, v] = [m(), m(), m()];
  const opts = { heads: H, causal, weights: false, backend };
  let ran;
  for (let i = 0; i < warmup; i++) ran = (await pe.attentionAsync(q, k, v, opts)).backend;
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    ran = (await pe.attentionAsync(q, k, v, opts)).backend;
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(times.length / 2)], ran };
}

const server = await startServer({ port: 0 });
const browser = await launchBrowser({ webgpu: true });
const rows = [];
let adapter, version;
try {
  const { page, problems } = await openPage(browser.context, server.url);
  version = (await page.evaluate(() => navigator.userAgent)).match(/Chrome\/[\d.]+/)?.[0] ?? 'Chromium';
  adapter = await page.evaluate(async (headDim) => {
    const { loadPosenc } = await import('/posenc.js');
    const info = await (await loadPosenc()).backendInfo();
    const { sharedGpuAttention } = await import('/api/gpu/attention-gpu.js');
    const { engine } = await sharedGpuAttention();
    return { ...info, tileKeys: engine?.tileKeys(headDim) };
  }, Dh);
  if (adapter.backend !== 'webgpu') throw new Error(`WebGPU is not available in this Chromium: ${adapter.fallbackReason}`);
  for (const L of SIZES) {
    for (const causal of [false, true]) {
      const gpu = await page.evaluate(measure, { L, H, Dh, causal, backend: 'webgpu', warmup: WARMUP, runs: RUNS });
      const wasm = await page.evaluate(measure, { L, H, Dh, causal, backend: 'wasm', warmup: WARMUP, runs: RUNS });
      const pairs = causal ? (L * (L + 1)) / 2 : L * L;
      const gflop = (4 * Dh * H * pairs) / 1e9;
      rows.push({ L, causal, gpu: gpu.ms, wasm: wasm.ms, gpuRate: gflop / (gpu.ms / 1e3), wasmRate: gflop / (wasm.ms / 1e3) });
      console.error(`L = ${L}${causal ? ' causal' : ''}: WebGPU ${gpu.ms.toFixed(1)} ms, WASM ${wasm.ms.toFixed(1)} ms`);
    }
  }
  const issues = [...problems.console, ...problems.page, ...problems.failed, ...problems.offsite];
  if (issues.length) throw new Error(`the page reported problems: ${issues.join('; ')}`);
} finally {
  await browser.close();
  await server.close();
}

const fmt = (x, digits) => x.toFixed(digits);
const table = [
  '| L = S | causal | WebGPU ms | WASM ms | WebGPU GFLOP/s | WASM GFLOP/s | WASM ms / WebGPU ms |',
  '|---:|:---:|---:|---:|---:|---:|---:|',
  ...rows.map((r) => `| ${r.L} | ${r.causal ? 'yes' : 'no'} | ${fmt(r.gpu, 1)} | ${fmt(r.wasm, 1)} | ${fmt(r.gpuRate, 2)} | ${fmt(r.wasmRate, 2)} | ${fmt(r.wasm / r.gpu, 2)} |`),
].join('\n');
const cpu = os.cpus();
const a = adapter.adapter;
const load = os.loadavg().map((x) => x.toFixed(1)).join(' / ');
const machine = `${cpu[0]?.model ?? 'unknown CPU'}, ${cpu.length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB; ${version} headless; ` +
  `WebGPU adapter: ${[a.vendor, a.architecture, a.description].filter(Boolean).join(' ')}; load average after the run (1 / 5 / 15 min): ${load}`;
console.log(`WebGPU vs WASM in headless Chromium, H = ${H}, Dh = ${Dh}, weights off, median of ${RUNS} after ${WARMUP} warm-up\n${machine}\n\n${table}`);

const measured = [
  `Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC by \`npm run bench:gpu\` (bench/browser-gpu.mjs) on ${machine}.`,
  '',
  `Wall-clock ms per call, H = ${H}, Dh = ${Dh}, L = S, weights off, median of ${RUNS} calls after ${WARMUP} warm-up; ` +
    'GFLOP/s count only unmasked work (4·Dh·H per visible query–key pair). The WebGPU tile is ' +
    `${adapter.tileKeys} keys at Dh = ${Dh} on this adapter.`,
  '',
  table,
  '',
].join('\n');

const doc = path.join(top, 'docs', 'performance.md');
writeMeasured(doc, 'browser-gpu.mjs', 'WebGPU in Chromium', measured);
console.log(`\nwritten to ${path.relative(top, doc)} (section "WebGPU in Chromium")`);
