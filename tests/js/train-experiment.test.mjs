// train-experiment.test.mjs: the DOM-free parts of training in the page: the pool's job key, job
// checks and session cache (web/api/train-pool.js), an experiment's jobs, results and facts
// (web/lesson/experiment.js) and conditional prose (web/lesson/prose.js). The training itself runs
// in the browser tests (tests/browser/lessons-training.test.mjs).
import test from 'node:test';
import assert from 'node:assert/strict';
import { jobKey, checkJob, sessionCache } from '../../web/api/train-pool.js';
import { buildJobs, summarise, evalFact, curveIds, runSpecs } from '../../web/lesson/experiment.js';
import { placeholderNames, branch, isConditional } from '../../web/lesson/prose.js';

const job = () => ({ task: 'copy', config: { vocab: 8, width: 16, heads: 2, layers: 1, position: 'rope', seed: 3 }, train: { steps: 20, batch: 4, length: 8, seed: 1, lr: 0.01 }, evalLengths: [8, 16] });

test('the job key ignores the order of keys and the run id, and changes with any value', () => {
  const a = job();
  const b = { evalLengths: [8, 16], train: { lr: 0.01, seed: 1, length: 8, batch: 4, steps: 20 }, config: { seed: 3, position: 'rope', layers: 1, heads: 2, width: 16, vocab: 8 }, task: 'copy', id: 'run-9' };
  assert.equal(jobKey(a), jobKey(b));
  assert.notEqual(jobKey(a), jobKey({ ...a, train: { ...a.train, seed: 2 } }));
  assert.notEqual(jobKey(a), jobKey({ ...a, config: { ...a.config, position: 'alibi' } }));
});

test('a job is refused with the value and the rule before anything starts', () => {
  assert.throws(() => checkJob({ ...job(), task: '' }), /job\.task "" must name a task/);
  assert.throws(() => checkJob({ ...job(), train: { ...job().train, steps: 2.5 } }), /train\.steps 2\.5 must be a whole number/);
  assert.throws(() => checkJob({ ...job(), train: { ...job().train, lr: -1 } }), /train\.lr -1 must be a finite number above 0/);
  assert.throws(() => checkJob({ ...job(), evalLengths: [8, 0] }), /evalLengths \[8,0\] must be a list/);
  assert.throws(() => checkJob({ ...job(), config: { ...job().config, position: 'alibi' }, interpolate: true }), /interpolate needs position 'rope', not 'alibi'/);
  assert.deepEqual(checkJob(job()).evalLengths, [8, 16]);
});

test('the session cache gives back what it kept, typed arrays as arrays, through its storage', () => {
  const store = new Map();
  const storage = { getItem: (k) => (store.has(k) ? store.get(k) : null), setItem: (k, v) => store.set(k, String(v)), removeItem: (k) => store.delete(k), key: (i) => [...store.keys()][i], get length() { return store.size; } };
  const c1 = sessionCache(storage);
  c1.set('k', { losses: Float32Array.from([0.5, 0.25]), eval: [{ length: 8, accuracy: 1 }] });
  const c2 = sessionCache(storage);  // a reloaded page: memory empty, storage kept
  assert.deepEqual(c2.get('k'), { losses: [0.5, 0.25], eval: [{ length: 8, accuracy: 1 }] });
  assert.equal(c2.get('other'), undefined);
  c2.clear();
  assert.equal(sessionCache(storage).get('k'), undefined);
});

const spec = {
  task: '@task', schemes: ['learned', 'rope', 'alibi'], interpolate: 'rope',
  model: { vocab: 10, width: 16, heads: 2, layers: 1, seed: '@seed' },
  train: { steps: 30, batch: 8, length: '@L', seed: '@seed', lr: 0.01 },
  evalMultiples: [1, 2, 4],
  facts: { alibiHolds: { within: ['acc.alibi[1]', 'acc.alibi[0]', 0.05] }, alibiBest: { equals: ['bestId', { value: 'alibi' }] } },
};
const values = { task: 'copy', seed: 5, L: 8 };
const resolve = (arg) => JSON.parse(JSON.stringify(arg), (k, v) => (typeof v === 'string' && v.startsWith('@') ? values[v.slice(1)] : v));

test('an experiment declares one job per scheme; learned gets a table as long as training, RoPE the interpolation', () => {
  const jobs = buildJobs(spec, resolve);
  assert.deepEqual(jobs.map((j) => j.runId), ['learned', 'rope', 'alibi']);
  assert.deepEqual(jobs[0].evalLengths, [8, 16, 32]);
  assert.equal(jobs[0].config.maxLength, 8);
  assert.equal(jobs[1].config.maxLength, undefined);
  assert.equal(jobs[1].interpolate, true);
  assert.equal(jobs[2].interpolate, undefined);
  assert.equal(jobs[2].train.seed, 5);
  assert.deepEqual(curveIds(spec), ['learned', 'rope', 'alibi', 'ropeInterp']);
  assert.throws(() => runSpecs({ schemes: ['rope', 'rope'] }), /run id "rope" appears twice/);
  assert.throws(() => runSpecs({ schemes: ['rope'], interpolate: 'alibi' }), /interpolate names the run "alibi", which does not exist/);
});

