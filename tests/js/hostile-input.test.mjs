// hostile-input.test.mjs: every export of the JS API (web/api/posenc.js) driven with each class of
// bad argument — wrong type, lying length, non-finite, fractional, negative, huge, unknown option
// key, throwing getter, Proxy — at each argument position. Every call must refuse with a message
// that names the value and the rule, within a second, without growing the WASM heap; and the
// module must answer a good call afterwards. A new export without a row here fails the first test.
import test from 'node:test';
import assert from 'node:assert/strict';
import { loadPosenc } from '../../web/api/posenc.js';

const pe = await loadPosenc();

// A good argument of each kind (the bad ones are derived from the kind).
const M = pe.matrix([[0.1, 0.2, 0.3, 0.4], [0.5, 0.6, 0.7, 0.8], [0.9, 1.0, 1.1, 1.2]]);  // 3×4
const Shaw = pe.matrix([[0.1, 0.2], [0.3, 0.4], [0.5, 0.6]]);                                // 3×2: k = 1, Dh = 2
const T5 = pe.randomMatrix(32, 2, { seed: 1 });
const Square = pe.cosineSimilarity(M);                                                      // 3×3
// The training engine: a tiny model, a batch of its task, and the options of each call.
const Config = { vocab: 8, width: 8, heads: 2, layers: 1, mlpWidth: 16, maxLength: 8, position: 'learned', seed: 1 };
const Batch = pe.taskBatch('copy', { batch: 2, length: 8, vocab: 8, seed: 3 });
const Shape = { batch: 2, length: 8 };

// Each row: the export's arguments as [kind, good value]. Kinds:
//   matrix, size (whole number ≥ 1), count (whole number ≥ 0), number (any finite number),
//   numbers (a list), ids (a list of whole numbers), options (an options object), layout,
//   rows (matrix()'s array of rows), slopes (a head count or a list of slopes), task (a task's
//   name), config (createModel's), targets (ids or −1), parameters ({ name: matrix } of a model).
const rows = {
  matrix: [['rows', [[1, 2], [3, 4]]]],
  toRows: [['matrix', M]],
  embeddingLookup: [['matrix', M], ['ids', [0, 2]]],
  addEmbeddings: [['matrix', M], ['matrix', M]],
  sinusoidal: [['size', 4], ['size', 4], ['options', { layout: 'halves' }]],
  sinusoidalAt: [['numbers', [0, 1.5]], ['size', 4], ['options', {}]],
  expLogSinusoidal: [['size', 4], ['size', 4], ['options', { base: 100 }]],
  learnedPositions: [['matrix', M], ['ids', [2, 0]]],
  rope: [['matrix', M], ['options', { heads: 2 }]],
  ropeFrequencies: [['size', 8], ['options', { scale: 2 }]],
  applyLinear: [['matrix', pe.matrix([[1, 0, 0, 0], [0, 1, 0, 0]])], ['matrix', M]],
  pair: [['matrix', M], ['count', 1], ['layout', 'halves']],
  regroup: [['matrix', M], ['layout', 'halves'], ['layout', 'interleaved']],
  attention: [['matrix', M], ['matrix', M], ['matrix', M], ['options', { heads: 2, causal: true }]],
  checkAttention: [['matrix', M], ['matrix', M], ['matrix', M], ['options', { heads: 2, alibi: true }]],
  attentionAsync: [['matrix', M], ['matrix', M], ['matrix', M], ['options', { heads: 2 }]],
  alibiSlopes: [['size', 4]],
  alibiBias: [['size', 3], ['size', 4], ['slopes', 2]],
  t5Bucket: [['number', -7], ['options', { numBuckets: 16 }]],
  t5Buckets: [['size', 3], ['size', 4], ['options', {}]],
  t5Bias: [['size', 3], ['size', 4], ['matrix', T5], ['options', {}]],
  relativeDistances: [['size', 3], ['size', 4], ['options', { maxDistance: 2 }]],
  shawBias: [['matrix', M], ['size', 3], ['matrix', Shaw], ['options', { heads: 2, maxDistance: 1 }]],
  relativeSinusoidal: [['size', 3], ['size', 4], ['options', {}]],
  shiftMatrix: [['size', 4], ['number', 2], ['options', {}]],
  wavelengths: [['size', 4], ['options', {}]],
  spreadColumns: [['size', 8]],
  positionSimilarity: [['size', 3], ['size', 4], ['options', {}]],
  cosineSimilarity: [['matrix', M]],
  meanByOffset: [['matrix', Square]],
  dotTerms: [['matrix', M], ['matrix', M]],
  readPositions: [['matrix', pe.sinusoidal(3, 4)], ['options', { candidates: 5 }]],
  readbackRate: [['size', 3], ['size', 4], ['options', { scale: 0.1 }]],
  readbackSweep: [['size', 3], ['numbers', [2, 4]], ['numbers', [0.1]], ['options', {}]],
  permuteRows: [['matrix', M], ['ids', [2, 0, 1]]],
  permutationExperiment: [['matrix', M], ['ids', [2, 0, 1]], ['options', { heads: 2 }]],
  difference: [['matrix', M], ['matrix', M]],
  maxAbsDifference: [['matrix', M], ['matrix', M]],
  randomMatrix: [['size', 3], ['size', 4], ['options', { seed: 2 }]],
  randomPermutation: [['size', 5], ['options', { seed: 2 }]],
  taskBatch: [['task', 'copy'], ['options', { batch: 2, length: 8, vocab: 8 }]],
  createModel: [['config', Config]],
};
// The model's methods (rows of the binding table with of: 'Model'), called on a live model.
const modelRows = {
  info: [],
  parameters: [],
  setParameters: [['parameters', null]],  // null: the model's own head, read when the test runs
  forward: [['ids', Batch.tokens], ['options', Shape]],
  attentionWeights: [['ids', Batch.tokens.subarray(0, 8)], ['options', { length: 8 }]],
  lossAndGradients: [['ids', Batch.tokens], ['targets', Batch.targets], ['options', Shape]],
  trainStep: [['ids', Batch.tokens], ['targets', Batch.targets], ['options', { ...Shape, lr: 1e-3 }]],
  trainSteps: [['task', 'copy'], ['options', { steps: 1, ...Shape, lr: 1e-3 }]],
  evaluate: [['task', 'copy'], ['options', { lengths: [8], batches: 1, batch: 2 }]],
};
// Exports that take no argument (introspection); each is called once with one, and must refuse
// nothing and change nothing.
const noArguments = new Set(['heapBytes', 'memoryStats', 'describe', 'backendInfo', 'tasks']);

