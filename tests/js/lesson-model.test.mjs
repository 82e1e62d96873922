// lesson-model.test.mjs: the lesson model (web/lesson/model.js) without a DOM: real lessons'
// data driven through the real WASM core, the input kinds (web/lesson/inputs.js), saved state
// (web/lesson/store.js) and the one template syntax (web/lesson/template.js).
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadPosenc } from '../../web/api/posenc.js';
import { LessonModel, blocksToUpdate } from '../../web/lesson/model.js';
import { INPUT_KINDS, inputKind } from '../../web/lesson/inputs.js';
import { fillTemplate, fromVars, slotNames } from '../../web/lesson/template.js';
import { pageUrl, readPageUrl } from '../../web/lesson/urls.js';
import { isMatrix, isTensor } from '../../web/lesson/values.js';

const top = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const readJson = async (p) => JSON.parse(await fs.readFile(path.join(top, p), 'utf8'));
const { lessons } = JSON.parse(readFileSync(path.join(top, 'tutorials/lessons/index.json'), 'utf8'));
const site = {
  languages: JSON.parse(readFileSync(path.join(top, 'tutorials/languages.json'), 'utf8')),
  glossary: JSON.parse(readFileSync(path.join(top, 'tutorials/glossary.json'), 'utf8')),
  ui: JSON.parse(readFileSync(path.join(top, 'tutorials/ui.en.json'), 'utf8')),
};

// A stand-in for localStorage: what the page would keep between visits.
function memoryStorage() {
  const m = new Map();
  return { getItem: (k) => (m.has(k) ? m.get(k) : null), setItem: (k, v) => m.set(k, String(v)), removeItem: (k) => m.delete(k), map: m };
}

const open = async (id, storage = memoryStorage(), lang = 'en') =>
  LessonModel.load({ id, lang, site, loadJson: readJson, api: await loadPosenc(), storage });
const rowsOf = (m, digits) => Array.from({ length: m.rows }, (_, i) => Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols), (x) => x.toFixed(digits)));

test('token-plus-position: the model computes document 000\'s sums X = E + P with the core, with no DOM', async () => {
  assert.equal(typeof globalThis.document, 'undefined');
  const model = await open('token-plus-position');
  assert.deepEqual(rowsOf(model.value('X'), 1), [['0.3', '0.7', '0.6', '0.3'], ['0.6', '0.2', '0.8', '0.6'], ['0.9', '0.4', '0.3', '0.9']]);
  assert.deepEqual(model.value('X[2]').map((x) => x.toFixed(1)), ['0.9', '0.4', '0.3', '0.9']);
});

test('an edited cell recomputes what depends on it and says what changed; the inputs it does not feed stay', async () => {
  const model = await open('token-plus-position');
  const raw = model.raw('E');
  const changed = model.setRaw('E', INPUT_KINDS.matrix.withCell(raw, 0, 0, '1.2'));
  assert.ok(changed.has('E') && changed.has('X'), `changed: ${[...changed]}`);
  assert.ok(!changed.has('P'));
  assert.equal(model.value('X[0][0]').toFixed(1), '1.3');
  assert.equal(raw[0][0], '0.2', 'the old raw rows are not modified');
  const blocks = [{ deps: new Set(['P']) }, { deps: new Set(['X']) }, { deps: null }];
  assert.deepEqual(blocksToUpdate(blocks, changed), blocks.slice(1));
});

test('an invalid cell keeps its text and the last good value; retyping the same value recomputes nothing', async () => {
  const model = await open('token-plus-position');
  model.setRaw('E', INPUT_KINDS.matrix.withCell(model.raw('E'), 0, 0, '1.2'));
  const changed = model.setRaw('E', INPUT_KINDS.matrix.withCell(model.raw('E'), 0, 0, 'abc'));
  assert.equal(changed.size, 0);
  assert.equal(model.raw('E')[0][0], 'abc');
  assert.equal(model.value('X[0][0]').toFixed(1), '1.3');
  assert.deepEqual(inputKind(model.specs.E).check('abc', model.specs.E), { ok: false, key: 'cellNotNumber', vars: { text: 'abc' } });
});

