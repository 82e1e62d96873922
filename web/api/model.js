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
// The model is the core's Embind class Model (cpp/wasm/bindings.cpp, the "training" group); its
// methods are rows of the binding table (core.describe(), of: 'Model'), and each is wrapped here
// from its row the way posenc.js wraps the free functions: a call with too many arguments is
// refused, every argument is copied into plain values first (arguments.js: no getter or Proxy
// reaches the core, lengths checked before any copy), and the core checks the rest — types, unknown
// option keys (with the nearest known one), sizes, ids, ranges — with messages naming the value and
// the rule, before any work. taskBatch and tasks are free functions of the table (posenc.js).
// This file adds what a handle needs: a disposed model, or an object that is not a model made by
// createModel, is refused. No DOM: this runs in pages, workers and Node alike.
// Leaves out: the computations (all in the core), schedules, persistence.
import { copyArguments } from './arguments.js';

// createModel, given the Embind module `core`, its described rows, and `unwrap` (the core's
// returned Error objects → thrown ones).
export function createModelApi(core, described, unwrap) {
  const handles = new WeakMap();  // model object → its Embind handle, or null once disposed

  function live(model) {
    if (!handles.has(model)) throw new Error('this is not a model made by pe.createModel');
    const handle = handles.get(model);
    if (!handle) throw new Error('this model was disposed; each call needs a live model, so create a new one with pe.createModel');
    return handle;
  }

  class Model {
    // Frees the model's WebAssembly memory; every later call but dispose throws (a second dispose
    // is harmless; an object that is not a model is refused).
    dispose() {
      if (!handles.has(this)) throw new Error('this is not a model made by pe.createModel');
      handles.get(this)?.delete();
      handles.set(this, null);
    }

    get disposed() {
      return !handles.get(this);
    }
  }

  const methods = described.filter((r) => r.of === 'Model' && r.name !== 'init');
  for (const { name, args } of methods) {
    const method = function (...given) {
      const handle = live(this);
      return unwrap(handle[name](...copyArguments(name, args, given)));
    };
    Object.defineProperty(method, 'name', { value: name });
    Object.defineProperty(Model.prototype, name, { value: method, writable: true, configurable: true });
  }
  // info(): shapes keyed by parameter name.
  const rawInfo = Model.prototype.info;
  Model.prototype.info = function info(...given) {
    const out = rawInfo.apply(this, given);
    out.shapes = Object.fromEntries(out.names.map((n, i) => [n, out.shapes[i]]));
    return out;
  };

  const init = described.find((r) => r.of === 'Model' && r.name === 'init');
  function createModel(...given) {
    const [config] = copyArguments('createModel', init.args, given);
    const handle = new core.Model();
    const result = handle.init(config);
    if (result instanceof Error) {
      handle.delete();
      throw new Error(result.message);
    }
    const model = new Model();
    handles.set(model, handle);
    return Object.freeze(model);
  }

  return { createModel };
}
