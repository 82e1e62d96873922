// attention.mjs (npm run bench): posenc's WASM attention (the fused kernel: weights: false) against
// onnxruntime-web, tfjs-backend-wasm and a plain JS loop, in one Node process on the same inputs,
// plus the same C++ built natively (-msse4.2, -march=native) as ceilings. Prints a table and writes
// it to docs/performance.md, section "Attention kernels".
//
//   npm run build && npm run bench           (BENCH_QUICK=1 for a smoke run: L ≤ 256, short timing;
//                                            BENCH_LENGTHS=512,1024 to pick lengths)
//
// Shapes: L = S ∈ {128 … 4096}, H = 8, Dh = 64 (D = 512), values uniform in [−1, 1).
// Variants: plain; causal; ALiBi (the paper's slopes); RoPE (base 10000, interleaved).
// GFLOP/s = useful FLOPs / time, useful FLOPs = 4·D per visible (query, key) pair: L·S, or
// L(L+1)/2 causal (so skipping masked work counts as speed, computing it does not).
// Time: median over runs after warm-up, measured as this process's CPU time (user + system):
// the machine is shared, and CPU time is what one thread of ours actually used; the wall-clock
// median of posenc is printed beside it.
// Baselines: onnxruntime-web, wasm execution provider, 1 thread, one com.microsoft
// MultiHeadAttention node (bench/onnx-mha.mjs): causal = its unidirectional attribute, ALiBi = its
// attention_bias input [1, H, L, S] (built before timing). tfjs-backend-wasm (1 thread): batched
// matMul, softmax, matMul over [H, L, Dh] tensors with the transposes; causal and ALiBi as an
// additive bias tensor built before timing. Plain JS: Float64 loops, causal by loop bound, ALiBi
// computed inline. For RoPE every baseline gets q and k rotated beforehand in JS (outside the
// timing; RoPE costs O(L·D) against attention's O(L²·D)); posenc rotates inside the call.
// Every baseline's output is compared with posenc's (largest |difference| is printed).
// Leaves out: the browser (WebGPU vs WASM is measured by tests/browser), threads, batches.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeMeasured } from './performance-doc.mjs';

import { multiHeadAttentionModel } from './onnx-mha.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const quick = process.env.BENCH_QUICK === '1';
const H = 8, Dh = 64, D = H * Dh;
const lengths = process.env.BENCH_LENGTHS ? process.env.BENCH_LENGTHS.split(',').map(Number) : quick ? [128, 256] : [128, 256, 512, 1024, 2048, 4096];
const variants = ['plain', 'causal', 'alibi', 'rope'];
// Largest L each slow baseline runs at (their time grows as L², they would take minutes).
const limits = { ort: 2048, tfjs: 1024, js: 512 };
const minSeconds = quick ? 0.2 : 1.5;
const log = (...a) => process.stderr.write(a.join(' ') + '\n');

// ---- inputs -------------------------------------------------------------------------------
// Uniform values in [−1, 1) from the core's seeded PCG32 (cpp/random.hpp).
const matrix = (pe, rows, seed) => pe.randomMatrix(rows, D, { seed, distribution: 'uniform' });

// The ALiBi paper's slopes for a power-of-two H: m_h = 2^(−8h/H), h = 1 … H.
const slopes = Array.from({ length: H }, (_, h) => 2 ** (-8 * (h + 1) / H));

// RoPE as cpp/rope.hpp: pair (2i, 2i+1) of each head at position m turned by m·10000^(−2i/Dh).
function rotate(m) {
  const out = new Float32Array(m.data.length);
  for (let r = 0; r < m.rows; r++)
    for (let i = 0; i < Dh / 2; i++) {
      const angle = r * 10000 ** (-2 * i / Dh), c = Math.cos(angle), s = Math.sin(angle);
      for (let h = 0; h < H; h++) {
        const a = r * D + h * Dh + 2 * i;
        const x = m.data[a], y = m.data[a + 1];
        out[a] = x * c - y * s;
        out[a + 1] = x * s + y * c;
      }
    }
  return { rows: m.rows, cols: m.cols, data: out };
}

