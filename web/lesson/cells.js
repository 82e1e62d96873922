// cells.js: what a learner may type into a cell or a number field, and the message when it is not.
//
//   parseNumber(' 0.5 ', spec) → { ok: true, value: 0.5 }
//   parseNumber('abc', spec)   → { ok: false, key: 'cellNotNumber', vars: { text: 'abc' } }
// Accepts ASCII or full-width digits (NFKC), the true minus sign (−) and exponents (1e-3).
// Refuses empty text, anything that is not a plain decimal number (NaN, Infinity, 0x10, 1,5),
// values that overflow (1e999), and values outside the input's min / max or, with spec.integer
// (integer inputs: inputs.js), non-integers. Messages are UI string keys: the page words them in the current language.
// Leaves out: locale decimal commas (ambiguous with thousands separators).

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

export function parseNumber(raw, spec = {}) {
  const text = String(raw ?? '').normalize('NFKC').trim().replace(/\u2212/g, '-');
  const shown = text.length > 24 ? `${text.slice(0, 24)}…` : text;
  if (text === '') return { ok: false, key: 'cellEmpty', vars: {} };
  if (!NUMBER.test(text)) return { ok: false, key: 'cellNotNumber', vars: { text: shown } };
  const value = Number(text);
  if (!Number.isFinite(value)) return { ok: false, key: 'cellNotFinite', vars: { text: shown } };
  if (spec.integer && !Number.isInteger(value)) {
    return { ok: false, key: 'cellNotInteger', vars: { text: shown } };
  }
  if (spec.min !== undefined && value < spec.min) return { ok: false, key: 'cellTooSmall', vars: { text: shown, min: spec.min } };
  if (spec.max !== undefined && value > spec.max) return { ok: false, key: 'cellTooLarge', vars: { text: shown, max: spec.max } };
  if (!onStep(value, spec)) {
    const min = spec.min ?? 0;
    return { ok: false, key: 'cellNotOnStep', vars: { text: shown, step: spec.step, min, next: min + spec.step } };
  }
  return { ok: true, value };
}

// An input's `step` rule (e.g. D in steps of 2 from 8): the value is min + k·step for a whole k
// (within a relative 1e-9, so 0.1-steps survive binary rounding). No step, or "any": always true.
export function onStep(value, spec = {}) {
  const step = spec.step;
  if (typeof step !== 'number' || !(step > 0)) return true;
  const k = (value - (spec.min ?? 0)) / step;
  return Math.abs(k - Math.round(k)) <= 1e-9 * Math.max(1, Math.abs(k));
}

export function parseText(raw, spec = {}) {
  const text = String(raw ?? '');
  const max = spec.maxLength ?? 200;
  if (text.length > max) return { ok: false, key: 'textTooLong', vars: { max } };
  return { ok: true, value: text };
}

// The text a cell starts with for a document value: as many decimals as the input shows.
export function initialText(x, digits) {
  return digits === undefined ? String(x) : Number(x).toFixed(digits);
}
