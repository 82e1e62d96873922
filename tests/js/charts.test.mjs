// charts.test.mjs: the DOM-free rules behind the charts: the spread of sine columns a plot shows
// (computed from D by the core, spreadColumns), the balanced grid of small multiples, keyboard moves on a heatmap's cells and
// how a readout words a small value.
import test from 'node:test';
import assert from 'node:assert/strict';
import { loadPosenc } from '../../web/posenc.js';
import { gridColumns } from '../../web/draw/svg.js';
import { gridMove, readoutNumber } from '../../web/draw/readout.js';
import { formatNumber } from '../../web/lesson/format.js';

const { spreadColumns } = await loadPosenc();

test('the sine columns plotted are a spread 0, D/8, D/4, D/2 of even columns, not neighbours', () => {
  assert.ok(Array.isArray(spreadColumns(128)), 'a plain array, as a chart\'s columns list');
  assert.deepEqual(spreadColumns(128), [0, 16, 32, 64]);
  assert.deepEqual(spreadColumns(512), [0, 64, 128, 256]);
  assert.deepEqual(spreadColumns(8), [0, 2, 4]);
  for (const D of [8, 10, 30, 66, 128, 510]) {
    const cols = spreadColumns(D);
    assert.ok(cols.every((c) => c % 2 === 0 && c < D), `${D}: ${cols}`);
    assert.equal(new Set(cols).size, cols.length);
  }
  assert.throws(() => spreadColumns(0), /width 0 must be a finite positive integer/);
});

test('small multiples are laid out in balanced rows, never 3 + 1', () => {
  assert.equal(gridColumns(1), 1);
  assert.equal(gridColumns(3), 3);
  assert.equal(gridColumns(4), 2);
  assert.equal(gridColumns(6), 3);
  assert.equal(gridColumns(8), 4);
  for (let n = 2; n <= 8; n++) {
    const c = gridColumns(n), rows = Math.ceil(n / c);
    assert.ok(c <= 4 && n - (rows - 1) * c >= c - 1, `${n} panels in ${c} columns leave a short last row`);
  }
});

test('arrow keys move one cell on a heatmap and stop at its edges', () => {
  assert.deepEqual(gridMove({ i: 0, j: 0 }, 'ArrowRight', 3, 4), { i: 0, j: 1 });
  assert.deepEqual(gridMove({ i: 0, j: 0 }, 'ArrowUp', 3, 4), { i: 0, j: 0 });
  assert.deepEqual(gridMove({ i: 2, j: 3 }, 'ArrowDown', 3, 4), { i: 2, j: 3 });
  assert.deepEqual(gridMove({ i: 1, j: 1 }, 'End', 3, 4), { i: 1, j: 3 });
  assert.deepEqual(gridMove({ i: 1, j: 3 }, 'Home', 3, 4), { i: 1, j: 0 });
});

test('a readout never words a small non-zero weight as 0', () => {
  assert.equal(readoutNumber(0.25, 3, formatNumber), '0.250');
  assert.notEqual(readoutNumber(9.5e-5, 3, formatNumber), '0.000');
  assert.match(readoutNumber(9.5e-5, 3, formatNumber), /9\.50 × 10/);
  assert.equal(readoutNumber(0, 3, formatNumber), '0.000');
});