// bias[h][i][j] = −m_h·|i − j| (ALiBi), or 0 / −1e9 for the causal mask; H×L×L or L×L.
function alibiBias(L) {
  const b = new Float32Array(H * L * L);
  for (let h = 0; h < H; h++)
    for (let i = 0; i < L; i++) for (let j = 0; j < L; j++) b[(h * L + i) * L + j] = -slopes[h] * Math.abs(i - j);
  return b;
}
function causalMask(L) {
  const b = new Float32Array(L * L);
  for (let i = 0; i < L; i++) for (let j = i + 1; j < L; j++) b[i * L + j] = -1e9;
  return b;
}

// ---- timing -------------------------------------------------------------------------------
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e3;
};
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

// Warm-up calls (V8 compiles hot WASM with TurboFan only after several calls), then rounds in
// which every engine runs once, in turn, so that all of them see the same load on this shared
// machine, until minSeconds per engine and at least 3 rounds have passed. Returns, per engine,
// medians in ms and the last result.
async function measure(engines) {
  const names = Object.keys(engines);
  const samples = {};
  for (const name of names) {
    const { run, warmup } = engines[name];
    let result;
    for (let i = 0; i < warmup; i++) result = await run();
    samples[name] = { cpu: [], wall: [], result };
  }
  const start = performance.now();
  let rounds = 0;
  while (rounds < 3 || (performance.now() - start < minSeconds * 1e3 * names.length && rounds < 30)) {
    for (const name of names) {
      const c0 = cpuMs(), w0 = performance.now();
      samples[name].result = await engines[name].run();
      samples[name].wall.push(performance.now() - w0);
      samples[name].cpu.push(cpuMs() - c0);
    }
    rounds++;
  }
  return Object.fromEntries(names.map((n) => [n, { cpu: median(samples[n].cpu), wall: median(samples[n].wall), runs: rounds, result: samples[n].result }]));
}

// ---- engines ------------------------------------------------------------------------------
async function loadEngines() {
  const { loadPosenc } = await import('../web/posenc.js');
  const pe = await loadPosenc();

  const ort = await import('onnxruntime-web');
  ort.env.wasm.numThreads = 1;
  ort.env.logLevel = 'error';
  const sessions = {};
  const ortSession = async (variant) => {
    const spec = { heads: H, width: D, causal: variant === 'causal', bias: variant === 'alibi' };
    sessions[variant] ??= await ort.InferenceSession.create(multiHeadAttentionModel(spec), {
      executionProviders: ['wasm'],
      graphOptimizationLevel: 'all',
    });
    return sessions[variant];
  };

  const tf = await import('@tensorflow/tfjs-core');
  const tfwasm = await import('@tensorflow/tfjs-backend-wasm');
  tfwasm.setWasmPaths(path.join(root, 'node_modules/@tensorflow/tfjs-backend-wasm/dist') + path.sep);
  tfwasm.setThreadsCount(1);
  await tf.setBackend('wasm');
  await tf.ready();
  return { pe, ort, ortSession, tf };
}

// Plain JS: per head, per query, scores, softmax, weighted sum (Float64 accumulators).
function jsAttention(q, k, v, L, causal, alibi) {
  const out = new Float32Array(L * D), e = new Float64Array(L), acc = new Float64Array(Dh);
  const scale = 1 / Math.sqrt(Dh);
  for (let h = 0; h < H; h++)
    for (let i = 0; i < L; i++) {
      const n = causal ? i + 1 : L;
      let m = -Infinity;
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let c = 0; c < Dh; c++) s += q[i * D + h * Dh + c] * k[j * D + h * Dh + c];
        s *= scale;
        if (alibi) s -= slopes[h] * Math.abs(i - j);
        e[j] = s;
        if (s > m) m = s;
      }
      let sum = 0;
      acc.fill(0);
      for (let j = 0; j < n; j++) {
        const p = Math.exp(e[j] - m);
        sum += p;
        for (let c = 0; c < Dh; c++) acc[c] += p * v[j * D + h * Dh + c];
      }
      for (let c = 0; c < Dh; c++) out[i * D + h * Dh + c] = acc[c] / sum;
    }
  return out;
}

function largestDifference(a, b) {
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  return worst;
}