test('results: the best run per length (and how many share its accuracy) and the facts come from the measured numbers; before the end, no facts', () => {
  const jobs = buildJobs(spec, resolve);
  const ev = (accs) => accs.map((a, k) => (a === null ? { length: 8 << k, refused: 'length 16 is longer than maxLength 8' } : { length: 8 << k, loss: 1 - a, accuracy: a }));
  const states = {
    learned: { status: 'done', losses: [2, 1], result: { eval: ev([0.9, null, null]) } },
    rope: { status: 'done', losses: [2, 0.5], result: { eval: ev([0.95, 0.3, 0.1]), evalInterp: ev([0.95, 0.5, 0.2]) } },
    alibi: { status: 'running', losses: [2] },
  };
  let r = summarise(spec, jobs, states, (id) => id.toUpperCase());
  assert.equal(r.status, 'running');
  assert.equal(r.done, false);
  assert.equal(r.facts.alibiHolds, null);
  assert.equal(r.best, undefined);
  assert.equal(r.width.alibi, null, 'no size before the run reports one');
  states.alibi = { status: 'done', losses: [2, 0.7], result: { eval: ev([0.8, 0.78, 0.6]), model: { width: 48, combine: 'concat', positionWidth: 16, parameterCount: 1234 } } };
  r = summarise(spec, jobs, states, (id) => id.toUpperCase());
  assert.equal(r.width.alibi, 48);
  assert.equal(r.positionWidth.alibi, 16);
  assert.equal(r.parameterCount.alibi, 1234);
  assert.equal(r.width.rope, null);
  assert.equal(r.status, 'done');
  assert.deepEqual(r.refused.learned, [false, true, true]);
  assert.deepEqual(r.acc.learned, [0.9, null, null]);
  assert.deepEqual(r.acc.ropeInterp, [0.95, 0.5, 0.2]);
  assert.deepEqual(r.bestIdAt, ['rope', 'alibi', 'alibi']);
  assert.deepEqual(r.bestCountAt, [2, 1, 1], 'RoPE and RoPE + interpolation share 95 % at the training length');
  assert.deepEqual(r.bestTiedAt, [true, false, false]);
  assert.equal(r.best, 'ALIBI');
  assert.equal(r.finalLoss.rope, 0.5);
  assert.equal(r.facts.alibiHolds, true);
  assert.equal(r.facts.alibiBest, true);
  states.alibi.result.eval = ev([0.8, 0.7, 0.6]);
  assert.equal(summarise(spec, jobs, states).facts.alibiHolds, false, '10 points apart is not within 5');
});

test('fact operators: comparisons, logic, and null for what was not measured', () => {
  const r = { acc: { a: [0.5, null] }, x: 3 };
  assert.equal(evalFact({ greater: ['x', 2] }, r), true);
  assert.equal(evalFact({ less: ['acc.a[0]', 0.25] }, r), false);
  assert.equal(evalFact({ greater: ['acc.a[1]', 0] }, r), null);
  assert.equal(evalFact({ and: [{ greater: ['x', 2] }, { not: { isNumber: 'acc.a[1]' } }] }, r), true);
  assert.equal(evalFact({ or: [{ greater: ['x', 5] }, { greater: ['acc.a[1]', 0] }] }, r), null);
  assert.throws(() => evalFact({ bigger: [1, 2] }, r), /fact operator "bigger" must be one of/);
});

test('a conditional paragraph takes its branch from the value and its names are placeholders', () => {
  const p = { if: 'lengths.facts.alibiHolds', then: ['ALiBi kept {lengths.acc.alibi[1]:%1}'], else: { if: 'lengths.done', then: 'no', else: 'not finished' } };
  assert.ok(isConditional(p));
  assert.deepEqual([...placeholderNames(['intro {L}', p])].sort(), ['L', 'lengths']);
  assert.deepEqual(branch(p, true), p.then);
  assert.deepEqual(branch(p, null), p.else);
  assert.deepEqual(branch(p, 0), p.else);
  assert.deepEqual(branch({ if: 'x', then: 'a' }, false), []);
});