// What every refusal must say: a rule (phrases the core and arguments.js use for rules).
const RULE = /must|needs|not known|over the limit|too large|could not be read|outside|at most|limit of|not an integer|not a permutation/;

const getterSaysNo = () => { throw new Error('the getter says no'); };
const throwingGetter = () => Object.defineProperty({}, 'rows', { get: getterSaysNo, enumerable: true });
const trapProxy = () => new Proxy({}, { get() { throw new Error('the trap says no'); }, ownKeys() { throw new Error('the trap says no'); } });
const revoked = () => { const p = Proxy.revocable({}, {}); p.revoke(); return p.proxy; };
const withGetter = (good, key) => Object.defineProperty({ ...good }, key, { get: getterSaysNo, enumerable: true });

// An array whose entry 0 is read through a throwing getter, and a Proxy of an array that throws.
const arrayWithGetter = (good) => Object.defineProperty([...good], 0, { get: getterSaysNo });
const arrayProxy = (good) => new Proxy([...good], { get(t, k) { if (k === '0') throw new Error('the trap says no'); return t[k]; } });

// The bad values of a kind: [class, value, words the message must contain]. `good`: the row's
// good value, so a bad list keeps its length and only one entry is wrong.
function badValues(kind, good) {
  const list = Array.isArray(good) || ArrayBuffer.isView(good);
  const common = [
    ['throwing getter', throwingGetter(), ['the getter says no']],
    ['Proxy', trapProxy(), ['the trap says no']],
    ['revoked Proxy', revoked(), ['revoked']],
    ...(list ? [['throwing getter', arrayWithGetter(good), ['the getter says no']], ['Proxy', arrayProxy(good), ['the trap says no']]] : []),
  ];
  const entry = (x) => (list ? [x, ...Array.from(good).slice(1)] : [x]);
  const lying = (n) => ({ rows: 1, cols: 1, data: { length: n } });
  switch (kind) {
    case 'size': return [
      ['wrong type', '4', ["'4'", 'string']], ['non-finite', NaN, ['NaN']], ['non-finite', Infinity, ['Infinity']],
      ['fractional', 1.5, ['1.5']], ['negative', -1, ['-1']], ['huge', 2 ** 29, ['536870912']], ['huge', 2 ** 31, ['2147483648']],
      ['wrong type', { valueOf: () => 4 }, ['object']], ...common];
    case 'count': return [
      ['wrong type', '1', ["'1'", 'string']], ['non-finite', NaN, ['NaN']], ['fractional', 0.5, ['0.5']],
      ['negative', -1, ['-1']], ['huge', 2 ** 29, ['536870912']], ...common];
    case 'number': return [['wrong type', '2', ["'2'", 'string']], ['wrong type', null, ['null']], ['non-finite', NaN, ['NaN']], ...common];
    case 'numbers': case 'ids': case 'slopes': case 'targets': return [
      ['wrong type', 'abc', ["'abc'", 'string']],
      ['lying length', { length: 2 ** 27 }, ['134217728']], ['lying length', { length: -1 }, ['-1']],
      ['lying length', { length: 1.5 }, ['1.5']], ['lying length', { length: 2 ** 29 }, ['536870912']],
      ['wrong type', entry('1'), ["'1'", 'string']], ['non-finite', entry(NaN), ['NaN']],
      ...(kind === 'ids' ? [['fractional', entry(0.5), ['0.5']], ['negative', entry(-1), ['-1']]] : []),
      ...(kind === 'targets' ? [['fractional', entry(0.5), ['0.5']], ['negative', entry(-2), ['-2']], ['huge', entry(2 ** 31), ['2147483648']]] : []),
      ...common];
    case 'task': return [['wrong type', 3, ['3', 'number']], ['unknown', 'sort', ["'sort'", "'copy'"]], ['wrong type', null, ['null']], ...common];
    case 'config': return [
      ['wrong type', 'big', ["'big'", 'string', 'object']], ['wrong type', [1], ['array', 'object']],
      ['unknown key', { ...good, widht: 8 }, ["'widht'", "'width'", 'not known']],
      ['wrong type', { ...good, width: '8' }, ["'8'", 'string', 'width']],
      ['wrong type', { ...good, causal: 1 }, ['causal', '1', 'true or false']],
      ['non-finite', { ...good, width: NaN }, ['width', 'NaN']], ['non-finite', { ...good, layers: Infinity }, ['layers', 'Infinity']],
      ['fractional', { ...good, heads: 1.5 }, ['heads', '1.5']], ['negative', { ...good, vocab: -1 }, ['vocab', '-1']],
      ['huge', { ...good, width: 2 ** 29 }, ['parameters', 'bytes', 'over the limit']], ['huge', { ...good, layers: 2 ** 31 }, ['layers', '2147483648']],
      ['unknown nested key', { ...good, position: 'rope', rope: { bsae: 10 } }, ["'bsae'", "'base'"]],
      ['unknown', { ...good, combine: 'stack' }, ["'stack'", "'add'", "'concat'"]],
      ['wrong type', { ...good, combine: 1 }, ['combine', '1']],
      ['wrong type', { ...good, combine: 'concat', positionWidth: '4' }, ['positionWidth', "'4'", 'string']],
      ['fractional', { ...good, combine: 'concat', positionWidth: 2.5 }, ['positionWidth 2.5', '1 … 7']],
      ['huge', { ...good, combine: 'concat', positionWidth: 8 }, ['positionWidth 8', 'less than width 8']],
      ['negative', { ...good, combine: 'concat', positionWidth: -2 }, ['positionWidth -2']],
      ['non-finite', { ...good, combine: 'concat', positionWidth: NaN }, ['positionWidth NaN']],
      ['unknown', { ...good, position: 'rope', combine: 'concat', positionWidth: 4 }, ["combine 'concat'", "'rope'"]],
      ['unknown', { ...good, positionWidth: 4 }, ['positionWidth 4', "combine 'concat'"]],
      ['throwing getter', withGetter(good, 'width'), ['the getter says no']], ...common];
    case 'parameters': return [
      ['wrong type', 'abc', ["'abc'", 'string', 'object']], ['wrong type', [1], ['array', 'object']],
      ['unknown key', { hed: good.head }, ["'hed'", "'head'", 'not known']],
      ['wrong shape', { head: M }, ['3×4', '8×8']],
      ['non-finite', { head: { ...good.head, data: new Float32Array(good.head.data.length).fill(NaN) } }, ['head', 'NaN']],
      ['lying length', { head: { rows: 8, cols: 8, data: { length: 2 ** 29 } } }, ['536870912']],
      ['throwing getter', withGetter(good, 'head'), ['the getter says no']], ...common];
    case 'matrix': return [
      ['wrong type', 'abc', ['matrix']], ['wrong type', null, ['matrix']],
      ['lying length', lying(2 ** 26), ['67108864']], ['lying length', lying(-1), ['-1']], ['lying length', lying(1.5), ['1.5']],
      ['lying length', { rows: 1, cols: 1, data: { length: 2 ** 29 } }, ['536870912']],
      ['wrong type', { rows: '1', cols: 1, data: [1] }, ["'1'", 'string']],
      ['wrong type', { rows: 1, cols: 2, data: [1, '2'] }, ["'2'", 'string']],
      ['non-finite', { rows: 1, cols: 1, data: [NaN] }, ['NaN']],
      ['non-finite', { rows: 1, cols: 1, data: [1e39] }, ['1e+39']],
      ['fractional', { rows: 1.5, cols: 1, data: [1] }, ['1.5']], ['negative', { rows: -1, cols: 1, data: [1] }, ['-1']],
      ['huge', { rows: 2 ** 29, cols: 8, data: [] }, ['536870912']],
      ['huge', { rows: Infinity, cols: 1, data: [1] }, ['Infinity']], ...common];
    case 'options': return [
      ['wrong type', 'yes', ["'yes'", 'string', 'object']], ['wrong type', [1], ['array', 'object']],
      ['unknown key', { casual: true }, ["'casual'", 'not known']], ...common];
    case 'layout': return [['wrong type', 3, ['3', 'number']], ['unknown', 'diagonal', ["'diagonal'", 'interleaved']], ...common];
    case 'rows': return [
      ['wrong type', 'abc', ["'abc'", 'string']], ['wrong type', [[1, '2']], ["'2'", 'string']],
      ['non-finite', [[NaN]], ['NaN']], ['non-finite', [[1e39]], ['1e+39']], ['lying length', [{ length: 2 ** 29 }], ['536870912']],
      ['lying length', [[1, 2], [3]], ['1 values', '2']],
      ['throwing getter', Object.defineProperty([[1]], 0, { get: getterSaysNo }), ['the getter says no']],
      ['Proxy', new Proxy([[1]], { get(t, k) { if (k === '0') throw new Error('the trap says no'); return t[k]; } }), ['the trap says no']],
      ['revoked Proxy', revoked(), ['revoked']]];
    default: throw new Error(`no bad values for kind ${kind}`);
  }
}

