// tutorials.test.mjs: the lessons' data and prose are complete and consistent (tutorials/README.md).
// Fails when a lesson, a step, a text key or a UI string lacks a language, when prose uses a
// glossary term the glossary lacks (or a term lacks a language), when a placeholder or a reference
// names nothing, when a computation calls a function the posenc API or helpers.js does not have,
// or when a TeX string does not render to MathML without style attributes; when prose types a figure
// that is neither a placeholder nor a declared marked literal {=…}; when any learner-facing string
// names the files the lessons were written from; when a lesson's `sources` are missing or malformed;
// when course.json and lessons/index.json disagree; when a glossary term lacks a definition.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadPosenc } from '../../web/posenc.js';
import * as helpers from '../../web/lesson/helpers.js';
import { renderMath, unmarkLiterals } from '../../scripts/tutorials.mjs';

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
    const names = new Set([...Object.keys(lesson.inputs ?? {}), ...Object.keys(lesson.compute ?? {})]);
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
        if (b.widget !== undefined) {
          assert.match(b.widget, /^pe-[a-z0-9-]+$/);
          assert.ok(fs.existsSync(path.join(top, 'web', 'blocks', `${b.widget}.js`)), `${id}/${step.id}: web/blocks/${b.widget}.js is missing`);
        }
      }
    }
    for (const c of codes) {
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
// TeX, glossary terms and the names that contain digits (models, data sets, years) are taken out;
// 0, 1 and 2 alone are words ("sums to 1", "2 語", "twice"). Also taken out:
// - notation, not values: an index written with a letter (n − 1, PE(L − 1), L_train − 1, D/2 − 1);
// - a reference to a step of the same lesson (step 3, ステップ 3, 第 3 步), checked to name a step;
// - a marked literal {=10000}: a figure quoted from a source, or one in plain text where no
//   placeholder can go (titles, captions), declared in the lesson's `literals` with why and from
//   where (a source's id, or "lesson" for a fixed argument of the lesson's own computations).
// Every lesson is checked, a new one too.
const NAMES_WITH_DIGITS = /GPT-2|Llama 2|ResNet-50|Qwen2\.5|WikiText-103|CC100|T5|tensor2tensor|float32|\b(?:19|20)\d\d\b|docs\/\S+/g;
const TYPED = /[−-]\s?\d|=\s?[1-9]|\d*[3-9]\d*|\d{2,}/g;
const NOTATION = /\b[A-Za-z][\w/]*\s?[−-]\s?1\b/g;
const STEP_REF = /\b[Ss]teps? (\d+)|ステップ (\d+)|第 (\d+) 步/g;
const LITERAL = /\{=([^{}]*)\}/g;
const LITERAL_TEXT = /^−?\d+(?:\.\d+)?$/;

for (const id of lessons) {
  test(`lesson ${id}: the prose types no number that a placeholder should give; every typed figure is a declared literal`, () => {
    const lesson = readJson(tut('lessons', `${id}.json`));
    const steps = lesson.steps.length;
    const literals = lesson.literals ?? {};
    const sourceIds = new Set((lesson.sources ?? []).map((s) => s.id));
    for (const [text, spec] of Object.entries(literals)) {
      assert.match(text, LITERAL_TEXT, `${id}: the literal “${text}” is one figure`);
      assert.ok(typeof spec.why === 'string' && spec.why.trim().length > 10, `${id}: the literal ${text} says why it is typed`);
      assert.ok(spec.from === 'lesson' || sourceIds.has(spec.from), `${id}: the literal ${text} comes from “${spec.from}”, which is neither "lesson" nor the id of one of its sources`);
    }
    const used = new Set();
    for (const c of codes) {
      for (const [where, s] of strings(readJson(tut('lessons', `${id}.${c}.json`)), `${id}.${c}`)) {
        let rest = s.replace(TEX, ' ').replace(LITERAL, (m, text) => {
          assert.match(text, LITERAL_TEXT, `${where}: {=${text}} marks one figure`);
          assert.ok(Object.hasOwn(literals, text), `${where}: {=${text}} is not declared in ${id}.json's literals`);
          used.add(text);
          return ' ';
        });
        rest = rest.replace(PLACEHOLDER, ' ').replace(TERM, ' ').replace(NAMES_WITH_DIGITS, ' ').replace(NOTATION, ' ');
        rest = rest.replace(STEP_REF, (m, ...n) => {
          const k = Number(n.slice(0, 3).find((x) => x !== undefined));
          assert.ok(k >= 1 && k <= steps, `${where}: “${m}” names no step of ${id} (1 … ${steps})`);
          return ' ';
        });
        const typed = rest.match(TYPED);
        assert.equal(typed, null, `${where} types ${JSON.stringify(typed)} in “${rest}”: bind it to a placeholder, or mark it {=…} and declare it in ${id}.json's literals`);
      }
    }
    // A literal that no text uses any more is stale: remove it.
    for (const text of Object.keys(literals)) assert.ok(used.has(text), `${id}: the literal ${text} is declared but no prose uses {=${text}}`);
  });
}

test('the build shows a marked literal as typed: {=10000} becomes 10000 in every prose string', () => {
  const prose = { title: 'Base {=10000}', steps: { a: { intro: ['{=3.5} and {x:2}', '- {=−1} to 1', '$a \\overset{?}{=} b$'] } } };
  assert.deepEqual(unmarkLiterals(prose), { title: 'Base 10000', steps: { a: { intro: ['3.5 and {x:2}', '- −1 to 1', '$a \\overset{?}{=} b$'] } } });
});

// Lessons stand alone (issue 11): no learner-facing string names the files the lessons were
// written from ("document 003", "000_9ef35bc84afd2ab9.txt", "the source document", 原文 / 文档 /
// 原始资料 / 資料 / ドキュメント); a source is cited in the lesson's `sources` instead.
const FILE_NAMES = /document|\d{3}_[0-9a-f]{8,}|\.txt\b|資料|ドキュメント|文書|原文|文档|资料|原始资料/i;
test('no prose, UI, glossary or course string names the files the lessons were written from', () => {
  const files = [
    ...codes.map((c) => `ui.${c}.json`), 'glossary.json', 'course.json',
    ...lessons.flatMap((id) => codes.map((c) => path.join('lessons', `${id}.${c}.json`))),
  ];
  for (const f of files) {
    for (const [where, s] of strings(readJson(tut(f)), f)) assert.doesNotMatch(s, FILE_NAMES, `${where}: “${s}” names a file the learner never sees`);
  }
  for (const id of lessons) {
    assert.equal(readJson(tut('lessons', `${id}.json`)).source, undefined, `${id}.json still has "source": cite it in "sources"`);
  }
});

// The "Sources" box of every lesson (tutorials/README.md, "Sources").
const ARXIV = /^(\d{2})(0[1-9]|1[0-2])\.\d{4,5}$/;
const GENRES = ['blog-post', 'tutorial', 'study-note', 'qa'];
const SOURCE_KEYS = {
  paper: ['id', 'kind', 'authors', 'year', 'title', 'venue', 'arxiv'],
  article: ['id', 'kind', 'genre', 'language', 'title', 'untitled', 'author', 'site'],
};
for (const id of lessons) {
  test(`lesson ${id}: cites its sources, each complete and well-formed`, () => {
    const { sources } = readJson(tut('lessons', `${id}.json`));
    assert.ok(Array.isArray(sources) && sources.length > 0, `${id}.json has a non-empty "sources" list`);
    const ids = sources.map((s) => s.id);
    assert.equal(new Set(ids).size, ids.length, `${id}: source ids are unique`);
    for (const s of sources) {
      assert.match(s.id ?? '', KEBAB, `${id}: source id ${s.id}`);
      assert.ok(Object.hasOwn(SOURCE_KEYS, s.kind), `${id}: source ${s.id} has kind ${s.kind} (paper or article)`);
      for (const k of Object.keys(s)) assert.ok(SOURCE_KEYS[s.kind].includes(k), `${id}: source ${s.id} has an unknown key ${k}`);
      if (s.kind === 'paper') {
        assert.ok(Array.isArray(s.authors) && s.authors.length > 0 && s.authors.every((a) => typeof a === 'string' && a.trim()), `${id}: paper ${s.id} names its authors`);
        assert.ok(Number.isInteger(s.year) && s.year >= 1990 && s.year <= 2030, `${id}: paper ${s.id} has a year`);
        assert.ok(typeof s.title === 'string' && s.title.trim(), `${id}: paper ${s.id} has a title`);
        const m = ARXIV.exec(s.arxiv ?? '');
        assert.ok(m, `${id}: paper ${s.id}'s arXiv id “${s.arxiv}” is yymm.nnnnn`);
        assert.ok(Number(m[1]) + 2000 <= s.year, `${id}: paper ${s.id} appeared on arXiv (20${m[1]}) no later than ${s.year}`);
        assert.ok(s.year - (Number(m[1]) + 2000) <= 3, `${id}: paper ${s.id}'s year ${s.year} is close to its arXiv id's`);
      } else {
        assert.ok(GENRES.includes(s.genre), `${id}: article ${s.id} has genre ${s.genre} (${GENRES.join(', ')})`);
        assert.match(s.language ?? '', /^[a-z]{2,3}$/, `${id}: article ${s.id} says its language`);
        assert.ok(s.untitled === true ? s.title === undefined : typeof s.title === 'string' && s.title.trim(), `${id}: article ${s.id} has a title as published, or "untitled": true`);
      }
      for (const [where, v] of strings(s, `${id}.sources`)) {
        assert.doesNotMatch(v, /\d{3}_[0-9a-f]{8,}|\.txt\b/, `${where}: a source is cited by what it is, not by our file name`);
        assert.doesNotMatch(v, /^https?:/, `${where}: no URL that posenc cannot check`);
      }
    }
  });
}

// The course: the lessons as a path in parts (home page) and the glossary's definitions.
test('course.json lists every part with a title in every language, every lesson once with its minutes and next', () => {
  const course = readJson(tut('course.json'));
  assert.ok(Array.isArray(course.parts) && course.parts.length >= 3, 'a course in parts');
  const seen = [];
  for (const part of course.parts) {
    assert.match(part.id, KEBAB, `part id ${part.id}`);
    for (const c of codes) assert.ok(typeof part.title?.[c] === 'string' && part.title[c].trim(), `part ${part.id} has a ${c} title`);
    for (const c of codes) assert.ok(typeof part.summary?.[c] === 'string' && part.summary[c].trim(), `part ${part.id} has a ${c} summary`);
    assert.ok(Array.isArray(part.lessons), `part ${part.id} lists its lessons`);
    for (const entry of part.lessons) {
      assert.ok(lessons.includes(entry.id), `course.json names ${entry.id}, which lessons/index.json does not list`);
      assert.ok(Number.isInteger(entry.minutes) && entry.minutes >= 3 && entry.minutes <= 60, `${entry.id}: minutes ${entry.minutes}`);
      seen.push(entry.id);
    }
  }
  assert.equal(new Set(seen).size, seen.length, 'each lesson appears once in the course');
  for (const id of lessons) assert.ok(seen.includes(id), `the course leaves out the lesson ${id}`);
  const flat = course.parts.flatMap((p) => p.lessons);
  flat.forEach((entry, i) => {
    if (i + 1 < flat.length) assert.equal(entry.next, flat[i + 1].id, `${entry.id}: next is the following lesson of the path`);
    else assert.equal(entry.next, null, `${entry.id}: the last lesson has next: null`);
  });
  assert.ok(lessons.includes(course.start), `the course starts at ${course.start}, a lesson`);
  assert.equal(course.start, flat[0].id, 'the course starts at its first lesson');
});

test('every glossary term has a definition in every language: one or two plain sentences', () => {
  const END = { ja: /。$/, zh: /。$/, en: /\.$/ };
  for (const [id, entry] of Object.entries(glossary)) {
    for (const c of codes) {
      const d = entry.definition?.[c];
      assert.ok(typeof d === 'string' && d.trim().length >= 12, `glossary term ${id} has no ${c} definition`);
      assert.doesNotMatch(d, /\{|\[\[|\$/, `glossary term ${id}: the ${c} definition is plain text`);
      if (END[c]) assert.match(d, END[c], `glossary term ${id}: the ${c} definition ends with a full stop`);
      const sentences = d.split(c === 'en' ? /\.\s+(?=[A-Z])/ : /。(?=.)/).length;
      assert.ok(sentences <= 3, `glossary term ${id}: the ${c} definition is short (${sentences} sentences)`);
    }
  }
});

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
      const rest = s.replace(TEX, ' ').replace(PLACEHOLDER, '0').replace(LITERAL, '0');
      assert.equal(rest.match(touching), null, `${where}: a figure without the space around it in “${rest}”`);
    }
  }
});
