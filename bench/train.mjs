// train.mjs (npm run bench:train): training throughput of posenc's transformer — tokens per second
// of forward + backward + AdamW — on the WASM build, against the same model and batches trained
// with tfjs-core + tfjs-backend-wasm (autograd, Adam, 1 thread; the embedding lookup as a one-hot product, since the wasm backend has no
// UnsortedSegmentSum for the gather's gradient) in the same Node process, and
// against the core built natively (the CMake target posenc_bench_train, bench/train_native.cpp).
// Prints a table with the ratios and writes it to docs/performance.md, section "Training".
//
//   npm run build && npm run bench:train      (BENCH_QUICK=1: short timing;
//                                             BENCH_NATIVE_BUILD=dir: the native CMake build folder,
//                                             default build/native, configured and built if needed)
//
// Shapes: the lesson's default model and the spec shape (D = 64, H = 4, N = 2, F = 256,
// L = 64, B = 16, RoPE, causal), vocabulary 16, batches of the copy task.
// Time: this process's CPU time (user + system) per step, median of blocks after warm-up (the machine
// is shared: CPU time is what one thread of ours used); tokens/s = B·L / (time per step).
// posenc: model.trainStep with the batch passed from JS each step (what a page's loop pays), and
// model.trainSteps (batches drawn in the core) beside it. tfjs: the same architecture written with
// tfjs ops (LN, GELU tanh, RoPE in the halves layout, causal mask as an additive −1e9 bias),
// gradients by tf.variableGrads inside optimizer.minimize, tf.train.adam (AdamW with weight decay 0
// is Adam); its first loss is compared with posenc's on the same weights as a check that the two
// compute the same model.
// Leaves out: the browser (workers run this same WASM), threads, other schemes' costs.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { register } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeMeasured } from './performance-doc.mjs';

import { loadPosenc } from '../web/posenc.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const quick = process.env.BENCH_QUICK === '1';
const minSeconds = quick ? 0.5 : 3;
const log = (...a) => console.error(...a);

const SHAPES = [
  { name: 'lesson default', vocab: 12, width: 32, heads: 4, layers: 2, mlpWidth: 128, length: 16, batch: 16 },
  { name: 'spec shape', vocab: 16, width: 64, heads: 4, layers: 2, mlpWidth: 256, length: 64, batch: 16 },
];

const cpuSeconds = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

// Median seconds per step of `step`, timed in blocks of CPU time after `warm` calls.
function timeSteps(step, warm = 3) {
  for (let i = 0; i < warm; i++) step();
  const perStep = [];
  const start = cpuSeconds();
  let steps = 0;
  while (cpuSeconds() - start < minSeconds || perStep.length < 3) {
    const t0 = cpuSeconds();
    let n = 0;
    do {
      step();
      n++;
    } while (cpuSeconds() - t0 < 0.2);
    perStep.push((cpuSeconds() - t0) / n);
    steps += n;
  }
  perStep.sort((a, b) => a - b);
  return { seconds: perStep[perStep.length >> 1], steps };
}

// ---- posenc WASM ------------------------------------------------------------------------------
function benchPosenc(pe, s) {
  const model = pe.createModel({ vocab: s.vocab, width: s.width, heads: s.heads, layers: s.layers,
    mlpWidth: s.mlpWidth, maxLength: s.length, position: 'rope', causal: true, seed: 0 });
  const batches = Array.from({ length: 8 }, (_, k) => pe.taskBatch('copy', { batch: s.batch, length: s.length, vocab: s.vocab, index: k }));
  let k = 0;
  const opts = { batch: s.batch, length: s.length, lr: 1e-3 };
  const step = timeSteps(() => {
    const b = batches[k++ % 8];
    model.trainStep(b.tokens, b.targets, opts);
  });
  const inCore = timeSteps(() => model.trainSteps('copy', { steps: 1, ...opts }));
  model.dispose();
  return { step, inCore };
}

// The posenc model's first loss on a batch, for the tfjs cross-check.
function posencLoss(pe, s, params, b) {
  const model = pe.createModel({ vocab: s.vocab, width: s.width, heads: s.heads, layers: s.layers,
    mlpWidth: s.mlpWidth, maxLength: s.length, position: 'rope', causal: true, rope: { layout: 'halves' }, seed: 0 });
  model.setParameters(params);
  const loss = model.lossAndGradients(b.tokens, b.targets, { batch: s.batch, length: s.length }).loss;
  model.dispose();
  return loss;
}

