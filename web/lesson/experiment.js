// experiment.js: a lesson's training experiment as data, and its measured results as a value the
// prose binds to (no DOM: pe-experiment.js draws it, pe-lesson.js feeds the results to the prose).
//
// Declared in the lesson's data (tutorials/README.md, "Experiments"):
//   "experiments": { "lengths": {
//      "task": "@task",                                  a task of the core (copy, reverse, …)
//      "schemes": ["none", "learned", …, "shaw"],        one run per position scheme, or
//      "runs": [ { "id": "encoder", "position": "learned", "model": { "causal": false }, "task": "masked" } ],
//      "interpolate": "rope",                            also RoPE + position interpolation at test
//                                                        time (a curve "ropeInterp" from the rope run)
//      "model": { "vocab": 12, "width": "@D", "heads": 2, "layers": 2, "maxLength": "@Ltrain", "seed": "@seed" },
//      "train": { "steps": "@steps", "batch": 16, "length": "@Ltrain", "seed": "@seed", "lr": 0.003 },
//      "evalMultiples": [1, 2, 4]   (or "evalLengths": [16, 32] / "@lengths")
//      "attention": true, "parameters": ["wpe"],         what each run sends back besides its scores
//      "evalEvery": 50, "attentionEvery": 50,             measure / send attention during training too
//      "facts": { "alibiHolds": { "within": ["acc.alibi[1]", "acc.alibi[0]", 0.05] } } } }
// "@x" arguments are the lesson's inputs and computations, read when the learner presses run.
//
// The results (Experiment.results(), one plain object; prose reads {lengths.best},
// {lengths.acc.alibi[1]:%1}, conditional paragraphs read {"if": "lengths.facts.alibiHolds"}):
//   status 'idle' | 'running' | 'done' | 'cancelled' | 'error';  done, running (booleans)
//   finished, total (runs);  lengths [L…];  multiples [L / trainLength…];  trainLength;
//   ids [run ids, ropeInterp included];  constants: the spec's "constants" (thresholds that
//   facts use, so the prose can say them: {lengths.constants.tolerance:%0})
//   acc.<id>[k], loss.<id>[k]   at lengths[k] (null where the core refused the length)
//   refused.<id>[k]             true where refused (learned positions past their table)
//   finalLoss.<id>              the last training loss;  trainAcc.<id> = acc.<id>[0]
//   width.<id>, positionWidth.<id>, parameterCount.<id>   the trained model's size as the core
//                               reports it (model.info(); positionWidth 0 when the position is added)
//   bestAt[k], bestIdAt[k]      the run with the highest accuracy at lengths[k] (label, id)
//   bestAccAt[k]                its accuracy
//   bestCountAt[k], bestTiedAt[k]   how many curves reach that accuracy exactly, and whether more
//                               than one does (then bestAt[k] is only the first of them)
//   best, bestId, bestAcc       the same at the longest length;  last = lengths.length − 1
//   worstTrain, worstTrainId, minTrainAcc   the run with the lowest accuracy at the training length
//   cosine.<id>.<table>[d]      mean cosine similarity of the table's rows d apart (when the
//                               experiment asks for "parameters": ["wpe"]); cosineNear.<id> its
//                               value at offset 1 (neighbours), cosineLast.<id> at the largest offset
//   facts.<name>                true / false from the measured numbers; null until done
// Fact operators: within [a, b, tol] (|a − b| ≤ tol) · greater [a, b] · less [a, b] ·
// dropsBy [a, b, t] (a − b > t) ·
// equals [a, b] · and [f…] · or [f…] · not f · isNumber a. An operand is a number, a path into
// the results ("acc.alibi[1]") or { "value": x } for a literal string.
// Leaves out: drawing, the worker protocol (api/train-pool.js), hyper-parameter search.
import { parseRef, follow } from './path.js';
import { jobKey, checkJob } from '../api/train-pool.js';

export const SCHEMES = ['none', 'learned', 'sinusoidal', 'rope', 'alibi', 't5', 'shaw'];

