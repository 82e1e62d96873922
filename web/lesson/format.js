// format.js: how the page writes numbers and fills the `{…}` placeholders of the prose.
//
//   formatNumber(-0.41614684, 3)  → "−0.416"   (true minus sign; −0.0 is written 0.0)
//   formatValue([1.8, 1.4], '1')  → "[1.8, 1.4]"
//   spec: 'N' N decimals · 'eN' scientific with N decimals (5.96 × 10⁻⁸) · 'i' integer ·
//         '%N' percent with N decimals · '' integers as they are, other numbers with 3 decimals.
// Values are rounded only for display; the numbers themselves stay as the core returned them.
// Leaves out: locale-specific digit grouping (lesson numbers are small).
import { isMatrix, isTensor } from './values.js';

const MINUS = '\u2212';
const SUPERSCRIPT = { '-': '⁻', 0: '⁰', 1: '¹', 2: '²', 3: '³', 4: '⁴', 5: '⁵', 6: '⁶', 7: '⁷', 8: '⁸', 9: '⁹' };

function withMinus(text) {
  // "-0.0" and friends: a value that rounds to zero has no sign.
  if (/^-0(\.0*)?$/.test(text)) return text.slice(1);
  return text.startsWith('-') ? MINUS + text.slice(1) : text;
}

export function formatNumber(x, spec = '') {
  if (typeof x === 'boolean') return String(x);
  if (typeof x !== 'number' || Number.isNaN(x)) return '—';
  if (!Number.isFinite(x)) return x > 0 ? '∞' : `${MINUS}∞`;
  const s = String(spec ?? '');
  if (s === 'i') return withMinus(Math.round(x).toFixed(0));
  if (s.startsWith('%')) return `${withMinus((x * 100).toFixed(Number(s.slice(1) || 0)))}%`;
  if (s.startsWith('e')) {
    if (x === 0) return '0';
    const [mant, exp] = x.toExponential(Number(s.slice(1) || 2)).split('e');
    const e = Number(exp);
    if (e === 0) return withMinus(mant);
    const sup = String(e).split('').map((c) => SUPERSCRIPT[c]).join('');
    return `${withMinus(mant)} × 10${sup}`;
  }
  if (/^\d+$/.test(s)) return withMinus(x.toFixed(Number(s)));
  if (Number.isInteger(x)) return withMinus(String(x));
  return withMinus(x.toFixed(3));
}

// Plain numbers for export (CSV, LaTeX, NumPy): ASCII minus, the shortest text that reads back
// as the same single-precision value.
export function plainNumber(x) {
  if (!Number.isFinite(x)) return String(x);
  const f = Math.fround(x);
  for (let p = 1; p <= 9; p++) {
    const t = Number(f.toPrecision(p));
    if (Math.fround(t) === f) return String(t);
  }
  return String(f);
}

// Any value the dataflow holds → text. Matrices with one row read as a vector.
export function formatValue(v, spec = '') {
  if (v instanceof Error || v === undefined || v === null) return '—';
  if (typeof v === 'number' || typeof v === 'boolean') return formatNumber(v, spec);
  if (typeof v === 'string') return v;
  if (Array.isArray(v) || ArrayBuffer.isView(v)) {
    return `[${Array.from(v, (x) => (typeof x === 'string' ? x : formatValue(x, spec))).join(', ')}]`;
  }
  if (isTensor(v)) return `${v.heads}×${v.rows}×${v.cols}`;
  if (isMatrix(v)) {
    const rows = [];
    for (let i = 0; i < v.rows; i++) rows.push(formatValue(v.data.subarray(i * v.cols, (i + 1) * v.cols), spec));
    return v.rows === 1 ? rows[0] : `[${rows.join(', ')}]`;
  }
  return '—';
}
