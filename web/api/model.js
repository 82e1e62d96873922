// model.js: the training engine's JS API — small transformers trained by the C++ core in
// WebAssembly (cpp/transformer.hpp, training.hpp, adamw.hpp, tasks.hpp, evaluate.hpp).
//
//   const model = pe.createModel({ vocab: 16, width: 32, heads: 2, layers: 2, maxLength: 64,
//                                  position: 'rope', causal: true, seed: 0 });
//   const { tokens, targets } = pe.taskBatch('copy', { batch: 16, length: 16, vocab: 16, seed: 1 });
//   const loss = model.trainStep(tokens, targets, { batch: 16, length: 16, lr: 3e-3 });
//   model.evaluate('copy', { lengths: [16, 32, 64], batches: 4, seed: 99 });
//   model.dispose();
//
// Every argument is checked here — types, unknown option keys (listing the known ones), array
// lengths against batch·length, token and target ids — with a message naming the value and the
// rule, before anything is copied into WebAssembly memory; the core then checks the values again
// (sizes, shapes, option ranges) with its own messages. A disposed model, or an object that is not
// a model made by createModel, is refused. No DOM: this runs in pages, workers and Node alike.
// Leaves out: the computations (all in the core), schedules, persistence.

const MODEL_KEYS = ['vocab', 'width', 'heads', 'layers', 'mlpWidth', 'maxLength', 'position', 'causal', 'rope', 't5',
  'shaw', 'seed'];
const SUB_KEYS = { rope: ['base', 'layout', 'scale'], t5: ['numBuckets', 'maxDistance'], shaw: ['maxDistance'] };
const ADAMW_KEYS = ['lr', 'beta1', 'beta2', 'eps', 'weightDecay', 'clip'];
const SHAPE_KEYS = ['batch', 'length'];
const STEP_KEYS = [...SHAPE_KEYS, ...ADAMW_KEYS];
const STEPS_KEYS = ['steps', 'batch', 'length', 'seed', ...ADAMW_KEYS];
const EVAL_KEYS = ['lengths', 'batches', 'batch', 'seed'];
const TASK_KEYS = ['batch', 'length', 'vocab', 'seed', 'index'];

// How a value reads in a message: 2.5, 'abc', an array, an object, undefined.
function show(value) {
  if (typeof value === 'string') return `'${value}'`;
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  if (typeof value === 'object') return `a ${value.constructor?.name ?? 'object'}`;
  if (typeof value === 'bigint') return `${value}n`;
  return String(value);
}

// An options object (or undefined → {}), with no key outside `known`.
function options(opts, known, what) {
  if (opts === undefined) return {};
  if (opts === null || typeof opts !== 'object' || Array.isArray(opts))
    throw new Error(`${what} must be an object of options (${known.join(', ')}), not ${show(opts)}`);
  for (const key of Object.keys(opts))
    if (!known.includes(key)) throw new Error(`${what} has an unknown option '${key}'; known: ${known.join(', ')}`);
  return opts;
}

function requireNumber(value, name) {
  if (typeof value !== 'number') throw new Error(`${name} ${show(value)} must be a number`);
  return value;
}

function requireSize(value, name) {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1)
    throw new Error(`${name} ${show(value)} must be an integer ≥ 1`);
  return value;
}

function optionalNumbers(opts, keys, what) {
  for (const key of keys) if (opts[key] !== undefined) requireNumber(opts[key], `${what}${key}`);
}

function requireTaskName(task, names) {
  if (typeof task !== 'string' || !names.includes(task))
    throw new Error(`task ${show(task)} must be one of ${names.map((n) => `'${n}'`).join(', ')}`);
  return task;
}

// tokens or targets: an array or Int32Array of `count` integer ids in [lowest, V).
function requireIds(list, name, count, lowest, V, rule) {
  if (!(Array.isArray(list) || list instanceof Int32Array))
    throw new Error(`${name} must be an array or Int32Array of ids, not ${show(list)}`);
  if (list.length !== count)
    throw new Error(`${name} has ${list.length} ids but ${rule} needs ${count}`);
  for (let i = 0; i < list.length; i++) {
    const x = list[i];
    if (typeof x !== 'number' || !Number.isInteger(x) || x < lowest || x >= V)
      throw new Error(`${name}[${i}] is ${show(x)}; every id must be an integer from ${lowest} to ${V - 1}`);
  }
  return list;
}