// The runs an experiment spec declares, before its "@" arguments are resolved.
export function runSpecs(spec) {
  const runs = [];
  for (const s of spec.schemes ?? []) runs.push({ id: s, position: s });
  for (const r of spec.runs ?? []) runs.push({ ...r, id: r.id ?? r.position });
  if (!runs.length) throw new Error('an experiment needs "schemes" or "runs"');
  const ids = new Set();
  for (const r of runs) {
    if (!/^[A-Za-z_]\w*$/.test(r.id)) throw new Error(`run id "${r.id}" must be a name (letters, digits, _)`);
    if (ids.has(r.id)) throw new Error(`run id "${r.id}" appears twice`);
    ids.add(r.id);
  }
  if (spec.interpolate && !ids.has(spec.interpolate)) throw new Error(`interpolate names the run "${spec.interpolate}", which does not exist`);
  return runs;
}

// Every curve the results have: the runs, then ropeInterp when asked.
export function curveIds(spec) {
  const ids = runSpecs(spec).map((r) => r.id);
  if (spec.interpolate) ids.push('ropeInterp');
  return ids;
}

// The pool's jobs for resolved values (resolve: "@x" → value, throwing when x is missing).
export function buildJobs(spec, resolve) {
  const base = resolve({ task: spec.task, model: spec.model ?? {}, train: spec.train ?? {}, evalLengths: spec.evalLengths ?? null });
  const trainLength = Number(base.train.length);
  const lengths = base.evalLengths ?? (spec.evalMultiples ?? [1, 2, 4]).map((m) => Math.round(m * trainLength));
  return runSpecs(spec).map((r) => {
    const run = resolve(r);
    const config = { ...base.model, ...(run.model ?? {}), position: run.position ?? run.model?.position ?? base.model.position };
    if (config.position !== 'learned') delete config.maxLength;
    else config.maxLength ??= trainLength;
    return {
      runId: run.id,
      config,
      task: run.task ?? base.task,
      train: { chunk: 10, ...base.train, ...(run.train ?? {}) },
      evalLengths: lengths,
      eval: spec.eval ? resolve(spec.eval) : undefined,
      interpolate: spec.interpolate === run.id ? true : undefined,
      attention: spec.attention ? { length: trainLength, ...(spec.attentionEvery ? { every: spec.attentionEvery } : {}) } : undefined,
      evalEvery: spec.evalEvery,
      parameters: spec.parameters,
    };
  });
}

function operand(x, results) {
  if (typeof x === 'number' || typeof x === 'boolean') return x;
  if (x && typeof x === 'object' && 'value' in x) return x.value;
  if (typeof x === 'string') { const { name, steps } = parseRef(x); return follow(results[name], steps); }
  return evalFact(x, results);
}

// A fact's value from the measured numbers; null when an operand is missing (not measured).
export function evalFact(f, results) {
  const [op] = Object.keys(f ?? {});
  const args = [f?.[op]].flat();
  const v = args.map((a) => (op === 'and' || op === 'or' || op === 'not' ? evalFact(a, results) : operand(a, results)));
  const num = (a) => typeof a === 'number' && Number.isFinite(a);
  switch (op) {
    case 'within': return num(v[0]) && num(v[1]) && num(v[2]) ? Math.abs(v[0] - v[1]) <= v[2] : null;
    case 'greater': return num(v[0]) && num(v[1]) ? v[0] > v[1] : null;
    case 'dropsBy': return num(v[0]) && num(v[1]) && num(v[2]) ? v[0] - v[1] > v[2] : null;
    case 'less': return num(v[0]) && num(v[1]) ? v[0] < v[1] : null;
    case 'equals': return v[0] === undefined || v[0] === null ? null : v[0] === v[1];
    case 'isNumber': return num(v[0]);
    case 'and': return v.includes(null) ? null : v.every(Boolean);
    case 'or': return v.includes(null) ? null : v.some(Boolean);
    case 'not': return v[0] === null ? null : !v[0];
    default: throw new Error(`fact operator "${op}" must be one of within, greater, dropsBy, less, equals, isNumber, and, or, not`);
  }
}

