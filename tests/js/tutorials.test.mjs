// tutorials.test.mjs: the lessons' data and prose are complete and consistent (tutorials/README.md).
// Fails when a lesson, a step, a text key or a UI string lacks a language, when prose uses a
// glossary term the glossary lacks (or a term lacks a language), when a placeholder or a reference
// names nothing, when a computation calls a function the posenc API or helpers.js does not have,
// or when a TeX string does not render to MathML without style attributes.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadPosenc } from '../../web/posenc.js';
import * as helpers from '../../web/lesson/helpers.js';
import { renderMath } from '../../scripts/tutorials.mjs';

const top = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const tut = (...p) => path.join(top, 'tutorials', ...p);
const readJson = (p) => JSON.parse(fs.readFileSync(p, 'utf8'));
const KEBAB = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const PLACEHOLDER = /\{([A-Za-z_][\w.[\]-]*)(?::([%\w]*))?\}/g;
const TERM = /\[\[([^\]]+)\]\]/g;
const TEX = /\$((?:\\\$|[^$])+)\$/g;

const languages = readJson(tut('languages.json'));
const codes = languages.map((l) => l.code);
const glossary = readJson(tut('glossary.json'));
const { lessons } = readJson(tut('lessons', 'index.json'));

// Every string inside a prose value (string, array or object), with where it came from.
function strings(value, where, out = []) {
  if (typeof value === 'string') out.push([where, value]);
  else if (Array.isArray(value)) value.forEach((v, i) => strings(v, `${where}[${i}]`, out));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) strings(v, `${where}.${k}`, out);
  return out;
}

// The key structure of a prose file (to compare languages): every path to a string.
function keyPaths(value, prefix = '', out = new Set()) {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) keyPaths(v, prefix ? `${prefix}.${k}` : k, out);
  } else out.add(prefix);
  return out;
}