function checkMatrix(m, name, rows, cols) {
  if (m === null || typeof m !== 'object' || Array.isArray(m))
    throw new Error(`${name} must be a matrix { rows, cols, data }, not ${show(m)}`);
  if (m.rows !== rows || m.cols !== cols)
    throw new Error(`${name} is ${show(m.rows)}×${show(m.cols)} but must be ${rows}×${cols}`);
  if (!(Array.isArray(m.data) || ArrayBuffer.isView(m.data)) || m.data.length !== rows * cols)
    throw new Error(`${name}.data must hold ${rows * cols} numbers (${rows}×${cols}), not ${show(m.data?.length ?? m.data)}`);
}

// The API functions added to pe: createModel, taskBatch, tasks. `core` is the Embind module,
// `unwrap` turns the core's returned Error objects into thrown ones.
export function createModelApi(core, unwrap) {
  const states = new WeakMap();  // model object → { handle, info }
  let taskInfo = null;
  const tasks = () => (taskInfo ??= unwrap(core.taskList()).map((t) => Object.freeze({ ...t, example: Object.freeze(t.example) })));
  const taskNames = () => tasks().map((t) => t.name);

  function live(model) {
    const state = states.get(model);
    if (!state) throw new Error('this is not a model made by pe.createModel');
    if (!state.handle) throw new Error('this model was disposed; create a new one with pe.createModel');
    return state;
  }

  function shapeOf(opts, what) {
    const o = options(opts, SHAPE_KEYS, what);
    return { batch: requireSize(o.batch, 'batch'), length: requireSize(o.length, 'length') };
  }

  function adamw(o) {
    optionalNumbers(o, ADAMW_KEYS, '');
    if (o.lr === undefined) throw new Error('lr is missing: the learning rate, e.g. 0.003');
    const out = {};
    for (const key of ADAMW_KEYS) if (o[key] !== undefined) out[key] = o[key];
    return out;
  }

  class Model {
    // { vocab, width, …, position, causal, seed, names, shapes, parameterCount, steps }
    info() {
      const info = unwrap(live(this).handle.info());
      info.shapes = Object.fromEntries(info.names.map((n, i) => [n, info.shapes[i]]));
      return info;
    }

    // { name: { rows, cols, data } } copies, in the core's order.
    parameters() {
      return unwrap(live(this).handle.parameters());
    }

    // Any subset of the parameters; unknown names and wrong shapes are refused before any changes.
    setParameters(values) {
      const state = live(this);
      if (values === null || typeof values !== 'object' || Array.isArray(values))
        throw new Error(`setParameters needs an object { name: matrix }, not ${show(values)}`);
      for (const [name, m] of Object.entries(values)) {
        const shape = state.shapes[name];
        if (!shape) throw new Error(`unknown parameter '${name}'; known: ${state.info.names.join(', ')}`);
        checkMatrix(m, name, shape[0], shape[1]);
      }
      unwrap(state.handle.setParameters(values));
    }

    // { logits: (batch·length) × V }
    forward(tokens, opts) {
      const state = live(this);
      const { batch, length } = shapeOf(opts, 'forward');
      requireIds(tokens, 'tokens', batch * length, 0, state.info.vocab, `batch ${batch} × length ${length}`);
      return unwrap(state.handle.forward(tokens, batch, length));
    }

    // One { heads, rows, cols, data } (H × L × L) per layer, for one sequence.
    attentionWeights(tokens, opts) {
      const state = live(this);
      const o = options(opts, ['length'], 'attentionWeights');
      const length = requireSize(o.length, 'length');
      requireIds(tokens, 'tokens', length, 0, state.info.vocab, `length ${length}`);
      return unwrap(state.handle.attentionWeights(tokens, length));
    }

    // { loss, gradients: { name: matrix } }
    lossAndGradients(tokens, targets, opts) {
      const state = live(this);
      const { batch, length } = shapeOf(opts, 'lossAndGradients');
      const rule = `batch ${batch} × length ${length}`;
      requireIds(tokens, 'tokens', batch * length, 0, state.info.vocab, rule);
      requireIds(targets, 'targets', batch * length, -1, state.info.vocab, rule);
      return unwrap(state.handle.lossAndGradients(tokens, targets, batch, length));
    }

    // One AdamW step; returns the loss before it.
    trainStep(tokens, targets, opts) {
      const state = live(this);
      const o = options(opts, STEP_KEYS, 'trainStep');
      const batch = requireSize(o.batch, 'batch'), length = requireSize(o.length, 'length');
      const a = adamw(o);
      const rule = `batch ${batch} × length ${length}`;
      requireIds(tokens, 'tokens', batch * length, 0, state.info.vocab, rule);
      requireIds(targets, 'targets', batch * length, -1, state.info.vocab, rule);
      return unwrap(state.handle.trainStep(tokens, targets, batch, length, a));
    }

    // `steps` AdamW steps on batches the core draws: step t uses taskBatch(task, { …, seed, index: t })
    // with t the model's step count. Returns a Float32Array of the losses (each before its step).
    trainSteps(task, opts) {
      const state = live(this);
      requireTaskName(task, taskNames());
      const o = options(opts, STEPS_KEYS, 'trainSteps');
      const args = { steps: requireSize(o.steps, 'steps'), batch: requireSize(o.batch, 'batch'),
        length: requireSize(o.length, 'length'), ...adamw(o) };
      if (o.seed !== undefined) args.seed = requireNumber(o.seed, 'seed');
      return unwrap(state.handle.trainSteps(task, args));
    }

    // [{ length, loss, accuracy, scored }] per length: batch k of a length is
    // taskBatch(task, { batch, length, vocab, seed, index: k }).
    evaluate(task, opts) {
      const state = live(this);
      requireTaskName(task, taskNames());
      const o = options(opts, EVAL_KEYS, 'evaluate');
      if (!Array.isArray(o.lengths) || o.lengths.length === 0)
        throw new Error(`lengths ${show(o.lengths)} must be a non-empty array of lengths, e.g. [16, 32, 64]`);
      o.lengths.forEach((L, i) => requireSize(L, `lengths[${i}]`));
      const args = { lengths: o.lengths };
      if (o.batches !== undefined) args.batches = requireSize(o.batches, 'batches');
      if (o.batch !== undefined) args.batch = requireSize(o.batch, 'batch');
      if (o.seed !== undefined) args.seed = requireNumber(o.seed, 'seed');
      return unwrap(state.handle.evaluate(task, args));
    }

    // Frees the model's WebAssembly memory; every later call but dispose throws.
    dispose() {
      const state = states.get(this);
      if (!state) throw new Error('this is not a model made by pe.createModel');
      if (state.handle) state.handle.delete();
      state.handle = null;
    }

    get disposed() {
      const state = states.get(this);
      return !state || state.handle === null;
    }
  }

  function createModel(config) {
    const c = options(config, MODEL_KEYS, 'createModel');
    for (const key of ['vocab', 'width', 'heads', 'layers']) if (c[key] === undefined) throw new Error(`createModel needs ${key}`);
    optionalNumbers(c, ['vocab', 'width', 'heads', 'layers', 'mlpWidth', 'maxLength', 'seed'], '');
    if (c.position !== undefined && typeof c.position !== 'string')
      throw new Error(`position ${show(c.position)} must be a string: 'none', 'learned', 'sinusoidal', 'rope', 'alibi', 't5' or 'shaw'`);
    if (c.causal !== undefined && typeof c.causal !== 'boolean') throw new Error(`causal ${show(c.causal)} must be true or false`);
    for (const [key, known] of Object.entries(SUB_KEYS)) {
      if (c[key] === undefined) continue;
      const sub = options(c[key], known, key);
      for (const k of known) {
        if (sub[k] === undefined) continue;
        if (key === 'rope' && k === 'layout') {
          if (typeof sub[k] !== 'string') throw new Error(`rope.layout ${show(sub[k])} must be a string`);
        } else requireNumber(sub[k], `${key}.${k}`);
      }
    }
    const handle = new core.Model();
    const result = handle.init(c);
    if (result instanceof Error) {
      handle.delete();
      throw new Error(result.message);
    }
    const model = new Model();
    const info = unwrap(handle.info());
    const shapes = Object.fromEntries(info.names.map((n, i) => [n, info.shapes[i]]));
    states.set(model, { handle, info, shapes });
    return Object.freeze(model);
  }

  // { batch, length, tokens: Int32Array, targets: Int32Array }
  function taskBatch(task, opts) {
    requireTaskName(task, taskNames());
    const o = options(opts, TASK_KEYS, 'taskBatch');
    const args = { batch: requireSize(o.batch, 'batch'), length: requireSize(o.length, 'length'),
      vocab: requireSize(o.vocab, 'vocab') };
    if (o.seed !== undefined) args.seed = requireNumber(o.seed, 'seed');
    if (o.index !== undefined) args.index = requireNumber(o.index, 'index');
    return unwrap(core.taskBatch(task, args));
  }

  return { createModel, taskBatch, tasks };
}