// The results object from the runs' states (pure: tested in node:test).
//   states: { id → { status, losses, result } }, label(id) → the run's name in the page's language
export function summarise(spec, jobs, states, label = (id) => id) {
  const ids = curveIds(spec);
  const lengths = jobs[0]?.evalLengths ?? [];
  const r = {
    status: 'idle', done: false, running: false, finished: 0, total: jobs.length,
    lengths, trainLength: jobs[0]?.train.length ?? null, ids, labels: {},
    acc: {}, loss: {}, refused: {}, cosine: {}, cosineNear: {}, cosineLast: {}, finalLoss: {}, trainAcc: {}, bestAt: [], bestIdAt: [], facts: {},
    width: {}, positionWidth: {}, parameterCount: {},
  };
  let running = false, failed = false, cancelled = false;
  const put = (id, evals) => {
    r.acc[id] = lengths.map((L) => { const e = evals?.find((x) => x.length === L); return e && !e.refused ? e.accuracy : null; });
    r.loss[id] = lengths.map((L) => { const e = evals?.find((x) => x.length === L); return e && !e.refused ? e.loss : null; });
    r.refused[id] = lengths.map((L) => Boolean(evals?.find((x) => x.length === L)?.refused));
    r.trainAcc[id] = r.acc[id][0];
  };
  for (const id of ids) r.labels[id] = label(id);
  for (const job of jobs) {
    const s = states[job.runId] ?? {};
    if (s.status === 'running' || s.status === 'queued') running = true;
    if (s.status === 'error') failed = true;
    if (s.status === 'cancelled') cancelled = true;
    if (s.status === 'done') r.finished += 1;
    put(job.runId, s.result?.eval);
    if (s.result?.cosine) {
      r.cosine[job.runId] = Object.fromEntries(Object.entries(s.result.cosine).map(([n, c]) => [n, c.byOffset]));
      const first = Object.values(s.result.cosine)[0]?.byOffset;
      if (first?.length > 1) { r.cosineNear[job.runId] = first[1]; r.cosineLast[job.runId] = first.at(-1); }
    }
    r.finalLoss[job.runId] = s.losses?.length ? s.losses.at(-1) : null;
    r.width[job.runId] = s.result?.model?.width ?? null;
    r.positionWidth[job.runId] = s.result?.model?.positionWidth ?? null;
    r.parameterCount[job.runId] = s.result?.model?.parameterCount ?? null;
    if (job.interpolate) { put('ropeInterp', s.result?.evalInterp); r.finalLoss.ropeInterp = r.finalLoss[job.runId]; }
  }
  r.status = failed ? 'error' : running ? 'running' : cancelled ? 'cancelled' : r.finished === jobs.length && jobs.length ? 'done' : 'idle';
  r.done = r.status === 'done';
  r.running = r.status === 'running';
  r.last = lengths.length - 1;
  r.multiples = r.trainLength ? lengths.map((L) => L / r.trainLength) : [];
  r.constants = { ...(spec.constants ?? {}) };
  if (r.done) {
    lengths.forEach((_, k) => {
      let best = null;
      for (const id of ids) { const a = r.acc[id][k]; if (a !== null && (best === null || a > r.acc[best][k])) best = id; }
      r.bestIdAt[k] = best;
      r.bestAt[k] = best === null ? null : r.labels[best];
    });
    r.bestAccAt = r.bestIdAt.map((id, k) => (id === null ? null : r.acc[id][k]));
    r.bestCountAt = r.bestAccAt.map((a, k) => (a === null ? 0 : ids.filter((id) => r.acc[id][k] === a).length));
    r.bestTiedAt = r.bestCountAt.map((n) => n > 1);
    r.bestId = r.bestIdAt[r.last];
    r.best = r.bestAt[r.last];
    r.bestAcc = r.bestAccAt[r.last];
    // the run that fitted the training length worst (did every scheme learn the task?)
    const fitted = ids.filter((id) => r.acc[id][0] !== null);
    r.worstTrainId = fitted.reduce((w, id) => (w === null || r.acc[id][0] < r.acc[w][0] ? id : w), null);
    r.worstTrain = r.worstTrainId === null ? null : r.labels[r.worstTrainId];
    r.minTrainAcc = r.worstTrainId === null ? null : r.acc[r.worstTrainId][0];
    for (const [name, f] of Object.entries(spec.facts ?? {})) r.facts[name] = evalFact(f, r);
  } else {
    for (const name of Object.keys(spec.facts ?? {})) r.facts[name] = null;
  }
  return r;
}