// ---- tfjs-backend-wasm ------------------------------------------------------------------------
async function loadTfjs() {
  const tf = await import('@tensorflow/tfjs-core');
  // Autograd needs the gradient functions registered. tfjs ships them only as ES modules with
  // extension-less relative imports (dist/register_all_gradients.js), which Node resolves only with
  // a resolve hook adding '.js' (or '/index.js'); they register into tfjs's global registry, shared with the CommonJS
  // tfjs-core that the wasm backend uses.
  register('data:text/javascript,' + encodeURIComponent(
    'export async function resolve(spec, ctx, next) {' +
    '  try { return await next(spec, ctx); } catch (e) {' +
    "    if (!spec.startsWith('.') || !String(ctx.parentURL).includes('tfjs-core')) throw e;" +
    "    try { return await next(spec + '.js', ctx); } catch { return next(spec + '/index.js', ctx); }" +
    '    throw e; } }'));
  await import('@tensorflow/tfjs-core/dist/register_all_gradients.js');
  const tfwasm = await import('@tensorflow/tfjs-backend-wasm');
  tfwasm.setWasmPaths(path.join(root, 'node_modules/@tensorflow/tfjs-backend-wasm/dist') + path.sep);
  tfwasm.setThreadsCount(1);
  await tf.setBackend('wasm');
  await tf.ready();
  return tf;
}

// The same model in tfjs ops, with variables initialised from posenc's parameters.
function tfjsModel(tf, s, params) {
  const { width: D, heads: H, layers: N, length: L, batch: B } = s;
  const Dh = D / H, half = Dh / 2;
  const v = {};
  for (const [name, m] of Object.entries(params)) v[name] = tf.variable(tf.tensor2d(m.data, [m.rows, m.cols]), true, name);
  // RoPE, halves layout: angle(p, i) = p·base^(−2i/Dh); x' = x·cos + rotate_half(x)·sin.
  const angles = [];
  for (let p = 0; p < L; p++) for (let i = 0; i < Dh; i++) angles.push(p * Math.pow(10000, (-2 * (i % half)) / Dh));
  const cos = tf.tensor2d(angles.map(Math.cos), [L, Dh]), sin = tf.tensor2d(angles.map(Math.sin), [L, Dh]);
  const mask = tf.tensor2d(Array.from({ length: L * L }, (_, k) => (k % L > Math.floor(k / L) ? -1e9 : 0)), [L, L]);
  const ln = (x, w, b) => {
    const { mean, variance } = tf.moments(x, -1, true);
    return tf.add(tf.mul(tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, 1e-5))), w), b);
  };
  const gelu = (u) => tf.mul(tf.mul(0.5, u), tf.add(1, tf.tanh(tf.mul(Math.sqrt(2 / Math.PI), tf.add(u, tf.mul(0.044715, tf.pow(u, 3)))))));
  const heads = (x) => tf.transpose(tf.reshape(x, [B, L, H, Dh]), [0, 2, 1, 3]);  // [B, H, L, Dh]
  const rope = (x) => {
    const [x1, x2] = tf.split(x, 2, -1);
    return tf.add(tf.mul(x, cos), tf.mul(tf.concat([tf.neg(x2), x1], -1), sin));
  };
  const loss = (tokens, oneHot, count) => {
    let x = tf.matMul(tokens, v.wte);  // one-hot tokens [B·L, V] · wte: the gather (its gradient needs a kernel tfjs-wasm lacks)
    for (let n = 0; n < N; n++) {
      const p = (k) => v[`h.${n}.${k}`];
      const a = ln(x, p('ln1.weight'), p('ln1.bias'));
      const q = rope(heads(tf.matMul(a, p('attn.wq')))), k = rope(heads(tf.matMul(a, p('attn.wk'))));
      const vv = heads(tf.matMul(a, p('attn.wv')));
      const scores = tf.add(tf.mul(tf.matMul(q, k, false, true), 1 / Math.sqrt(Dh)), mask);
      const z = tf.reshape(tf.transpose(tf.matMul(tf.softmax(scores), vv), [0, 2, 1, 3]), [B * L, D]);
      x = tf.add(x, tf.matMul(z, p('attn.wo')));
      const b = ln(x, p('ln2.weight'), p('ln2.bias'));
      x = tf.add(x, tf.matMul(gelu(tf.matMul(b, p('mlp.w1'))), p('mlp.w2')));
    }
    const logits = tf.matMul(ln(x, v['lnf.weight'], v['lnf.bias']), v.head);
    return tf.div(tf.neg(tf.sum(tf.mul(tf.logSoftmax(logits), oneHot))), count);
  };
  return { v, loss, dispose: () => { tf.dispose([cos, sin, mask]); for (const t of Object.values(v)) t.dispose(); } };
}

