// prose.test.mjs: the DOM-free part of the lesson prose (web/lesson/prose.js): conditional
// sentences bound to computed facts, the names a text depends on, lesson links, and the comparison
// helpers that state facts (web/lesson/helpers.js). Facts come from a real Dataflow over the
// posenc core where a lesson would compute them.
import test from 'node:test';
import assert from 'node:assert/strict';
import { chooseParagraphs, placeholderNames, factNames, lessonLinks, inlineTex, holds, TOKEN } from '../../web/lesson/prose.js';
import * as helpers from '../../web/lesson/helpers.js';
import { Dataflow } from '../../web/lesson/dataflow.js';
import { loadPosenc } from '../../web/posenc.js';

const collision = {
  if: '@collide',
  then: '“the” becomes {X[4]:1} and “mat” {X[5]:1}: exactly the same vector, a [[collision]].',
  else: ['No two rows of X are the same any more.', 'Every word is told apart.'],
};

test('a fact holds when it is true, a non-zero number, a non-empty string or list; errors and missing values do not', () => {
  assert.equal(holds(true), true);
  assert.equal(holds(false), false);
  assert.equal(holds(2), true);
  assert.equal(holds(0), false);
  assert.equal(holds([4, 5]), true);
  assert.equal(holds([]), false);
  assert.equal(holds(new Float32Array(0)), false);
  assert.equal(holds('yes'), true);
  assert.equal(holds(''), false);
  assert.equal(holds(new Error('refused')), false);
  assert.equal(holds(undefined), false);
  assert.equal(holds(null), false);
  assert.equal(holds(Number.NaN), false);
});

test('a conditional shows its then branch while the fact holds and its else branch when not', () => {
  const text = ['Look at the last two rows.', collision, 'Change a cell.'];
  assert.deepEqual(chooseParagraphs(text, () => [4, 5]), ['Look at the last two rows.', collision.then, 'Change a cell.']);
  assert.deepEqual(chooseParagraphs(text, () => []), ['Look at the last two rows.', ...collision.else, 'Change a cell.']);
});

test('a conditional whose fact failed or is not known yet shows its else branch; a missing else shows nothing', () => {
  assert.deepEqual(chooseParagraphs([collision, 'after'], () => new Error('no')), [...collision.else, 'after']);
  assert.deepEqual(chooseParagraphs({ if: 'lengths.done', then: 'done', else: 'running' }, () => null), ['running']);
  assert.deepEqual(chooseParagraphs({ if: '@won', then: 'RoPE won.' }, () => false), []);
  assert.deepEqual(chooseParagraphs({ if: '@won', then: 'RoPE won.' }, () => true), ['RoPE won.']);
});

test('conditionals nest, and the whole text may be one', () => {
  const text = { if: '@a', then: { if: '@b', then: 'both', else: 'a only' }, else: 'not a' };
  const facts = (v) => (ref) => v[ref];
  assert.deepEqual(chooseParagraphs(text, facts({ a: true, b: true })), ['both']);
  assert.deepEqual(chooseParagraphs(text, facts({ a: true, b: false })), ['a only']);
  assert.deepEqual(chooseParagraphs(text, facts({ a: false, b: true })), ['not a']);
});

test('the fact reference reads paths: "@collide.length" asks for collide.length', () => {
  const asked = [];
  chooseParagraphs({ if: '@collide.length', then: 'x' }, (ref) => { asked.push(ref); return 2; });
  assert.deepEqual(asked, ['collide.length']);
});

test('"if" is a reference with or without "@"; anything else is refused with the rule', () => {
  const asked = [];
  chooseParagraphs([{ if: '@collide', then: 'x' }, { if: 'lengths.facts.alibiHolds', then: 'y' }], (ref) => { asked.push(ref); return true; });
  assert.deepEqual(asked, ['collide', 'lengths.facts.alibiHolds']);
  assert.throws(() => chooseParagraphs({ if: 'two words', then: 'x' }, () => true), /must be a reference like "@collide"/);
});

test('a text depends on its placeholders, its facts and the placeholders of both branches', () => {
  const text = ['{L} positions', { if: '@ropeWins', then: 'RoPE scores {sRope:2}', else: { if: '@tie', then: 'a tie at {sAbs:2}' } }];
  assert.deepEqual([...placeholderNames(text)].sort(), ['L', 'ropeWins', 'sAbs', 'sRope', 'tie']);
  assert.deepEqual([...factNames(text)].sort(), ['ropeWins', 'tie']);
  assert.deepEqual([...placeholderNames(collision)].sort(), ['X', 'collide']);
});

