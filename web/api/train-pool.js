// train-pool.js: training runs spread over Web Workers (train-worker.js), one model per worker, as
// many workers as the machine has cores (navigator.hardwareConcurrency), the other runs queued in
// the order they were submitted.
//
//   const pool = new TrainPool();
//   const run = pool.submit({ config, task, train: { steps, batch, length, seed, lr },
//                             evalLengths, interpolate, attention, parameters, evalEvery },
//                           { onProgress, onCheckpoint, onAttention, onStart });
//   const { status, result, message } = await run.done;   // status 'done' | 'cancelled' | 'error'
//   for await (const event of run) …                        // the same events, then the end
//   run.pause(); run.resume(); run.cancel(); pool.cancelAll(); pool.dispose();
//
// Every run is seeded (config.seed: the initial weights; train.seed: the batches), so the same job
// gives the same numbers. A finished run is kept for the session, keyed by its job (jobKey): in
// memory and in sessionStorage, so submitting it again (a step revisited, a page reloaded) replays
// its curve and result without training. Jobs are checked (checkJob) before anything starts.
// Pure parts (jobKey, checkJob, sessionCache) need no DOM and are tested in node:test.
// Leaves out: sharing one run's weights between jobs, priorities, persistence beyond the session.

const STORAGE_PREFIX = 'posenc:train:';

// The same string for the same job whatever the order of its keys (the job's id is not part of it).
export function jobKey(job) {
  const canon = (v) => {
    if (Array.isArray(v) || ArrayBuffer.isView(v)) return Array.from(v, canon);
    if (v && typeof v === 'object') return Object.fromEntries(Object.keys(v).sort().filter((k) => v[k] !== undefined).map((k) => [k, canon(v[k])]));
    return v;
  };
  const { id, ...rest } = job ?? {};
  return JSON.stringify(canon(rest));
}

const isCount = (x, lo, hi) => Number.isInteger(x) && x >= lo && x <= hi;

// Throws an Error naming the value and the rule; returns the job with defaults filled in.
export function checkJob(job) {
  if (!job || typeof job !== 'object') throw new Error(`a training job must be an object, not ${String(job)}`);
  if (typeof job.task !== 'string' || !job.task) throw new Error(`job.task ${JSON.stringify(job.task)} must name a task, e.g. 'copy'`);
  if (!job.config || typeof job.config !== 'object') throw new Error('job.config must be a model config { vocab, width, heads, layers, position, … }');
  const t = job.train;
  if (!t || typeof t !== 'object') throw new Error('job.train must be { steps, batch, length, seed, lr }');
  if (!isCount(t.steps, 1, 1e6)) throw new Error(`train.steps ${t.steps} must be a whole number from 1 to 1000000`);
  if (!isCount(t.batch, 1, 4096)) throw new Error(`train.batch ${t.batch} must be a whole number from 1 to 4096`);
  if (!isCount(t.length, 1, 65536)) throw new Error(`train.length ${t.length} must be a whole number from 1 to 65536`);
  if (!(typeof t.lr === 'number' && Number.isFinite(t.lr) && t.lr > 0)) throw new Error(`train.lr ${t.lr} must be a finite number above 0`);
  if (t.seed !== undefined && !isCount(t.seed, 0, Number.MAX_SAFE_INTEGER)) throw new Error(`train.seed ${t.seed} must be a whole number from 0`);
  const lengths = job.evalLengths ?? [];
  if (!Array.isArray(lengths) || lengths.length > 64 || !lengths.every((L) => isCount(L, 1, 65536))) {
    throw new Error(`evalLengths ${JSON.stringify(lengths)} must be a list of at most 64 whole numbers from 1 to 65536`);
  }
  if (job.interpolate && job.config.position !== 'rope') throw new Error(`interpolate needs position 'rope', not '${job.config.position}'`);
  return { ...job, evalLengths: lengths };
}

// In-memory map backed by sessionStorage (when there is one); values are JSON-safe results.
export function sessionCache(storage = globalThis.sessionStorage) {
  const mem = new Map();
  const toJson = (v) => JSON.stringify(v, (k, x) => (ArrayBuffer.isView(x) ? Array.from(x) : x));
  return {
    get(key) {
      if (mem.has(key)) return mem.get(key);
      try {
        const s = storage?.getItem(STORAGE_PREFIX + key);
        if (s) { const v = JSON.parse(s); mem.set(key, v); return v; }
      } catch { /* storage unavailable */ }
      return undefined;
    },
    set(key, value) {
      const plain = JSON.parse(toJson(value));
      mem.set(key, plain);
      try { storage?.setItem(STORAGE_PREFIX + key, JSON.stringify(plain)); } catch { /* full or unavailable: memory only */ }
    },
    clear() {
      mem.clear();
      try {
        for (let i = (storage?.length ?? 0) - 1; i >= 0; i--) {
          const k = storage.key(i);
          if (k?.startsWith(STORAGE_PREFIX)) storage.removeItem(k);
        }
      } catch { /* nothing to clear */ }
    },
  };
}

let shared = null;
// One pool per page (lessons and the playground share the cores).
export function sharedPool() {
  shared ??= new TrainPool();
  return shared;
}

let serial = 0;

