// learned-linear.test.mjs: learnedPositions and applyLinear through the JS API (web/posenc.js) and
// the real WASM build. Expected values are the typed table's own rows and products worked out by
// hand (and the shift identity sin(a + b), cos(a + b) computed here with Math.sin / Math.cos).
import test from 'node:test';
import assert from 'node:assert/strict';
import { loadPosenc } from '../../web/posenc.js';

const pe = await loadPosenc();
const table = pe.matrix([[1, 2], [3, 4], [5, 6], [7, 8], [9, 10], [11, 12]]);

test('learnedPositions returns the table rows at the given positions', () => {
  assert.deepEqual(pe.toRows(pe.learnedPositions(table, [0, 1, 2])), [[1, 2], [3, 4], [5, 6]]);
  assert.deepEqual(pe.toRows(pe.learnedPositions(table, Int32Array.of(5, 0))), [[11, 12], [1, 2]]);
});

test('learnedPositions refuses a position past the table end, naming it as a position id', () => {
  assert.throws(() => pe.learnedPositions(table, [2, 7]), { message: "position id 7 is outside the table's 6 rows" });
  assert.throws(() => pe.learnedPositions(table, [0, 1, 2, 3, 4, 5, 6, 7]), { message: "position id 6 is outside the table's 6 rows" });
  assert.throws(() => pe.learnedPositions(table, [1.5]), /position id 1.5 is not an integer/);
  // The module stays usable after a refusal.
  assert.deepEqual(pe.toRows(pe.learnedPositions(table, [4])), [[9, 10]]);
});

test('applyLinear maps every row x to M times x', () => {
  const M = pe.matrix([[1, 2, 0], [0, -1, 3]]);
  const x = pe.matrix([[1, 1, 1], [2, 0, -1], [0.5, 0.25, 4]]);
  // By hand: [1+2+0, 0-1+3], [2+0+0, 0-0-3], [0.5+0.5+0, 0-0.25+12]
  assert.deepEqual(pe.toRows(pe.applyLinear(M, x)), [[3, 2], [2, -3], [1, 11.75]]);
  assert.throws(() => pe.applyLinear(M, pe.matrix([[1, 2]])),
    { message: 'M is 2×3 but x has 2 columns; M·x needs as many columns in M as each row of x has values' });
});

test('applyLinear with the shift matrix moves PE(pos) to PE(pos + k)', () => {
  const D = 8, k = 3;
  const shifted = pe.applyLinear(pe.shiftMatrix(D, k), pe.sinusoidal(5, D));
  for (let pos = 0; pos < 5; pos++) {
    for (let i = 0; i < D / 2; i++) {
      const w = 10000 ** (-2 * i / D);
      assert.ok(Math.abs(shifted.data[pos * D + 2 * i] - Math.sin((pos + k) * w)) < 1e-5, `sin, pos ${pos}, pair ${i}`);
      assert.ok(Math.abs(shifted.data[pos * D + 2 * i + 1] - Math.cos((pos + k) * w)) < 1e-5, `cos, pos ${pos}, pair ${i}`);
    }
  }
});