function tfjsInputs(tf, s, b) {
  const scored = Array.from(b.targets).filter((t) => t >= 0).length;
  const oneHot = tf.oneHot(tf.tensor1d(Array.from(b.targets, (t) => Math.max(t, 0)), 'int32'), s.vocab);
  const weights = tf.tensor2d(Array.from(b.targets, (t) => (t >= 0 ? 1 : 0)), [b.targets.length, 1]);
  const tokens = tf.cast(tf.oneHot(tf.tensor1d(b.tokens, 'int32'), s.vocab), 'float32');
  return { tokens, oneHot: tf.mul(oneHot, weights), count: scored };
}

function benchTfjs(tf, pe, s) {
  const probe = pe.createModel({ vocab: s.vocab, width: s.width, heads: s.heads, layers: s.layers, mlpWidth: s.mlpWidth,
    maxLength: s.length, position: 'rope', causal: true, seed: 0 });
  const params = probe.parameters();
  probe.dispose();
  const model = tfjsModel(tf, s, params);
  const batches = Array.from({ length: 8 }, (_, k) => pe.taskBatch('copy', { batch: s.batch, length: s.length, vocab: s.vocab, index: k }));
  const inputs = batches.map((b) => tfjsInputs(tf, s, b));
  const first = tf.tidy(() => model.loss(inputs[0].tokens, inputs[0].oneHot, inputs[0].count).dataSync()[0]);
  const reference = posencLoss(pe, s, params, batches[0]);
  const optimizer = tf.train.adam(1e-3, 0.9, 0.999, 1e-8);
  let k = 0;
  const step = timeSteps(() => {
    const x = inputs[k++ % 8];
    const l = optimizer.minimize(() => model.loss(x.tokens, x.oneHot, x.count), true);
    l.dataSync();
    l.dispose();
  });
  optimizer.dispose();
  model.dispose();
  for (const x of inputs) tf.dispose([x.tokens, x.oneHot]);
  return { step, firstLoss: first, posencFirstLoss: reference };
}

// ---- native -----------------------------------------------------------------------------------
function nativeExe() {
  const dir = path.resolve(root, process.env.BENCH_NATIVE_BUILD || 'build/native');
  const exe = path.join(dir, 'posenc_bench_train');
  log(`bench: building the native target posenc_bench_train in ${path.relative(root, dir)}`);
  if (!existsSync(path.join(dir, 'CMakeCache.txt')))
    execFileSync('cmake', ['-S', root, '-B', dir, '-DCMAKE_BUILD_TYPE=Release'], { stdio: ['ignore', 'ignore', 'inherit'] });
  execFileSync('cmake', ['--build', dir, '--target', 'posenc_bench_train', '-j', '2'], { stdio: ['ignore', 'ignore', 'inherit'] });
  return exe;
}

function benchNative(exe, s) {
  const args = [s.vocab, s.width, s.heads, s.layers, s.mlpWidth, s.length, s.batch, 'rope', 'true', minSeconds].map(String);
  const r = JSON.parse(execFileSync(exe, args, { encoding: 'utf8' }).trim());
  return { seconds: r.cpuMsPerStep / 1e3, steps: r.steps };
}

// ---- main -------------------------------------------------------------------------------------
const tokensPerSecond = (s, seconds) => (s.batch * s.length) / seconds;
const fmt = (x) => (Number.isFinite(x) ? Math.round(x).toLocaleString('en-US') : '—');