export class TrainPool {
  constructor({ size, workerUrl = new URL('./train-worker.js', import.meta.url), cache = sessionCache() } = {}) {
    this.size = Math.max(1, size ?? globalThis.navigator?.hardwareConcurrency ?? 2);
    this.workerUrl = workerUrl;
    this.cache = cache;
    this.idle = [];
    this.workers = 0;
    this.queue = [];
    this.running = new Set();
  }

  submit(jobIn, handlers = {}) {
    const job = { ...checkJob(jobIn), id: `run-${++serial}` };
    const key = jobKey(job);
    const run = new Run(this, job, key, handlers);
    const cached = this.cache.get(key);
    if (cached) {
      queueMicrotask(() => run.replay(cached));
    } else {
      this.queue.push(run);
      this.#pump();
    }
    return run;
  }

  cancelAll() { for (const r of [...this.queue, ...this.running]) r.cancel(); }

  dispose() {
    this.cancelAll();
    for (const w of this.idle) w.terminate();
    this.idle = [];
  }

  #pump() {
    while (this.queue.length) {
      let worker = this.idle.pop();
      if (!worker && this.workers < this.size) {
        worker = new Worker(this.workerUrl, { type: 'module' });
        this.workers += 1;
      }
      if (!worker) return;
      const run = this.queue.shift();
      this.running.add(run);
      run.attach(worker);
    }
  }

  // A run gave its worker back (finished, cancelled or failed).
  release(run, worker, { broken = false } = {}) {
    this.running.delete(run);
    if (broken) { worker.terminate(); this.workers -= 1; } else this.idle.push(worker);
    this.#pump();
  }

  dequeue(run) {
    const i = this.queue.indexOf(run);
    if (i >= 0) this.queue.splice(i, 1);
    return i >= 0;
  }
}

class Run {
  constructor(pool, job, key, handlers) {
    this.pool = pool;
    this.job = job;
    this.id = job.id;
    this.key = key;
    this.handlers = handlers;
    this.status = 'queued';
    this.losses = [];
    this.events = [];
    this.waiters = [];
    this.done = new Promise((resolve) => { this.finish = resolve; });
  }

  #emit(event) {
    const h = { progress: 'onProgress', checkpoint: 'onCheckpoint', attention: 'onAttention', start: 'onStart' }[event.type];
    if (h) this.handlers[h]?.(event, this);
    const w = this.waiters.shift();
    if (w) w({ value: event, done: false }); else this.events.push(event);
  }

  #end(outcome) {
    if (this.outcome) return;
    this.outcome = outcome;
    this.status = outcome.status;
    this.finish(outcome);
    for (const w of this.waiters.splice(0)) w({ value: undefined, done: true });
  }

  attach(worker) {
    this.worker = worker;
    this.status = 'running';
    this.#emit({ type: 'start', id: this.id });
    worker.onmessage = (e) => {
      const m = e.data;
      if (m.type === 'ready' || (m.id !== this.id && m.id !== null)) return;
      if (m.type === 'progress') {
        this.losses.push(...m.losses);
        this.#emit({ ...m, losses: this.losses });
      } else if (m.type === 'checkpoint' || m.type === 'attention') {
        this.#emit(m);
      } else if (m.type === 'done') {
        this.pool.cache.set(this.key, m.result);
        this.pool.release(this, worker);
        this.#end({ status: 'done', result: m.result });
      } else if (m.type === 'cancelled') {
        this.pool.release(this, worker);
        this.#end({ status: 'cancelled' });
      } else if (m.type === 'error') {
        this.pool.release(this, worker, { broken: m.id === null });
        this.#end({ status: 'error', message: m.message });
      }
    };
    worker.onerror = (e) => {
      e.preventDefault?.();
      this.pool.release(this, worker, { broken: true });
      this.#end({ status: 'error', message: e.message || 'the training worker failed to start' });
    };
    worker.postMessage({ type: 'start', job: this.job });
  }

  // A finished run from the session cache: its curve in one progress event, then its result.
  replay(result) {
    this.cached = true;
    this.status = 'running';
    this.#emit({ type: 'start', id: this.id, cached: true });
    this.losses = Array.from(result.losses ?? []);
    const steps = this.job.train.steps;
    this.#emit({ type: 'progress', id: this.id, step: steps, steps, loss: this.losses.at(-1), losses: this.losses, tokensPerSecond: result.tokensPerSecond, cached: true });
    this.#end({ status: 'done', result, cached: true });
  }

  pause() { if (this.status === 'running') this.worker?.postMessage({ type: 'pause' }); this.paused = true; }
  resume() { if (this.status === 'running') this.worker?.postMessage({ type: 'resume' }); this.paused = false; }

  cancel() {
    if (this.outcome) return;
    if (this.pool.dequeue(this)) this.#end({ status: 'cancelled' });
    else this.worker?.postMessage({ type: 'cancel' });
  }

  [Symbol.asyncIterator]() {
    return {
      next: () => {
        if (this.events.length) return Promise.resolve({ value: this.events.shift(), done: false });
        if (this.outcome) return Promise.resolve({ value: undefined, done: true });
        return new Promise((r) => this.waiters.push(r));
      },
      return: () => { this.cancel(); return Promise.resolve({ value: undefined, done: true }); },
    };
  }
}
