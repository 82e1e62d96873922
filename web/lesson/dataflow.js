// dataflow.js: a lesson's computations as a small dataflow graph.
//
//   inputs  name → value the learner edits (matrix → { rows, cols, data }, vector → array, …)
//   compute name → { call: "<posenc API function>" | helper: "<helpers.js name>", args: [...] }
//   Arguments: JSON values; "@X", "@A.weights", "@X[2][0]" are references (path.js); "@@…" is a
//   literal string starting with "@". Nodes are evaluated in dependency order; a refused call
//   makes that node (and what depends on it) an Error value, never an exception.
// After setInput(name, v) only the nodes downstream of `name` are recomputed; the returned set
// names everything that changed, so the page redraws only the blocks that show those.
// Leaves out: asynchronous calls (attentionAsync): blocks needing them are widgets.
import { parseRef, follow } from './path.js';

export class DependencyError extends Error {
  constructor(cause) {
    super(cause?.message ?? 'a value this needs could not be computed');
    this.cause = cause;
  }
}

// Base names referenced anywhere inside an argument tree.
export function referencedNames(arg, out = new Set()) {
  if (typeof arg === 'string') {
    if (arg.startsWith('@') && !arg.startsWith('@@')) out.add(parseRef(arg.slice(1)).name);
  } else if (Array.isArray(arg)) {
    arg.forEach((a) => referencedNames(a, out));
  } else if (arg && typeof arg === 'object') {
    Object.values(arg).forEach((a) => referencedNames(a, out));
  }
  return out;
}

export class Dataflow {
  constructor({ api, helpers, inputs, compute }) {
    this.api = api;
    this.helpers = helpers;
    this.inputNames = new Set(Object.keys(inputs));
    this.compute = compute ?? {};
    this.values = new Map();
    this.deps = new Map();
    for (const [name, node] of Object.entries(this.compute)) {
      if (this.inputNames.has(name)) throw new Error(`"${name}" is both an input and a computation`);
      this.deps.set(name, referencedNames(node.args ?? []));
    }
    this.order = this.#sort();
    this.dependents = new Map();
    for (const name of [...this.inputNames, ...this.order]) this.dependents.set(name, this.#downstream(name));
  }

  #sort() {
    const order = [];
    const state = new Map();
    const visit = (name, trail) => {
      if (state.get(name) === 'done' || this.inputNames.has(name)) return;
      if (!(name in this.compute)) throw new Error(`"${name}" (used by ${trail.at(-1)}) is neither an input nor a computation`);
      if (state.get(name) === 'visiting') throw new Error(`computations refer to each other in a circle: ${[...trail, name].join(' → ')}`);
      state.set(name, 'visiting');
      for (const d of this.deps.get(name)) visit(d, [...trail, name]);
      state.set(name, 'done');
      order.push(name);
    };
    for (const name of Object.keys(this.compute)) visit(name, []);
    return order;
  }

  #downstream(name) {
    const out = new Set();
    let grew = true;
    while (grew) {
      grew = false;
      for (const n of this.order) {
        if (out.has(n)) continue;
        const d = this.deps.get(n);
        if (d.has(name) || [...d].some((x) => out.has(x))) { out.add(n); grew = true; }
      }
    }
    return out;
  }

  // The value of a reference such as "X", "X[2]" or "A.weights[0]" (without the "@").
  resolve(ref) {
    const { name, steps } = parseRef(ref);
    if (!this.values.has(name)) return undefined;
    return follow(this.values.get(name), steps);
  }

  resolveArgs(arg) {
    if (typeof arg === 'string') {
      if (arg.startsWith('@@')) return arg.slice(1);
      if (arg.startsWith('@')) {
        const v = this.resolve(arg.slice(1));
        if (v instanceof Error) throw new DependencyError(v);
        if (v === undefined) throw new Error(`${arg} has no value`);
        return v;
      }
      return arg;
    }
    if (Array.isArray(arg)) return arg.map((a) => this.resolveArgs(a));
    if (arg && typeof arg === 'object') {
      return Object.fromEntries(Object.entries(arg).map(([k, a]) => [k, this.resolveArgs(a)]));
    }
    return arg;
  }

  #evaluate(name) {
    const node = this.compute[name];
    let value;
    try {
      const args = this.resolveArgs(node.args ?? []);
      if (node.call !== undefined) {
        const fn = this.api[node.call];
        if (typeof fn !== 'function') throw new Error(`posenc has no function "${node.call}"`);
        value = fn(...args);
      } else if (node.helper !== undefined) {
        const fn = this.helpers[node.helper];
        if (typeof fn !== 'function') throw new Error(`there is no helper "${node.helper}"`);
        value = fn(...args);
      } else {
        throw new Error(`computation "${name}" needs "call" or "helper"`);
      }
    } catch (err) {
      value = err instanceof Error ? err : new Error(String(err));
    }
    this.values.set(name, value);
  }

  // Sets every input at once (first load, reset) and evaluates every node.
  setAll(inputValues) {
    for (const [name, v] of Object.entries(inputValues)) this.values.set(name, v);
    for (const name of this.order) this.#evaluate(name);
  }

  // One input changed: recompute only what depends on it. Returns the names that changed.
  setInput(name, value) {
    this.values.set(name, value);
    const changed = new Set([name]);
    const down = this.dependents.get(name) ?? new Set();
    for (const n of this.order) if (down.has(n)) { this.#evaluate(n); changed.add(n); }
    return changed;
  }

  get(name) { return this.values.get(name); }
}