async function main() {
  if (!existsSync(path.join(root, 'web/wasm/posenc_core.wasm'))) throw new Error('run npm run build first (web/wasm/posenc_core.wasm is missing)');
  const pe = await loadPosenc();
  const tf = await loadTfjs();
  const exe = nativeExe();
  const rows = [];
  for (const s of SHAPES) {
    log(`bench: ${s.name} (D = ${s.width}, H = ${s.heads}, N = ${s.layers}, F = ${s.mlpWidth}, L = ${s.length}, B = ${s.batch})`);
    const posenc = benchPosenc(pe, s);
    const tfjs = benchTfjs(tf, pe, s);
    const native = benchNative(exe, s);
    rows.push({ s, posenc, tfjs, native });
  }
  const lines = [
    '| model | D | H | N | F | L | B | posenc WASM tokens/s | (batches in the core) | tfjs-wasm tokens/s | native tokens/s | WASM / tfjs | native / WASM | first loss posenc / tfjs |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const { s, posenc, tfjs, native } of rows) {
    const w = tokensPerSecond(s, posenc.step.seconds), c = tokensPerSecond(s, posenc.inCore.seconds);
    const t = tokensPerSecond(s, tfjs.step.seconds), n = tokensPerSecond(s, native.seconds);
    lines.push(`| ${s.name} | ${s.width} | ${s.heads} | ${s.layers} | ${s.mlpWidth} | ${s.length} | ${s.batch} | ${fmt(w)} | ${fmt(c)} | ` +
      `${fmt(t)} | ${fmt(n)} | ${(w / t).toFixed(2)}× | ${(n / w).toFixed(2)}× | ${tfjs.posencFirstLoss.toFixed(5)} / ${tfjs.firstLoss.toFixed(5)} |`);
  }
  // The aims, checked on this run.
  const spec = rows.find((r) => r.s.name === 'spec shape');
  const specWasm = tokensPerSecond(spec.s, spec.posenc.step.seconds);
  const aims = rows.map(({ s, posenc, tfjs, native }) => {
    const w = tokensPerSecond(s, posenc.step.seconds);
    return `${s.name}: WASM / tfjs ${(w / tokensPerSecond(s, tfjs.step.seconds)).toFixed(1)}× (aim ≥ 3×), ` +
      `native / WASM ${(tokensPerSecond(s, native.seconds) / w).toFixed(2)}× (aim ≤ 1.5×)`;
  });
  aims.push(`spec shape: ${fmt(specWasm)} tokens/s in WASM (aim ≥ 22,000: half of PyTorch's 44,000 on this machine)`);
  const table = `${lines.join('\n')}\n\nAims: ${aims.join('; ')}.`;
  console.log(table);
  writeDoc(table);
}

function writeDoc(table) {
  const doc = path.join(root, 'docs/performance.md');
  const version = (pkg) => JSON.parse(readFileSync(path.join(root, 'node_modules', pkg, 'package.json'), 'utf8')).version;
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const load = os.loadavg().map((x) => x.toFixed(1)).join(' / ');
  let commit = 'unknown commit';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
    if (execFileSync('git', ['status', '--porcelain', 'cpp'], { cwd: root, encoding: 'utf8' }).trim()) commit += ' with uncommitted changes in cpp/';
  } catch { /* not a git checkout */ }
  const section = [
    `Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC by \`npm run bench:train\` (bench/train.mjs) at ${commit} on ${cpu}, ` +
      `${os.cpus().length} cores; Node ${process.versions.node}; tfjs-core ${version('@tensorflow/tfjs-core')}, ` +
      `tfjs-backend-wasm ${version('@tensorflow/tfjs-backend-wasm')} (1 thread); load average after the run (1 / 5 / 15 min): ${load}` +
      `${quick ? '; BENCH_QUICK=1 (short timing)' : ''}.`,
    '',
    'Tokens per second of one training step (forward + backward + optimiser) on copy-task batches, RoPE, causal, vocabulary 16; ' +
      'CPU time of the process, median of 0.2 s blocks after warm-up. Native: the CMake target posenc_bench_train (Release, g++ -O3, no -march).',
    '',
    table,
    '',
  ].join('\n');
  writeMeasured(doc, 'train.mjs', 'Training', section);
  log(`bench: wrote ${path.relative(root, doc)}`);
}

await main();
