// errors.test.mjs: a refusal reaches the learner in their language. The core's errors carry a code
// and named values through the JS API (error.code, error.values, the English message unchanged);
// the page words them from ui.<lang>.json (coreError.<code>, coreName.<what>), falls back to the
// English message for a code without a template, and refuses a value off an input's `step` itself.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { loadPosenc } from '../../web/api/posenc.js';
import { coreErrorText } from '../../web/lesson/errors.js';
import { uiText } from '../../web/lesson/i18n.js';
import { parseNumber } from '../../web/lesson/cells.js';

const ui = Object.fromEntries(['en', 'ja', 'zh'].map((c) => {
  const strings = JSON.parse(fs.readFileSync(new URL(`../../tutorials/ui.${c}.json`, import.meta.url), 'utf8'));
  return [c, (key, vars) => uiText(strings, key, vars)];
}));

test('an odd width is refused by the core with code not-even, its values, and the English message as is', async () => {
  const pe = await loadPosenc();
  assert.throws(() => pe.sinusoidal(4, 3), (e) => {
    assert.equal(e.message, 'width 3 must be even');
    assert.equal(e.code, 'not-even');
    assert.deepEqual(e.values, { what: 'width', value: '3' });
    return true;
  });
  assert.throws(() => pe.embeddingLookup(pe.matrix([[1, 2], [3, 4]]), [5]), (e) => e.code === 'out-of-range' && e.values.max === '1' && e.values.value === '5');
});

test('the page words a core error in Japanese and Chinese, and the English page keeps the core\'s message', async () => {
  const pe = await loadPosenc();
  let err;
  try { pe.sinusoidal(4, 3); } catch (e) { err = e; }
  assert.equal(coreErrorText(err, ui.ja), '次元数 3 は偶数でなければなりません。');
  assert.equal(coreErrorText(err, ui.zh), '维度 3 必须是偶数。');
  assert.equal(coreErrorText(err, ui.en), 'width 3 must be even');
});

test('a code without a translation, or an error without a code, falls back to the English message', () => {
  const unknown = Object.assign(new Error('something new went wrong'), { code: 'brand-new-rule', values: { value: '1' } });
  assert.equal(coreErrorText(unknown, ui.ja), 'something new went wrong');
  assert.equal(coreErrorText(new Error('plain'), ui.zh), 'plain');
});

test('every coreError template of ja and zh fills from the values its code carries', () => {
  const keys = Object.keys(JSON.parse(fs.readFileSync(new URL('../../tutorials/ui.ja.json', import.meta.url), 'utf8'))).filter((k) => k.startsWith('coreError.'));
  assert.ok(keys.length >= 8);
  const values = { what: 'width', value: '3', min: '0', max: '1', width: '10', heads: '3', shape: '2×2', bytes: '16' };
  for (const k of keys) for (const lang of ['ja', 'zh']) {
    const text = coreErrorText(Object.assign(new Error('x'), { code: k.slice('coreError.'.length), values }), ui[lang]);
    assert.doesNotMatch(text, /\{[a-z]+\}/, `${lang} ${k}: ${text}`);
    assert.notEqual(text, 'x');
  }
});

test('the page enforces an input\'s step rule itself: D = 9 where D goes 8, 10, … is refused before the core', () => {
  const D = { kind: 'integer', min: 8, max: 512, step: 2 };
  assert.deepEqual(parseNumber('9', D), { ok: false, key: 'cellNotOnStep', vars: { text: '9', step: 2, min: 8, next: 10 } });
  assert.deepEqual(parseNumber('10', D), { ok: true, value: 10 });
  assert.equal(parseNumber('3', { kind: 'integer', min: 2, max: 64, step: 2 }).key, 'cellNotOnStep');
  assert.equal(parseNumber('0.3', { kind: 'number', min: 0, max: 1, step: 0.1 }).ok, true);
  assert.equal(parseNumber('0.35', { kind: 'number', min: 0, max: 1, step: 0.1 }).key, 'cellNotOnStep');
  assert.match(ui.ja('cellNotOnStep', { text: '9', step: 2, min: 8, next: 10 }), /9 は 8 から 2 刻み/);
});
