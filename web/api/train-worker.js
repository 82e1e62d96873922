// train-worker.js: one training run in a module Web Worker, so that the page's main thread only
// draws. The worker loads posenc (the WASM core), builds one model from a config, trains it in
// chunks of steps (model.trainSteps: the core draws the task's batches itself, seeded), posts its
// progress after every chunk, measures the model at the evaluation lengths (at the end, and at
// checkpoints when asked), and disposes the model.
//
// Messages in (from train-pool.js):
//   { type: 'start', job }   job = { id, config, task, train: { steps, batch, length, seed, lr,
//                            chunk, weightDecay, clip }, evalLengths, eval: { batches, batch, seed },
//                            evalEvery, interpolate, attention, parameters }
//   { type: 'pause' } | { type: 'resume' } | { type: 'cancel' }
// Messages out:
//   { type: 'ready' }                      the core is loaded
//   { type: 'progress', id, step, steps, loss, losses, tokensPerSecond }   losses: this chunk's
//   { type: 'checkpoint', id, step, eval }  eval at evalLengths (when evalEvery > 0)
//   { type: 'attention', id, step, length, tokens, weights }  weights: one H×L×L tensor per layer
//   { type: 'done', id, result }           result = { losses, eval, evalInterp?, parameters?,
//                                           cosine?, attention?, tokensPerSecond, seconds }
// parameters: those named in job.parameters (e.g. ['wpe']), each with cosine[name] =
// { similarity: L×L, byOffset: [mean of diagonal d] } computed by the core.
//   { type: 'cancelled', id } | { type: 'error', id, message }
// Per length, eval is { length, loss, accuracy } or { length, refused: message } when the core
// refuses that length (learned positions past their table). `interpolate` (RoPE only): also
// measure every length L with rope.scale = L / train.length (position interpolation applied at
// test time to the trained weights, as Chen et al. 2023 do without fine-tuning).
// Leaves out: several models per worker, transfer of models between workers, learning-rate
// schedules (the pool passes one lr).
import { loadTraining } from './train-api.js';

let pe = null;
let paused = false;
let cancelled = false;
let resumeWaiter = null;

const tick = () => new Promise((r) => setTimeout(r, 0));

async function checkpoint() {
  await tick();  // lets pause / cancel messages in
  while (paused && !cancelled) await new Promise((r) => { resumeWaiter = r; });
}

// Each length on its own, so that one refused length (learned, past the table) leaves the others.
function evaluateAt(model, task, lengths, opts) {
  return lengths.map((length) => {
    try {
      const [r] = model.evaluate(task, { ...opts, lengths: [length] });
      return { length, loss: r.loss, accuracy: r.accuracy };
    } catch (err) {
      return { length, refused: String(err?.message ?? err) };
    }
  });
}

// RoPE's trained weights measured with positions divided by L / Ltrain.
function evaluateInterpolated(model, job, lengths, opts) {
  const params = model.parameters();
  return lengths.map((length) => {
    const scale = Math.max(1, length / job.train.length);
    let m2 = null;
    try {
      m2 = pe.createModel({ ...job.config, rope: { ...(job.config.rope ?? {}), scale } });
      m2.setParameters(params);
      const [r] = m2.evaluate(job.task, { ...opts, lengths: [length] });
      return { length, loss: r.loss, accuracy: r.accuracy, scale };
    } catch (err) {
      return { length, refused: String(err?.message ?? err) };
    } finally {
      m2?.dispose();
    }
  });
}

function toPlain(m) {
  return m && ArrayBuffer.isView(m.data) ? { ...m, data: Float32Array.from(m.data) } : m;
}

