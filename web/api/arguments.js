// arguments.js: every argument of the JS API copied into plain values before the core sees it,
// and the messages that name a JS value by its type.
//
//   copyArgument(value, name) → a plain copy: numbers, strings, booleans as they are; arrays and
//   typed arrays copied after their length is checked; objects copied key by key (own enumerable
//   keys, plus rows, cols, heads and data where present, so class instances with getters work).
//   copyArguments(name, args, given) → the copies of a call's arguments by their names (a binding
//   table row's args), a call with more arguments than the row names refused.
//
// Why: the core (cpp/wasm/convert.hpp) reads JS values through Embind, where a throwing getter or
// a Proxy trap would unwind wasm frames without running C++ destructors. Copying first turns such
// a value into a message ("q could not be read: <the getter's message>") before any work, and
// checks every length before any value is copied: a matrix whose data.length is not rows × cols
// reaches the core as { length } only, so it is refused without copying (no heap growth), and a
// list longer than kMaxValues, or whose length is not a whole number, is refused here.
// The rules (sizes, shapes, finiteness, known option keys) stay the core's; this file checks
// types and lengths only.
// Leaves out: anything asynchronous; values nested deeper than an options object holding a matrix.

// Largest list or matrix data accepted (2²⁶ floats = the core's 256 MiB result limit, error.hpp).
export const kMaxValues = 2 ** 26;
const kMaxDepth = 4;

// "'4' is a string", "null", "an object": a value as a message shows it.
export function describeValue(v) {
  if (v === null) return 'is null';
  if (v === undefined) return 'is missing';
  switch (typeof v) {
    case 'string': return `'${v.length > 24 ? `${v.slice(0, 21)}…` : v}' is a string`;
    case 'number': return `${v} is a number`;
    case 'boolean': return `${v} is a boolean`;
    case 'bigint': return `${v}n is a BigInt`;
    case 'symbol': return 'is a symbol';
    case 'function': return 'is a function';
    default: return Array.isArray(v) ? 'is an array' : 'is an object';
  }
}

// A refusal made here (as opposed to an exception thrown by a getter or a Proxy trap).
class ArgumentError extends Error {}

export function readError(name, e) {
  return new Error(`${name} could not be read: ${e instanceof Error ? e.message : String(e)}`);
}

function checkedLength(n, name) {
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > kMaxValues)
    throw new ArgumentError(`${name} has length ${typeof n === 'number' ? n : describeValue(n)}; a length must be a whole number from 0 to ${kMaxValues}`);
  return n;
}

const typedSlice = Object.getPrototypeOf(Int8Array.prototype).slice;

function copy(v, name, depth) {
  if (v === null || (typeof v !== 'object')) return v;  // primitives and functions: the core names them
  if (depth > kMaxDepth) throw new ArgumentError(`${name} is nested too deeply`);
  if (ArrayBuffer.isView(v)) {
    if (v instanceof DataView) return {};
    checkedLength(v.length, name);
    return typedSlice.call(v);  // the internal length: a subclass's getters are not consulted
  }
  if (Array.isArray(v)) {
    const n = checkedLength(v.length, name);
    const out = new Array(n);
    for (let i = 0; i < n; i++) out[i] = copy(v[i], `${name}[${i}]`, depth + 1);
    return out;
  }
  const keys = new Set(Object.keys(v));
  for (const k of ['rows', 'cols', 'heads', 'data']) if (k in v) keys.add(k);
  const out = {};
  for (const k of keys) {
    if (k === 'data') continue;
    out[k] = copy(v[k], `${name}.${k}`, depth + 1);
  }
  if (keys.has('data')) out.data = copyData(v.data, out, name, depth);
  return out;
}

// A matrix's or tensor's data, copied only when its length is what the shape needs; otherwise
// the core gets { length } and refuses with "q has 5 values but 2×3 needs 6" without a copy.
function copyData(data, shape, name, depth) {
  const { rows, cols } = shape;
  const heads = shape.heads ?? 1;
  const sized = [rows, cols, heads].every((n) => Number.isInteger(n) && n > 0);
  if (data !== null && typeof data === 'object' && sized) {
    const length = data.length;
    if (length !== rows * cols * heads) return { length };
  }
  return copy(data, `${name}.data`, depth + 1);
}

// A plain copy of `value` (see the header). Throws an Error naming `name` if it cannot be read.
export function copyArgument(value, name) {
  try {
    return copy(value, name, 0);
  } catch (e) {
    if (e instanceof ArgumentError) throw new Error(e.message);
    throw readError(name, e);
  }
}

// The arguments of a call to the described function `name` (its row's `args`), copied; extra
// arguments refused. Used by posenc.js (free functions) and model.js (the model's methods).
export function copyArguments(name, args, given) {
  if (given.length > args.length)
    throw new Error(`${name} takes at most ${args.length} argument${args.length === 1 ? '' : 's'} (${args.join(', ')}), not ${given.length}`);
  return args.map((arg, i) => copyArgument(given[i], arg));
}