// One experiment of a lesson: its runs on the pool, their states, listeners.
export class Experiment {
  // resolve: "@x" arguments → the lesson's current values (for the lengths before any run).
  constructor(name, spec, { pool, label, resolve = null }) {
    this.name = name;
    this.resolve = resolve;
    this.spec = spec;
    this.pool = pool;
    this.label = label;
    runSpecs(spec);  // refuses a malformed spec at load
    this.jobs = [];
    this.states = {};
    this.runs = [];
    this.listeners = new Set();
  }

  // cb(kind, detail): kind 'status' (results changed: a run started, finished, failed) or
  // 'progress' (a curve grew: detail = { runId, event }) or 'attention'.
  subscribe(cb) { this.listeners.add(cb); return () => this.listeners.delete(cb); }
  #tell(kind, detail) { for (const cb of this.listeners) cb(kind, detail); }

  // Before a run the lengths it would measure are known already (from the current values).
  results() {
    let jobs = this.jobs;
    if (!jobs.length && this.resolve) { try { jobs = buildJobs(this.spec, this.resolve); } catch { jobs = []; } }
    return summarise(this.spec, jobs, this.states, this.label);
  }

  // Whether every job of these values has a session-cached result (then run() only replays).
  cached(resolve) {
    try { return buildJobs(this.spec, resolve).every((j) => this.pool.cache.get(jobKey(j)) !== undefined); } catch { return false; }
  }

  // Starts every run with the current values; cancels what runs now.
  run(resolve) {
    this.cancel({ quiet: true });
    try {
      this.jobs = buildJobs(this.spec, resolve).map((j) => { checkJob(j); return j; });
    } catch (err) {
      // values the runs cannot be built from: every run fails with the reason, before any work
      this.jobs = (() => { try { return buildJobs(this.spec, resolve); } catch { return []; } })();
      this.states = Object.fromEntries(this.jobs.map((j) => [j.runId, { status: 'error', message: String(err?.message ?? err), losses: [] }]));
      this.runs = [];
      this.#tell('status');
      return;
    }
    this.states = Object.fromEntries(this.jobs.map((j) => [j.runId, { status: 'queued', losses: [], step: 0 }]));
    this.started = performance.now();
    this.runs = this.jobs.map((job) => {
      const st = this.states[job.runId];
      const run = this.pool.submit(job, {
        onStart: () => { st.status = 'running'; this.#tell('progress', { runId: job.runId }); },
        onProgress: (ev) => {
          st.losses = ev.losses;
          st.step = ev.step;
          st.steps = ev.steps;
          st.tokensPerSecond = ev.tokensPerSecond;
          st.firstAt ??= performance.now() - this.started;
          this.#tell('progress', { runId: job.runId, event: ev });
        },
        onAttention: (ev) => { st.attention = ev; this.#tell('attention', { runId: job.runId }); },
        onCheckpoint: (ev) => { st.checkpoint = ev; this.#tell('checkpoint', { runId: job.runId }); },
      });
      run.done.then((out) => {
        st.status = out.status;
        st.result = out.result;
        st.message = out.message;
        if (out.result) st.losses = Array.from(out.result.losses ?? st.losses);
        if (out.result?.attention) st.attention = out.result.attention;
        if (this.jobs.every((j) => ['done', 'error', 'cancelled'].includes(this.states[j.runId].status))) this.elapsed = performance.now() - this.started;
        this.#tell('status');
      });
      return run;
    });
    this.#tell('status');
  }

  pause() { this.paused = true; for (const r of this.runs) r.pause(); this.#tell('paused'); }
  resume() { this.paused = false; for (const r of this.runs) r.resume(); this.#tell('paused'); }

  cancel({ quiet = false } = {}) {
    this.paused = false;
    for (const r of this.runs) r.cancel();
    if (!quiet) this.#tell('status');
  }

  // The values changed: results of other values no longer apply.
  reset() {
    this.cancel({ quiet: true });
    this.jobs = [];
    this.states = {};
    this.runs = [];
    this.#tell('status');
  }
}