test('the playground configuration goes to the URL and back unchanged; bad values are fixed and named', async () => {
  const { configFromParams, paramsFromConfig, specFromConfig } = await import('../../web/lesson/playground-config.js');
  const { config, fixed } = configFromParams(new URLSearchParams('task=reverse&schemes=shaw,rope,bogus&pi=1&D=48&H=4&N=1&L=12&test=48,12,24&steps=120&lr=0.004&batch=8&seed=9'));
  assert.deepEqual(fixed, []);
  assert.deepEqual(config.schemes, ['rope', 'shaw'], 'known schemes, in the course order');
  assert.deepEqual(config.test, [12, 24, 48]);
  assert.deepEqual(configFromParams(paramsFromConfig(config, 'zh')).config, config);
  const spec = specFromConfig(config);
  assert.equal(spec.interpolate, 'rope');
  assert.equal(spec.model.causal, true);
  assert.equal(specFromConfig({ ...config, task: 'masked' }).model.causal, false, 'the masked task trains an encoder');
  const bad = configFromParams(new URLSearchParams('task=nope&D=abc&H=3&steps=-5'));
  assert.equal(bad.config.task, 'copy');
  assert.equal(bad.config.steps, 10);
  assert.equal(bad.config.width % (2 * bad.config.heads), 0, 'the width splits into heads of even width');
  assert.deepEqual(bad.fixed.map(([k]) => k).sort(), ['pgSteps', 'pgTask', 'pgWidth']);
});

test('an experiment whose values make a bad job fails every run with the reason, and trains nothing', async () => {
  const { Experiment } = await import('../../web/lesson/experiment.js');
  const submitted = [];
  const pool = { submit: (j) => submitted.push(j), cache: { get: () => undefined } };
  const exp = new Experiment('lengths', spec, { pool, label: (id) => id });
  const bad = (arg) => JSON.parse(JSON.stringify(arg), (k, v) => (typeof v === 'string' && v.startsWith('@') ? ({ task: 'copy', seed: 5, L: 0 })[v.slice(1)] : v));
  exp.run(bad);
  assert.equal(submitted.length, 0);
  const r = exp.results();
  assert.equal(r.status, 'error');
  assert.match(exp.states.rope.message, /train\.length 0 must be a whole number/);
});

test('does-adding-hurt-trained trains a wider model with its sinusoids concatenated, and its facts read the four runs', async () => {
  const fs = await import('node:fs');
  const lesson = JSON.parse(fs.readFileSync(new URL('../../tutorials/lessons/does-adding-hurt-trained.json', import.meta.url), 'utf8'));
  const exp = lesson.experiments.adding;
  const inputs = Object.fromEntries(Object.entries(lesson.inputs).map(([k, v]) => [k, v.value]));
  const res = (arg) => JSON.parse(JSON.stringify(arg), (k, v) => (typeof v === 'string' && v.startsWith('@') ? inputs[v.slice(1)] : v));
  const jobs = buildJobs(exp, res);
  assert.deepEqual(jobs.map((j) => j.runId), ['sinusoidal', 'learned', 'concat', 'none']);
  const concat = jobs.find((j) => j.runId === 'concat').config;
  const added = jobs.find((j) => j.runId === 'sinusoidal').config;
  assert.equal(concat.combine, 'concat');
  assert.equal(concat.position, 'sinusoidal');
  // The token part keeps the added model's width; the position gets columns of its own on top.
  assert.equal(concat.width - concat.positionWidth, added.width);
  assert.equal(added.combine, undefined);
  // Facts from made-up numbers: accuracies sinusoidal, learned, concat, none; eval losses 1 − accuracy.
  const states = (accs) => Object.fromEntries(['sinusoidal', 'learned', 'concat', 'none'].map((id, i) => [id, { status: 'done', losses: [1], result: { eval: [{ length: inputs.Ltrain, accuracy: accs[i], loss: 1 - accs[i] }] } }]));
  let f = summarise(exp, jobs, states([0.8, 0.7, 0.9, 0.5])).facts;
  assert.deepEqual([f.bothHelp, f.noneAhead, f.addedLevel, f.concatAbove, f.concatBelow, f.concatLevel, f.concatLowestLoss, f.concatBeatsNone], [true, false, false, true, false, false, true, true]);
  f = summarise(exp, jobs, states([1, 1, 1, 1])).facts;
  assert.deepEqual([f.bothHelp, f.noneAhead, f.addedLevel, f.concatAbove, f.concatBelow, f.concatLevel, f.concatLowestLoss], [false, false, true, false, false, true, false]);
  f = summarise(exp, jobs, states([0.6, 0.9, 0.7, 0.95])).facts;
  assert.deepEqual([f.bothHelp, f.noneAhead, f.concatAbove, f.concatBelow, f.concatLevel, f.concatHighestLoss], [false, true, false, false, false, false]);
});