// Kind-specific cases beyond the table's classes (flags and nested options of named exports).
const extra = [
  ['attention', 'non-boolean flag', () => pe.attention(M, M, M, { rope: 'yes' }), ["'yes'", 'rope']],
  ['attention', 'non-boolean flag', () => pe.attention(M, M, M, { causal: 1 }), ['causal', '1', 'true or false']],
  ['attention', 'unknown nested key', () => pe.attention(M, M, M, { rope: { bsae: 10 } }), ["'bsae'", "'base'"]],
  ['attention', 'cost limit', () => pe.attention(...Array(3).fill({ rows: 65536, cols: 8, data: new Float32Array(65536 * 8) }), { weights: false }), ['65536', 'over the limit']],
  ['sinusoidal', 'too many arguments', () => pe.sinusoidal(4, 4, {}, 'extra'), ['sinusoidal', '4']],
];

async function refusal(call) {
  const t0 = performance.now();
  const heap = pe.heapBytes();
  let message = null;
  try {
    await call();
  } catch (e) {
    assert.ok(e instanceof Error, 'refusals are Errors');
    message = e.message;
  }
  return { message, ms: performance.now() - t0, grew: pe.heapBytes() - heap };
}

function checkRefusal({ message, ms, grew }, words, what) {
  assert.notEqual(message, null, `${what} was not refused`);
  for (const w of words) assert.ok(message.includes(w), `${what}: "${message}" does not name ${w}`);
  assert.match(message, RULE, `${what}: "${message}" states no rule`);
  assert.ok(ms < 1000, `${what} took ${ms.toFixed(0)} ms to refuse`);
  assert.equal(grew, 0, `${what} grew the WASM heap by ${grew} bytes`);
}