// ---- native ceilings ------------------------------------------------------------------------
// The two ceilings are CMake targets of the native build (CMakeLists.txt: attention_native_*), so
// the core is compiled the way every other build compiles it, with only -O3 and the flag added.
function buildNative() {
  const dir = path.join(root, process.env.BUILD_ROOT || 'build', 'native');
  const builds = { 'sse4.2': '-msse4.2', native: '-march=native' };
  const targets = Object.keys(builds).map((name) => `attention_native_${name.replace('.', '')}`);
  log(`bench: building the native ceilings (${targets.join(', ')})`);
  execFileSync('cmake', ['-S', root, '-B', dir, '-DCMAKE_BUILD_TYPE=Release'], { stdio: ['ignore', 'ignore', 'inherit'] });
  execFileSync('cmake', ['--build', dir, '-j', process.env.JOBS || '2', '--target', ...targets],
    { stdio: ['ignore', 'ignore', 'inherit'] });
  const exes = {};
  for (const [name, flag] of Object.entries(builds))
    exes[name] = { exe: path.join(dir, `attention_native_${name.replace('.', '')}`), command: `g++ -O3 ${flag}` };
  return exes;
}

function runNative(exe, L) {
  const text = execFileSync(exe, [String(L), String(H), String(Dh), String(minSeconds), variants.join(',')], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  const rows = {};
  for (const line of text.trim().split('\n')) {
    const r = JSON.parse(line);
    rows[`${r.L}/${r.variant}`] = r;
  }
  return rows;
}

// ---- main -------------------------------------------------------------------------------
const flops = (L, variant) => 4 * D * (variant === 'causal' ? (L * (L + 1)) / 2 : L * L);
const gflops = (L, variant, ms) => (ms > 0 ? flops(L, variant) / (ms * 1e6) : NaN);

async function main() {
  if (!existsSync(path.join(root, 'web/wasm/posenc_core.wasm'))) throw new Error('run npm run build first (web/wasm/posenc_core.wasm is missing)');
  const natives = buildNative();
  const { pe, ort, ortSession, tf } = await loadEngines();
  const rows = [];
  const native = { 'sse4.2': {}, native: {} };
  for (const L of lengths) {
    for (const [name, { exe }] of Object.entries(natives)) Object.assign(native[name], runNative(exe, L));
    const q = matrix(pe, L, 3 * L), k = matrix(pe, L, 3 * L + 1), v = matrix(pe, L, 3 * L + 2);
    for (const variant of variants) {
      const causal = variant === 'causal', alibi = variant === 'alibi', rope = variant === 'rope';
      const row = { L, variant, diff: 0 };
      const opts = { heads: H, causal, weights: false, ...(alibi ? { alibi: true } : {}), ...(rope ? { rope: {} } : {}) };
      const [qb, kb] = rope ? [rotate(q), rotate(k)] : [q, k];
      const engines = { posenc: { run: () => pe.attention(q, k, v, opts).output.data, warmup: L >= 2048 ? 2 : 4 } };

      let disposeBias = () => {};
      if (L <= limits.ort) {
        const session = await ortSession(variant);
        const feeds = {
          query: new ort.Tensor('float32', qb.data, [1, L, D]),
          key: new ort.Tensor('float32', kb.data, [1, L, D]),
          value: new ort.Tensor('float32', v.data, [1, L, D]),
        };
        if (alibi) feeds.attention_bias = new ort.Tensor('float32', alibiBias(L), [1, H, L, L]);
        engines.ort = { run: async () => (await session.run(feeds)).output.data, warmup: 2 };
      }

      if (L <= limits.tfjs) {
        const bias = alibi ? tf.tensor3d(alibiBias(L), [H, L, L]) : causal ? tf.tensor2d(causalMask(L), [L, L]) : null;
        disposeBias = () => bias?.dispose();
        const heads = (m) => tf.transpose(tf.tensor3d(m.data, [L, H, Dh]), [1, 0, 2]);
        engines.tfjs = {
          run: () => {
            const out = tf.tidy(() => {
              let s = tf.mul(tf.matMul(heads(qb), heads(kb), false, true), 1 / Math.sqrt(Dh));
              if (bias) s = tf.add(s, bias);
              return tf.reshape(tf.transpose(tf.matMul(tf.softmax(s), heads(v)), [1, 0, 2]), [L, D]);
            });
            const data = out.dataSync();
            out.dispose();
            return data;
          },
          warmup: 2,
        };
      }

      if (L <= limits.js) engines.js = { run: () => jsAttention(qb.data, kb.data, v.data, L, causal, alibi), warmup: 1 };

      Object.assign(row, await measure(engines));
      disposeBias();
      for (const name of ['ort', 'tfjs', 'js'])
        if (row[name]) row.diff = Math.max(row.diff, largestDifference(row[name].result, row.posenc.result));
      const mine = row.posenc;
      rows.push(row);
      log(`bench: L=${L} ${variant}: posenc ${gflops(L, variant, mine.cpu).toFixed(1)} GFLOP/s` +
        (row.ort ? `, ort ${gflops(L, variant, row.ort.cpu).toFixed(1)}` : ''));
    }
  }
  tf.disposeVariables();
  const table = formatTable(rows, native);
  process.stdout.write(table + '\n');
  writeDoc(table, natives);
}

function formatTable(rows, native) {
  const f = (x) => (Number.isFinite(x) ? x.toFixed(1) : '—');
  const lines = [
    '| L | variant | posenc WASM | (wall) | onnxruntime-web | tfjs-wasm | plain JS | native SSE4.2 | native -march=native | posenc / ORT | WASM / SSE4.2 | max abs Δ |',
    '|--:|:--|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|',
  ];
  for (const r of rows) {
    const g = (m) => (m ? gflops(r.L, r.variant, m.cpu) : NaN);
    const mine = g(r.posenc), ort = g(r.ort);
    const sse = native['sse4.2'][`${r.L}/${r.variant}`]?.gflops ?? NaN;
    const nat = native.native[`${r.L}/${r.variant}`]?.gflops ?? NaN;
    lines.push(`| ${r.L} | ${r.variant} | ${f(mine)} | ${f(gflops(r.L, r.variant, r.posenc.wall))} | ${f(ort)} | ${f(g(r.tfjs))} | ` +
      `${f(g(r.js))} | ${f(sse)} | ${f(nat)} | ${Number.isFinite(ort) ? (mine / ort).toFixed(2) + '×' : '—'} | ` +
      `${(mine / sse).toFixed(2)} | ${r.ort || r.tfjs || r.js ? r.diff.toExponential(1) : '—'} |`);
  }
  const causalRatio = lengths
    .map((L) => {
      const t = (variant) => rows.find((r) => r.L === L && r.variant === variant).posenc.cpu;
      return `L=${L}: ${(t('plain') / t('causal')).toFixed(2)}×`;
    })
    .join(', ');
  lines.push('', `posenc causal speed-up (time plain / time causal): ${causalRatio}`);
  return lines.join('\n');
}

function writeDoc(table, natives) {
  const file = path.join(root, 'docs/performance.md');
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const flags = (readFileSync('/proc/cpuinfo', 'utf8').match(/^flags\s*:(.*)$/m)?.[1] ?? '').split(' ');
  const simd = ['sse4_2', 'avx2', 'fma', 'avx512f'].filter((x) => flags.includes(x)).join(', ');
  const load = os.loadavg().map((x) => x.toFixed(1)).join(' / ');
  const versions = (name) => JSON.parse(readFileSync(path.join(root, 'node_modules', name, 'package.json'), 'utf8')).version;
  const section = [
    `Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC by \`${quick ? 'BENCH_QUICK=1 ' : ''}npm run bench\` ` +
      `(bench/attention.mjs) on ${cpu}, ${os.cpus().length} cores (${simd}), ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ` +
      `Node ${process.versions.node}; load average during the run (1 / 5 / 15 min): ${load}. ` +
      `onnxruntime-web ${versions('onnxruntime-web')}, tfjs-backend-wasm ${versions('@tensorflow/tfjs-backend-wasm')}, ` +
      `native: ${Object.values(natives).map((n) => n.command).join(' and ')} (bench/attention_native.cpp).`,
    '',
    `GFLOP/s, H = ${H}, Dh = ${Dh}, L = S, one thread, counting only unmasked work (4·D per visible query–key pair); ` +
      'median of repeated runs after warm-up, timed as process CPU time (the machine is shared with other jobs; ' +
      "the \"(wall)\" column is posenc's wall-clock figure). \"—\": not run (slow baselines stop at " +
      `L = ${limits.ort} for onnxruntime-web, ${limits.tfjs} for tfjs, ${limits.js} for plain JS). ` +
      'max abs Δ: largest difference of any baseline\'s output from posenc\'s.',
    '',
    table,
    '',
  ].join('\n');
  writeMeasured(file, 'attention.mjs', 'Attention kernels', section);
  log(`bench: wrote ${path.relative(root, file)}`);
}

await main();