async function run(job) {
  const t = job.train;
  const steps = t.steps;
  const chunk = Math.max(1, Math.min(t.chunk ?? 10, steps));
  const evalOpts = { batches: job.eval?.batches ?? 2, batch: job.eval?.batch ?? 16, seed: job.eval?.seed ?? 1000 + (t.seed ?? 0) };
  const model = pe.createModel(job.config);
  try {
    const losses = [];
    let busy = 0;  // seconds spent training (not paused)
    let done = 0;
    const trainOpts = { batch: t.batch, length: t.length, seed: t.seed ?? 0, lr: t.lr };
    for (const k of ['weightDecay', 'clip', 'beta1', 'beta2', 'eps']) if (t[k] !== undefined) trainOpts[k] = t[k];
    while (done < steps) {
      await checkpoint();
      if (cancelled) { postMessage({ type: 'cancelled', id: job.id }); return; }
      const n = Math.min(chunk, steps - done);
      const t0 = performance.now();
      const chunkLosses = Array.from(model.trainSteps(job.task, { ...trainOpts, steps: n }));
      busy += (performance.now() - t0) / 1000;
      done += n;
      losses.push(...chunkLosses);
      const tokensPerSecond = busy > 0 ? (done * t.batch * t.length) / busy : 0;
      postMessage({ type: 'progress', id: job.id, step: done, steps, loss: chunkLosses.at(-1), losses: chunkLosses, tokensPerSecond });
      if (job.evalEvery > 0 && done < steps && done % job.evalEvery < n) {
        postMessage({ type: 'checkpoint', id: job.id, step: done, eval: evaluateAt(model, job.task, job.evalLengths, evalOpts) });
      }
      if (job.attention?.every > 0 && done < steps && done % job.attention.every < n) postAttention(model, job, done);
    }
    await checkpoint();
    if (cancelled) { postMessage({ type: 'cancelled', id: job.id }); return; }
    const result = { losses, tokensPerSecond: busy > 0 ? (steps * t.batch * t.length) / busy : 0, seconds: busy };
    const info = model.info();  // the model's size as the core built it (the prose may say it)
    result.model = { width: info.width, combine: info.combine, positionWidth: info.positionWidth, parameterCount: info.parameterCount };
    result.eval = evaluateAt(model, job.task, job.evalLengths, evalOpts);
    if (job.interpolate) result.evalInterp = evaluateInterpolated(model, job, job.evalLengths, evalOpts);
    if (job.attention) result.attention = attentionOf(model, job);
    if (Array.isArray(job.parameters)) {
      const all = model.parameters();
      result.parameters = Object.fromEntries(job.parameters.filter((n) => all[n]).map((n) => [n, toPlain(all[n])]));
      // How alike the rows of each such table are (the core's cosine similarity), and its mean
      // along each diagonal (neighbours at offset 1, 2, …).
      result.cosine = {};
      for (const [n, m] of Object.entries(result.parameters)) {
        try {
          const similarity = pe.cosineSimilarity(m);
          result.cosine[n] = { similarity, byOffset: Array.from(pe.meanByOffset(similarity).data) };
        } catch { /* a row of norm 0: no similarity shown */ }
      }
    }
    postMessage({ type: 'done', id: job.id, result });
  } finally {
    model.dispose();
  }
}

// Attention weights of the first sequence of a held-out batch at the training length.
function attentionOf(model, job) {
  const length = job.attention.length ?? job.train.length;
  const b = pe.taskBatch(job.task, { batch: 1, length, vocab: job.config.vocab, seed: job.attention.seed ?? 4242 });
  const weights = model.attentionWeights(b.tokens, { length }).map(toPlain);
  return { length, tokens: Array.from(b.tokens), weights };
}

function postAttention(model, job, step) {
  try { postMessage({ type: 'attention', id: job.id, step, ...attentionOf(model, job) }); } catch { /* a refused length: none shown */ }
}

onmessage = async (e) => {
  const msg = e.data ?? {};
  if (msg.type === 'pause') { paused = true; return; }
  if (msg.type === 'resume') { paused = false; resumeWaiter?.(); resumeWaiter = null; return; }
  if (msg.type === 'cancel') { cancelled = true; paused = false; resumeWaiter?.(); resumeWaiter = null; return; }
  if (msg.type !== 'start') return;
  paused = false;
  cancelled = false;
  try {
    pe ??= await loadTraining();
    await run(msg.job);
  } catch (err) {
    postMessage({ type: 'error', id: msg.job?.id, message: String(err?.message ?? err) });
  }
};

loadTraining().then((api) => { pe = api; postMessage({ type: 'ready' }); },
  (err) => postMessage({ type: 'error', id: null, message: String(err?.message ?? err) }));