function refsIn(arg, out = new Set()) {
  if (typeof arg === 'string') { if (arg.startsWith('@') && !arg.startsWith('@@')) out.add(arg.slice(1).split(/[.[]/)[0]); }
  else if (Array.isArray(arg)) arg.forEach((a) => refsIn(a, out));
  else if (arg && typeof arg === 'object') Object.values(arg).forEach((a) => refsIn(a, out));
  return out;
}

function allBlocks(blocks, out = []) {
  for (const b of blocks ?? []) {
    out.push(b);
    if (Array.isArray(b.columns)) b.columns.forEach((c) => allBlocks(c, out));
  }
  return out;
}

test('every language has a UI file with the same keys, none empty', () => {
  assert.ok(codes.length >= 3, 'ja, zh and en at least');
  for (const l of languages) {
    assert.ok(l.code && l.html && l.name && l.script, `languages.json entry ${JSON.stringify(l)} is complete`);
    new RegExp(l.script, 'u');
  }
  const uis = Object.fromEntries(codes.map((c) => [c, readJson(tut(`ui.${c}.json`))]));
  const keys = new Set(codes.flatMap((c) => Object.keys(uis[c])));
  for (const c of codes) {
    for (const k of keys) {
      assert.equal(typeof uis[c][k], 'string', `ui.${c}.json lacks "${k}"`);
      assert.ok(uis[c][k].trim().length > 0, `ui.${c}.json has an empty "${k}"`);
    }
  }
});

test('every glossary term has every language', () => {
  for (const [id, entry] of Object.entries(glossary)) {
    assert.match(id, KEBAB, `glossary id ${id} is kebab-case`);
    for (const c of codes) assert.ok(typeof entry[c] === 'string' && entry[c].length > 0, `glossary term ${id} lacks ${c}`);
  }
});

test('the lessons index lists unique kebab-case ids, each with its data file', () => {
  assert.equal(new Set(lessons).size, lessons.length, 'lesson ids are unique');
  for (const id of lessons) {
    assert.match(id, KEBAB);
    const lesson = readJson(tut('lessons', `${id}.json`));
    assert.equal(lesson.id, id, `lessons/${id}.json says id ${lesson.id}`);
    assert.ok(lesson.steps.length >= 3, `${id} has at least three steps`);
    const stepIds = lesson.steps.map((s) => s.id);
    stepIds.forEach((s) => assert.match(s, KEBAB, `${id}: step id ${s}`));
    assert.equal(new Set(stepIds).size, stepIds.length, `${id}: step ids are unique`);
  }
});

for (const id of lessons) {
  test(`lesson ${id}: every step, key and term exists in every language`, () => {
    const lesson = readJson(tut('lessons', `${id}.json`));
    const proses = Object.fromEntries(codes.map((c) => {
      const p = tut('lessons', `${id}.${c}.json`);
      assert.ok(fs.existsSync(p), `lessons/${id}.${c}.json is missing`);
      return [c, readJson(p)];
    }));
    // the same keys in every language
    const all = new Set(codes.flatMap((c) => [...keyPaths(proses[c])]));
    for (const c of codes) {
      const mine = keyPaths(proses[c]);
      for (const k of all) assert.ok(mine.has(k), `lessons/${id}.${c}.json lacks ${k}`);
    }
    for (const c of codes) {
      const prose = proses[c];
      assert.ok(prose.title?.trim() && prose.summary?.trim(), `${id}.${c}: title and summary`);
      const has = (stepId, key) => Object.hasOwn(prose.steps?.[stepId] ?? {}, key) || Object.hasOwn(prose.labels ?? {}, key);
      for (const step of lesson.steps) {
        assert.ok(prose.steps?.[step.id]?.title, `${id}.${c}: step ${step.id} has no title`);
        for (const b of allBlocks(step.blocks)) {
          for (const key of [b.text, b.note, b.caption, b.rowHeader, b.x, b.y, ...(b.series ?? []).map((s) => s.label)]) {
            if (key !== undefined) assert.ok(has(step.id, key), `${id}.${c}: step ${step.id} uses the key "${key}", which is missing`);
          }
        }
      }
      for (const [name, spec] of Object.entries(lesson.inputs ?? {})) {
        if (['integer', 'number', 'choice', 'boolean', 'text'].includes(spec.kind)) {
          assert.ok(Object.hasOwn(prose.labels ?? {}, name), `${id}.${c}: the input ${name} has no label`);
        }
        for (const opt of spec.options ?? []) assert.ok(Object.hasOwn(prose.labels ?? {}, opt), `${id}.${c}: the choice ${opt} has no label`);
      }
      for (const [where, s] of strings(prose, `${id}.${c}`)) {
        for (const m of s.matchAll(TERM)) assert.ok(glossary[m[1]], `${where}: [[${m[1]}]] is not in the glossary`);
      }
    }
  });

  test(`lesson ${id}: references, placeholders and calls name things that exist`, async () => {
    const pe = await loadPosenc();
    const lesson = readJson(tut('lessons', `${id}.json`));
    // A training experiment's results are a value too ({lengths.best}; lesson/experiment.js).
    const experiments = Object.keys(lesson.experiments ?? {});
    const names = new Set([...Object.keys(lesson.inputs ?? {}), ...Object.keys(lesson.compute ?? {}), ...experiments]);
    for (const [name, spec] of Object.entries(lesson.experiments ?? {})) {
      assert.ok(!Object.hasOwn(lesson.inputs ?? {}, name) && !Object.hasOwn(lesson.compute ?? {}, name), `${id}: experiment ${name} is also an input or a computation`);
      for (const r of refsIn([spec.task, spec.model, spec.train, spec.evalLengths, spec.eval, spec.runs])) assert.ok(names.has(r), `${id}: experiment ${name} refers to @${r}, which does not exist`);
    }
    const kinds = ['matrix', 'vector', 'integer', 'number', 'choice', 'boolean', 'text'];
    for (const [name, spec] of Object.entries(lesson.inputs ?? {})) {
      assert.ok(kinds.includes(spec.kind), `${id}: input ${name} has kind ${spec.kind}`);
      if (spec.kind === 'integer' || spec.kind === 'number') {
        assert.ok(Number.isFinite(spec.min) && Number.isFinite(spec.max), `${id}: ${name} needs min and max`);
        assert.ok(spec.value >= spec.min && spec.value <= spec.max, `${id}: ${name}'s value is inside min … max`);
      }
    }
    for (const [name, node] of Object.entries(lesson.compute ?? {})) {
      if (node.call !== undefined) assert.equal(typeof pe[node.call], 'function', `${id}: ${name} calls posenc.${node.call}, which does not exist`);
      else assert.equal(typeof helpers[node.helper], 'function', `${id}: ${name} calls helper ${node.helper}, which does not exist`);
      for (const r of refsIn(node.args ?? [])) assert.ok(names.has(r), `${id}: ${name} refers to @${r}, which does not exist`);
    }
    for (const step of lesson.steps) {
      for (const b of allBlocks(step.blocks)) {
        for (const key of ['matrix', 'heatmap', 'input', 'error']) if (b[key] !== undefined) assert.ok(names.has(b[key]), `${id}/${step.id}: ${key} ${b[key]} does not exist`);
        for (const r of refsIn([b.series, b.rowLabels, b.colLabels, b.highlightRows, b.xs, b.props])) assert.ok(names.has(r), `${id}/${step.id}: @${r} does not exist`);
        if (b.experiment !== undefined) assert.ok(experiments.includes(b.experiment), `${id}/${step.id}: experiment ${b.experiment} does not exist`);
        if (b.widget !== undefined) {
          assert.match(b.widget, /^pe-[a-z0-9-]+$/);
          assert.ok(fs.existsSync(path.join(top, 'web', 'blocks', `${b.widget}.js`)), `${id}/${step.id}: web/blocks/${b.widget}.js is missing`);
        }
      }
    }
    for (const c of codes) {
      // A conditional paragraph { "if": "lengths.facts.x", … } reads a value that must exist.
      for (const [where, s] of strings(readJson(tut('lessons', `${id}.${c}.json`)), `${id}.${c}`)) {
        if (/\.if$/.test(where)) assert.ok(names.has(s.split(/[.[]/)[0]), `${where}: "if": "${s}" names nothing`);
      }
      for (const [where, s] of strings(readJson(tut('lessons', `${id}.${c}.json`)), `${id}.${c}`)) {
        // TeX is not prose: `$PE_{pos}$` holds no placeholder (the page's parser reads math first).
        for (const m of s.replace(TEX, '').matchAll(PLACEHOLDER)) {
          const base = m[1].split(/[.[]/)[0];
          assert.ok(names.has(base), `${where}: {${m[1]}} names nothing`);
          // {L.max}: a limit of an input's spec (pe-lesson.js reads it); the input must state it.
          const limit = /^[A-Za-z_][\w-]*\.(min|max|step)$/.exec(m[1]);
          const spec = lesson.inputs?.[base];
          if (limit && spec) {
            assert.ok(['integer', 'number'].includes(spec.kind) && Number.isFinite(spec[limit[1]]), `${where}: {${m[1]}} reads a ${limit[1]} that the input ${base} does not state`);
          }
        }
      }
    }
  });

  test(`lesson ${id}: every TeX string renders to MathML without style attributes`, () => {
    const lesson = readJson(tut('lessons', `${id}.json`));
    const tex = new Set();
    for (const step of lesson.steps) for (const b of allBlocks(step.blocks)) if (typeof b.math === 'string') tex.add(b.math);
    for (const c of codes) {
      for (const [, s] of strings(readJson(tut('lessons', `${id}.${c}.json`)), '')) for (const m of s.matchAll(TEX)) tex.add(m[1]);
    }
    // A `math` block is the same in every language: words (\text{token–token}, \text{for }) belong
    // in the prose of each language; \text{} holds only notation (L_{\text{train}}, memory_position).
    for (const step of lesson.steps) {
      for (const b of allBlocks(step.blocks)) {
        if (typeof b.math !== 'string') continue;
        for (const m of b.math.matchAll(/\\(?:text|textrm|mbox)\s*\{([^}]*)\}/g)) {
          assert.doesNotMatch(m[1], /[\s–—-]/, `${id}/${step.id}: the math block's \\text{${m[1]}} is words, shown untranslated in every language`);
        }
      }
    }
    for (const t of tex) {
      const mathml = renderMath(t);
      assert.match(mathml, /^<math/);
      assert.doesNotMatch(mathml, /\sstyle=/);
    }
  });
}

// "Every number in a text must come from a placeholder" (tutorials/README.md). A number typed in the
// prose is any figure of 3 or more, or one signed (−2) or assigned (k = 2), left once placeholders,
// TeX, glossary terms and the names that contain digits (models, data sets, years, document ids)
// are taken out; 0, 1 and 2 alone are words ("sums to 1", "2 語", "twice"). Also taken out:
// - notation, not values: an index written with a letter (n − 1, PE(L − 1), L_train − 1, D/2 − 1);
// - a reference to a step of the same lesson (step 3, ステップ 3, 第 3 步), checked to name a step;
// - the lesson's entries of TYPED_ALLOWED: a fact quoted from a source document or the
//   literature, or plain text where no placeholder can go, each with where it comes from.
// Every lesson is checked, a new one too.
const DIGIT_CHECKED = lessons;
const NAMES_WITH_DIGITS = /GPT-2|Llama 2|ResNet-50|Qwen2\.5|WikiText-103|CC100|T5|tensor2tensor|float32|\b(?:19|20)\d\d\b|\b00\d\b|docs\/\S+/g;
const TYPED = /[−-]\s?\d|=\s?[1-9]|\d*[3-9]\d*|\d{2,}/g;
const NOTATION = /\b[A-Za-z][\w/]*\s?[−-]\s?1\b/g;
const STEP_REF = /\b[Ss]teps? (\d+)|ステップ (\d+)|第 (\d+) 步/g;
const TYPED_ALLOWED = {
  'token-plus-position': [
    [/3 語|4 次元|4 维/, 'the summary is plain text on the index page (no lesson is computed there): document 000\'s example, “3つの単語” of “次元数が4”'],
  ],
  'learned-absolute': [
    [/3 行目と 2 行目|第 3 行与第 2 行|row 3 has no particular relation to row 2/, 'two neighbouring rows as an illustration: no value is read from them'],
  ],
  'six-words-2d': [
    [/6 つ/, 'the six words of document 004\'s sentence “The cat sat on the mat” (the rows of W; zh and en write the number as a word; titles are plain text)'],
    [/1536/, 'Qwen2.5\'s hidden width, quoted by document 004'],
    [/位置 4 の「the」|位置 5 の「mat」|位置 4 的“the”|位置 5 的“mat”|“the” at position 4|“mat” at position 5/, 'the fixed rows of “the” and “mat” in document 004\'s sentence (row labels of W; their values are placeholders)'],
  ],
  'extrapolation': [
    [/第 0・2・4 列|第 0、2、4 列|Columns 0, 2 and 4/, 'a caption (plain text) naming the columns that its plot draws: "columns": [0, 2, 4] in extrapolation.json'],
  ],
  'sinusoidal': [
    [/10000·2π/, 'the base 10000 of “Attention Is All You Need” (summary and step title are plain text; the page binds the wavelengths themselves)'],
    [/4 位置・d = 4|4 个位置、d = 4|PE for 4 positions, d = 4/, 'the caption (plain text) of the fixed example it shows: small = sinusoidal(4, 4) in sinusoidal.json'],
    [/列 0, 2, 4, 6|列 0、2、4、6|columns 0, 2, 4, 6/, 'a caption (plain text) naming the columns that its plot draws: "columns": [0, 2, 4, 6] in sinusoidal.json'],
    [/100 分の 1/, '10000^(2/d) for d = 4: the second pair of the fixed example small is a hundred times slower (en and zh write it as a word)'],
    [/−1 から 1|−1 到 1|between −1 and 1/, 'the range of sin and cos'],
    [/max_len = 5000/, 'PyTorch\'s max_len = 5000 in document 004\'s code (and the PyTorch tutorial)'],
    [/小数第 6 位/, 'the precision the two tables show ("digits": 6 on small and smallTorch); en and zh write it as a word'],
  ],
  'linear-shift': [
    [/3\.5 ?[节節]|Section 3\.5/, 'the section of “Attention Is All You Need” that the source document quotes'],
    [/[距離离]+ j − 0|distance j − 0/, 'the axis label (plain text) of the plot of row S[0]: the distance from position 0'],
    [/PE\(0\)·PE\(3\)|PE\(5\)·PE\(8\)|PE\(10\)·PE\(13\)|3 だけ離れた|相距 3/, 'three fixed example cells of S, named as the dot products they hold (their values are placeholders); they are 3 apart whatever the inputs (n ≥ 16)'],
  ],
  'alibi': [
    [/8 ヘッドと 12 ヘッド|8 个头和 12 个头|8- and 12-head/, 'the ALiBi paper\'s 8- and 12-head examples, which posenc\'s tests check against its get_slopes'],
    [/12 ヘッド|12 个头|12 heads/, 'the summary (plain text on the index page): the paper\'s rule for 12 heads, the example of step 3'],
    [/幅 16|维数 16|the width, 16/, 'an input label (plain text): Q, K and V are 16 columns of R (alibi.json), the most heads aH allows'],
    [/16 ヘッドの傾き|16 个头的斜率|Slopes for 16 heads/, 'the caption (plain text) of the node it shows: s16 = alibiSlopes(16)'],
    [/1、3、5、7 番目|第 1、3、5、7 个|number 1, 3, 5 and 7/, 'the odd-numbered heads (counted from 1, as the table labels them) of the 16-head slopes that get_slopes takes for 12 heads; their values are placeholders'],
  ],
  'relative-positions': [
    [/差は 4 次元|4-d|3 次元版|3-d version/, 'the ranks of document 003\'s code: positions shaped like the 3-d queries give a 4-d difference, whatever the sizes'],
    [/メモリは 4 倍/, 'the arithmetic of $L^2 d$ (doubling L quadruples it), stated beside the computed sizes; en and zh say “quadruples” / “四倍”'],
  ],
};

for (const id of DIGIT_CHECKED) {
  test(`lesson ${id}: the prose types no number that a placeholder should give`, () => {
    const steps = readJson(tut('lessons', `${id}.json`)).steps.length;
    const allowed = TYPED_ALLOWED[id] ?? [];
    const used = new Set();
    for (const c of codes) {
      for (const [where, s] of strings(readJson(tut('lessons', `${id}.${c}.json`)), `${id}.${c}`)) {
        let rest = s.replace(TEX, ' ').replace(PLACEHOLDER, ' ').replace(TERM, ' ').replace(NAMES_WITH_DIGITS, ' ').replace(NOTATION, ' ');
        rest = rest.replace(STEP_REF, (m, ...n) => {
          const k = Number(n.slice(0, 3).find((x) => x !== undefined));
          assert.ok(k >= 1 && k <= steps, `${where}: “${m}” names no step of ${id} (1 … ${steps})`);
          return ' ';
        });
        for (const [text] of allowed) rest = rest.replace(new RegExp(text.source, 'g'), () => { used.add(text); return ' '; });
        const typed = rest.match(TYPED);
        assert.equal(typed, null, `${where} types ${JSON.stringify(typed)} in “${rest}”`);
      }
    }
    // An allowance that no longer matches anything is stale: remove it with the text it allowed.
    for (const [text, why] of allowed) assert.ok(used.has(text), `${id}: TYPED_ALLOWED ${text} (${why}) matches no text`);
  });
}

test('the Chinese pages name posenc\'s core 核心库 everywhere, in the UI strings as in the lessons', () => {
  const files = ['ui.zh.json', ...lessons.map((id) => path.join('lessons', `${id}.zh.json`))];
  for (const f of files) {
    for (const [where, s] of strings(readJson(tut(f)), f)) {
      assert.doesNotMatch(s, /核心(?!库)/, `${where}: “核心” alone where the lessons say 核心库`);
    }
  }
});

test('head(t, h, 1) counts heads from 1, as the page\'s panels do; a head past the last is refused', () => {
  // Two heads of 1×2: head 1 (counted from 1) is the first block of data, head 2 the second.
  const t = { heads: 2, rows: 1, cols: 2, data: Float32Array.from([1, 2, 3, 4]) };
  assert.deepEqual(Array.from(helpers.head(t, 1, 1).data), [1, 2]);
  assert.deepEqual(Array.from(helpers.head(t, 2, 1).data), [3, 4]);
  assert.deepEqual(Array.from(helpers.head(t, 0).data), [1, 2]);
  assert.throws(() => helpers.head(t, 0, 1), /head 0 is outside 1 … 2/);
  assert.throws(() => helpers.head(t, 3, 1), /head 3 is outside 1 … 2/);
});

test('attention-lab numbers heads from 1 throughout: the "head shown" input starts at 1, as the panels and labels do', () => {
  const lab = readJson(tut('lessons', 'attention-lab.json'));
  const spec = lab.inputs.viewHead;
  assert.equal(spec.min, 1);
  assert.equal(spec.max, lab.inputs.H.max, 'the control reaches the largest head count');
  for (const [name, node] of Object.entries(lab.compute)) {
    if (node.helper === 'head' && node.args[1] === '@viewHead') assert.equal(node.args[2], 1, `${name} counts @viewHead from 1`);
  }
  for (const c of codes) assert.match(readJson(tut('lessons', `attention-lab.${c}.json`)).labels.viewHead, /1/, `the ${c} label says where counting starts`);
});

test('Japanese prose sets figures apart from the words around them (1 回, 2 倍, ヘッド {H} 個), as every lesson does', () => {
  // A figure (or a placeholder, which becomes one) touching kana or kanji: “2次元”, “6つ”, “ごとに1本”.
  const LETTER = 'ぁ-ゖァ-ヺー一-龯';
  const touching = new RegExp(`(?<![A-Za-z0-9._-])\\d+(?=[${LETTER}])|(?<=[${LETTER}])\\d+(?![A-Za-z])`, 'g');
  for (const f of ['ui.ja.json', ...lessons.map((id) => path.join('lessons', `${id}.ja.json`))]) {
    for (const [where, s] of strings(readJson(tut(f)), f)) {
      const rest = s.replace(TEX, ' ').replace(PLACEHOLDER, '0');
      assert.equal(rest.match(touching), null, `${where}: a figure without the space around it in “${rest}”`);
    }
  }
});