test('what the learner typed survives a reload; reset brings the document\'s values back and forgets it', async () => {
  const storage = memoryStorage();
  const first = await open('token-plus-position', storage);
  first.setRaw('E', INPUT_KINDS.matrix.withCell(first.raw('E'), 0, 0, '1.2'));
  const again = await open('token-plus-position', storage);
  assert.equal(again.discarded, false);
  assert.equal(again.raw('E')[0][0], '1.2');
  assert.equal(again.value('X[0][0]').toFixed(1), '1.3');
  again.reset();
  assert.equal(again.raw('E')[0][0], '0.2');
  assert.equal(again.value('X[0][0]').toFixed(1), '0.3');
  assert.equal(storage.map.size, 0);
});

test('a stored state that no longer fits the lesson is discarded whole, and the model says so', async () => {
  const storage = memoryStorage();
  storage.setItem('posenc.lesson.token-plus-position', JSON.stringify({ format: 1, inputs: { E: [['1']] } }));
  const model = await open('token-plus-position', storage);
  assert.equal(model.discarded, true);
  assert.equal(model.raw('E')[0][0], '0.2');
  assert.equal(storage.map.size, 0);
});

test('steps are counted from 1 and out-of-range steps go to the nearest one', async () => {
  const model = await open('token-plus-position');
  assert.equal(model.stepCount, 4);
  assert.deepEqual([0, 1, 2.6, 99, NaN].map((n) => model.clampStep(n)), [1, 1, 3, 4, 1]);
  assert.equal(model.step(3).id, 'add');
});

for (const id of lessons) {
  test(`lesson ${id}: every input starts from text its kind accepts, reads back as the document's value, and retyping it changes nothing`, async () => {
    const model = await open(id);
    for (const [name, spec] of Object.entries(model.specs)) {
      const kind = inputKind(spec);
      assert.equal(kind, INPUT_KINDS[spec.kind], `${id}: ${name} has a known kind`);
      const raw = kind.initialRaw(spec);
      assert.ok(kind.fits(raw, spec), `${id}: ${name}'s starting text fits its kind`);
      const cells = kind.rows ? kind.rows(raw).flat() : [raw];
      for (const c of cells) assert.equal(kind.check(c, spec).ok, true, `${id}: ${name}'s starting text ${JSON.stringify(c)} passes its check`);
      const value = kind.toValue(raw, spec, null);
      const numbers = isMatrix(value) ? Array.from(value.data) : [value].flat();
      const expected = [spec.value].flat(2).map((x) => (typeof x === 'number' ? Math.fround(x) : x));
      assert.deepEqual(numbers.map((x) => (typeof x === 'number' ? Math.fround(x) : x)), expected, `${id}: ${name} reads back as the document's value`);
      assert.equal(model.setRaw(name, structuredClone(raw)).size, 0, `${id}: retyping ${name} recomputes nothing`);
      if (kind.limits) assert.equal(model.value(`${name}.max`), spec.max, `${id}: {${name}.max} is the input's limit`);
    }
  });

  test(`lesson ${id}: every label and text its steps name is there, and each block's context reads the lesson's values`, async () => {
    const model = await open(id);
    for (let n = 1; n <= model.stepCount; n++) {
      const step = model.step(n);
      const ctx = model.context(step.id);
      assert.equal(ctx.label('no-such-label', 'fallback'), 'fallback');
      for (const name of Object.keys(model.specs)) assert.deepEqual(ctx.raw(name), model.raw(name));
      for (const name of Object.keys(model.lesson.compute ?? {})) assert.equal(ctx.value(name), model.flow.get(name));
      assert.notEqual(model.stepTitle(n), '', `${id}: step ${n} has a title`);
    }
  });
}