test('lesson links are found in both branches, and TeX too', () => {
  const text = ['See [[lesson:rope]].', { if: '@f', then: 'then [[lesson:alibi]] $x_{\\relax i}$', else: 'else $y$' }];
  assert.deepEqual([...lessonLinks(text)].sort(), ['alibi', 'rope']);
  assert.deepEqual(inlineTex(text).sort(), ['x_{\\relax i}', 'y']);
  // A lesson link is not a glossary term: group 6, not group 3.
  const m = [...'[[lesson:rope]] and [[collision]]'.matchAll(TOKEN)];
  assert.equal(m[0][6], 'rope');
  assert.equal(m[0][3], undefined);
  assert.equal(m[1][3], 'collision');
});

test('comparison helpers state facts about computed values', () => {
  assert.equal(helpers.greater(0.3, 0.2), true);
  assert.equal(helpers.greater(0.2, 0.2), false);
  assert.equal(helpers.less(-1, 0), true);
  assert.equal(helpers.equal([0.1000001, 2], [0.1, 2], 3), true);
  assert.equal(helpers.equal([0.1, 2], [0.1, 2.01], 3), false);
  assert.equal(helpers.equal([1, 2], [1, 2, 3]), false);
  assert.equal(helpers.not([]), true);
  assert.equal(helpers.not(true), false);
  assert.equal(helpers.argmax([0.1, 0.7, 0.7, 0.2]), 1);
  assert.equal(helpers.argmin([0.3, 0.1, 0.1, 0.2]), 1);
  assert.throws(() => helpers.argmin([0.3, NaN]), /argmin\(\)'s every value must be a number, not NaN/);
  assert.throws(() => helpers.greater('a', 1), /greater\(\)'s first argument must be a number, not a/);
  assert.throws(() => helpers.rowsEqual({ rows: 2, cols: 1, data: new Float32Array(2) }, 0, 2), /row 2 is outside 0 … 1/);
});

test('range and trend helpers compare the core\'s values without computing new ones', () => {
  // RoPE's scaled positions 0 … 7.5 (N = 2) against training positions 0 … 7: 7.5 is outside.
  assert.equal(helpers.within([0, 3.5, 7], [7, 0, 4]), true);
  assert.equal(helpers.within([0, 3.5, 7.5], [0, 7]), false);
  assert.equal(helpers.within({ rows: 2, cols: 1, data: new Float32Array([-1, 2]) }, [0, 7]), false);
  assert.throws(() => helpers.within([], [0]), /within\(\) needs two non-empty lists/);
  // Rows of a share table taken in increasing order of σ (the keys), columns in order of D.
  const share = { rows: 2, cols: 3, data: new Float32Array([1, 0.5, 0.2, 1, 0.9, 0.6]) };
  assert.equal(helpers.fallsAlongRows(share, [0, 1, 2]), true);
  assert.equal(helpers.fallsAlongRows(share, [2, 1, 0]), false, 'the same table read with σ reversed rises');
  assert.equal(helpers.fallsAlongRows({ rows: 1, cols: 3, data: new Float32Array([1, 0.5, 0.5]) }, [0, 1, 2]), true, 'a tie does not rise');
  assert.equal(helpers.risesAlongColumns(share, [2, 4]), true);
  assert.equal(helpers.risesAlongColumns(share, [4, 2]), false, 'a wider D that reads back less');
  assert.throws(() => helpers.fallsAlongRows(share, [0, 1]), /one key per column: 2 keys for 3 columns/);
  assert.throws(() => helpers.risesAlongColumns(share, [0, 1, 2]), /one key per row: 3 keys for 2 rows/);
});

test('six words: "the" and "mat" collide with the tutorial\'s values and stop colliding after one edit', async () => {
  const api = await loadPosenc();
  const W = { rows: 6, cols: 2, data: new Float32Array([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.1, 1.2]) };
  const P = { rows: 6, cols: 2, data: new Float32Array([0.0, 1.0, 0.8, 0.6, 0.5, 0.8, 0.2, 0.9, 0.9, 0.4, 0.7, 0.2]) };
  const flow = new Dataflow({
    api, helpers, inputs: { W: {}, Pdoc: {} },
    compute: {
      X: { call: 'addEmbeddings', args: ['@W', '@Pdoc'] },
      collide: { helper: 'equalRows', args: ['@X', 6] },
      theMat: { helper: 'rowsEqual', args: ['@X', 4, 5, 6] },
    },
  });
  flow.setAll({ W, Pdoc: P });
  const fact = (ref) => flow.resolve(ref);
  assert.deepEqual(chooseParagraphs(collision, fact), [collision.then]);
  assert.equal(flow.get('theMat'), true);
  const edited = { ...W, data: W.data.slice() };
  edited.data[10] = 1.5;  // "mat", component 0
  const changed = flow.setInput('W', edited);
  assert.ok(changed.has('collide') && changed.has('theMat'));
  assert.deepEqual(chooseParagraphs(collision, fact), collision.else);
  assert.equal(flow.get('theMat'), false);
});
