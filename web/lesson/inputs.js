// inputs.js: the kinds of a lesson's inputs (tutorials/README.md, "Inputs"), one table. For each
// kind: the control that edits it, the text it starts with, what a stored text must look like,
// how typed text is checked, and the value computations receive.
//
//   kind      raw (what the learner typed)   value                      control
//   matrix    rows of cell texts             { rows, cols, data }       cells  (pe-matrix)
//   vector    cell texts                     number[]                   cells  (pe-matrix)
//   integer   text                           number (whole)             slider (pe-input)
//   number    text                           number                     slider (pe-input)
//   choice    one of spec.options            that string                choice (pe-input)
//   boolean   true / false                   that boolean               checkbox (pe-input)
//   text      text                           that string                text   (pe-input)
// toValue keeps, for every part that does not parse, the previous good value (else the
// document's): the computations never see a bad number. check gives the first problem as a UI
// string key (cells.js); `limits`: the kind has min / max / step, which prose may print ({L.max});
// `whole`: only whole numbers (the slider steps by 1); `singleRow`: its cells are one row, named by
// the block's caption; rows / withCell: the cells as rows of text, and a copy with one cell retyped.
// Leaves out: the controls themselves (web/blocks/) and the wording of messages (ui.<lang>.json).
import { parseNumber, parseText, initialText } from './cells.js';

const isText = (raw) => typeof raw === 'string';
const allText = (list) => Array.isArray(list) && list.every(isText);
const parseCell = (text, spec) => parseNumber(text, spec);
const parseWhole = (text, spec) => parseNumber(text, { ...spec, integer: true });

// A kind whose raw text is one number: integer (whole) and number.
const scalar = (parse, whole) => ({
  control: 'slider',
  limits: true,
  whole,
  initialRaw: (spec) => String(spec.value),
  fits: isText,
  check: parse,
  toValue(raw, spec, previous) {
    const r = parse(raw, spec);
    return r.ok ? r.value : (previous ?? spec.value);
  },
});

// A kind the learner picks from (no text to check): choice and boolean.
const picked = (control, fits) => ({
  control,
  initialRaw: (spec) => spec.value,
  fits,
  check: () => ({ ok: true }),
  toValue: (raw) => raw,
});

export const INPUT_KINDS = {
  matrix: {
    control: 'cells',
    initialRaw: (spec) => spec.value.map((r) => r.map((x) => initialText(x, spec.digits))),
    fits: (raw, spec) => Array.isArray(raw) && raw.length === spec.value.length &&
      raw.every((r, i) => allText(r) && r.length === spec.value[i].length),
    rows: (raw) => raw,
    withCell: (raw, i, j, text) => raw.map((r, a) => (a === i ? r.map((c, b) => (b === j ? text : c)) : r)),
    check: parseCell,
    toValue(raw, spec, previous) {
      const rows = raw.length, cols = raw[0].length;
      const data = new Float32Array(rows * cols);
      for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) {
        const r = parseCell(raw[i][j], spec);
        data[i * cols + j] = r.ok ? r.value : (previous?.data?.[i * cols + j] ?? spec.value[i][j]);
      }
      return { rows, cols, data };
    },
  },
  vector: {
    control: 'cells',
    singleRow: true,
    initialRaw: (spec) => spec.value.map((x) => initialText(x, spec.digits)),
    fits: (raw, spec) => allText(raw) && raw.length === spec.value.length,
    rows: (raw) => [raw],
    withCell: (raw, i, j, text) => raw.map((c, b) => (b === j ? text : c)),
    check: parseCell,
    toValue: (raw, spec, previous) => raw.map((t, j) => {
      const r = parseCell(t, spec);
      return r.ok ? r.value : (previous?.[j] ?? spec.value[j]);
    }),
  },
  integer: scalar(parseWhole, true),
  number: scalar(parseCell, false),
  choice: picked('choice', (raw, spec) => isText(raw) && spec.options.includes(raw)),
  boolean: picked('checkbox', (raw) => typeof raw === 'boolean'),
  text: {
    control: 'text',
    initialRaw: (spec) => spec.value,
    fits: isText,
    check: parseText,
    toValue(raw, spec, previous) {
      const r = parseText(raw, spec);
      return r.ok ? r.value : (previous ?? spec.value);
    },
  },
};

// The kind of an input's spec; an unknown kind is edited as text (the tutorials test refuses it).
export function inputKind(spec) {
  return (spec && Object.hasOwn(INPUT_KINDS, spec.kind)) ? INPUT_KINDS[spec.kind] : INPUT_KINDS.text;
}