test('one template syntax: {name} and {name:fmt}, a slot nobody answers stays as written', () => {
  assert.equal(fillTemplate('L = {L}, S = {S}, H = {H}', fromVars({ L: 8, S: 8 })), 'L = 8, S = 8, H = {H}');
  assert.equal(fillTemplate('{X[4]:1} and {lambda:2}', (ref, fmt) => `${ref}|${fmt}`), 'X[4]|1 and lambda|2');
  assert.deepEqual([...slotNames('pair {pairNumber}, {A.weights[0]:2}')], ['pairNumber', 'A']);
});

test('lesson addresses are built and read in one place, relative to the site root', () => {
  assert.equal(pageUrl({ lesson: 'rope', step: 2, lang: 'en' }), './?lesson=rope&step=2&lang=en');
  assert.equal(pageUrl({ lesson: 'rope', step: 2, lang: 'ja', embed: true }), 'embed.html?lesson=rope&step=2&lang=ja');
  assert.equal(pageUrl({ step: 2, lang: 'zh' }), './?lang=zh');
  assert.deepEqual(readPageUrl('?lesson=rope&step=x&lang=en'), { lesson: 'rope', step: 1, lang: 'en', page: null });
  assert.deepEqual(readPageUrl(''), { lesson: null, step: 1, lang: null, page: null });
  // The glossary page: page=glossary, and a lesson wins over a page.
  assert.equal(pageUrl({ page: 'glossary', lang: 'ja' }), './?page=glossary&lang=ja');
  assert.equal(pageUrl({ page: 'glossary', lesson: 'rope', step: 1, lang: 'ja' }), './?lesson=rope&step=1&lang=ja');
  assert.deepEqual(readPageUrl('?page=glossary&lang=zh'), { lesson: null, step: 1, lang: 'zh', page: 'glossary' });
});

test('one isMatrix: a per-head tensor is also a matrix shape; plain objects and arrays are neither', () => {
  const m = { rows: 1, cols: 2, data: new Float32Array(2) };
  const t = { heads: 2, rows: 1, cols: 1, data: new Float32Array(2) };
  assert.deepEqual([isMatrix(m), isTensor(m), isMatrix(t), isTensor(t)], [true, false, true, true]);
  assert.deepEqual([isMatrix({ rows: 1, cols: 1, data: [1] }), isMatrix([[1]]), isMatrix(null)], [false, false, false]);
});

// linear-shift's step on the first row says, with no condition, that the dot product is largest at
// distance 0 and does not fall steadily. That holds for every D, n and base the lesson's inputs
// allow (the fast pair, θ₀ = 1, always oscillates): checked here over their whole range of D and n.
test('linear-shift: the first row is largest at distance 0 and never falls steadily, for every D and n the lesson allows', async () => {
  const pe = await loadPosenc();
  const spec = await readJson('tutorials/lessons/linear-shift.json');
  const { D, n, base } = spec.inputs;
  for (let d = D.min; d <= D.max; d += D.step) {
    for (let len = n.min; len <= n.max; len++) {
      for (const b of [base.min, base.value, base.max]) {
        const row = Array.from(pe.positionSimilarity(len, d, { base: b }).data.subarray(0, len));
        assert.ok(row.every((v) => v <= row[0]), `D ${d}, n ${len}, base ${b}: largest at distance 0`);
        assert.ok(row.some((v, i) => i > 0 && v > row[i - 1]), `D ${d}, n ${len}, base ${b}: rises again somewhere`);
      }
    }
  }
});

test('alibi: the sentence on the shallowest head reads the head with the smallest slope, and a single head drops it', async () => {
  const model = await open('alibi');
  const slopes = Array.from(model.value('aSlopes'));
  assert.equal(model.value('shallowSlope'), Math.min(...slopes));
  assert.equal(model.value('severalAHeads'), true);
  assert.equal(model.value('shallowStill'), model.value('shallowMove') < 0.05, 'the fact is the core\'s measured change against the sentence\'s bound');
  model.setRaw('aH', '1');
  assert.equal(model.value('severalAHeads'), false);
});