test('every export of the JS API has a row in the hostile-input table', () => {
  const missing = Object.keys(pe).filter((name) => typeof pe[name] === 'function' && !(name in rows) && !noArguments.has(name));
  assert.deepEqual(missing, [], `add rows for: ${missing.join(', ')}`);
  const described = pe.describe().filter((r) => !r.of).map((r) => r.name).filter((n) => !(n in rows) && !noArguments.has(n));
  assert.deepEqual(described, [], `the binding table describes functions without rows: ${described.join(', ')}`);
});

for (const [name, args] of Object.entries(rows)) {
  test(`${name} refuses each class of bad argument by name and rule, at once, with no heap growth`, async () => {
    // The good call works (so a refusal below is the bad argument's).
    await pe[name](...args.map(([, good]) => good));
    for (let i = 0; i < args.length; i++) {
      for (const [cls, bad, words] of badValues(args[i][0], args[i][1])) {
        const given = args.map(([, good]) => good);
        given[i] = bad;
        checkRefusal(await refusal(() => pe[name](...given)), words, `${name} argument ${i} (${args[i][0]}), ${cls}`);
      }
    }
    await pe[name](...args.map(([, good]) => good));  // the module is still usable
  });
}

test('every method of a model has a row, and each refuses each class of bad argument, and a disposed model refuses every call', async () => {
  const model = pe.createModel(Config);
  try {
    const proto = Object.getPrototypeOf(model);
    const methods = Object.getOwnPropertyNames(proto).filter((n) => typeof proto[n] === 'function' && n !== 'constructor' && n !== 'dispose');
    assert.deepEqual(methods.filter((n) => !(n in modelRows)), [], 'model methods without rows');
    const described = pe.describe().filter((r) => r.of === 'Model' && r.name !== 'init').map((r) => r.name);
    assert.deepEqual(described.filter((n) => !(n in modelRows)), [], 'described model methods without rows');
    const goodOf = (name) => modelRows[name].map(([kind, good]) => (kind === 'parameters' ? { head: model.parameters().head } : good));
    for (const [name, args] of Object.entries(modelRows)) {
      model[name](...goodOf(name));
      for (let i = 0; i < args.length; i++) {
        for (const [cls, bad, words] of badValues(args[i][0], goodOf(name)[i])) {
          const given = goodOf(name);
          given[i] = bad;
          checkRefusal(await refusal(() => model[name](...given)), words, `model.${name} argument ${i} (${args[i][0]}), ${cls}`);
        }
      }
      checkRefusal(await refusal(() => model[name](...goodOf(name), 'extra')), [name, 'at most'], `model.${name}, too many arguments`);
      model[name](...goodOf(name));  // the model is still usable
    }
    const goods = Object.fromEntries(Object.keys(modelRows).map((n) => [n, goodOf(n)]));
    model.dispose();
    for (const name of Object.keys(modelRows))
      checkRefusal(await refusal(() => model[name](...goods[name])), ['disposed', 'live model'], `model.${name} after dispose`);
  } finally {
    model.dispose();
  }
});

test('the named cases beyond the table: flags, nested options, the cost limit, extra arguments', async () => {
  for (const [name, cls, call, words] of extra) {
    if (!call) continue;
    checkRefusal(await refusal(call), words, `${name}, ${cls}`);
  }
});

test('toRows reads plain-array data and typed arrays alike, and refuses a lying shape at once', async () => {
  assert.deepEqual(pe.toRows({ rows: 2, cols: 1, data: [1, 2] }), [[1], [2]]);
  checkRefusal(await refusal(() => pe.toRows({ rows: 3e6, cols: 1, data: [1] })), ['3000000', '1 values'], 'toRows 3e6 rows');
  checkRefusal(await refusal(() => pe.toRows({ rows: Infinity, cols: 1, data: [1] })), ['Infinity'], 'toRows Infinity rows');
});

test('introspection exports take no arguments and change nothing', async () => {
  for (const name of noArguments) {
    const heap = pe.heapBytes();
    await pe[name]();
    assert.equal(pe.heapBytes(), heap, `${name} grew the heap`);
  }
});
