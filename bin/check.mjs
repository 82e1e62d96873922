// check.mjs: `posenc check <folder>`: validates an author's lesson folder before it is shown.
//
//   <folder>/<id>.json          the lesson's data (schemas/lesson.schema.json)
//   <folder>/<id>.<lang>.json   its prose, one file per language of tutorials/languages.json
//                               (schemas/prose.schema.json)
//   <folder>/glossary.json      optional: the author's own glossary terms (as tutorials/glossary.json)
//
//   const { lessons, problems } = await checkFolder('my-lessons');
//   problems: [{ file, path, rule, message }], e.g.
//   { file: 'my-lessons/waves.json', path: '$.compute.P.call', rule: 'unknown-call',
//     message: '"sinusoidl" is not a function of the posenc API (did you mean "sinusoidal"?)' }
//
// Rules: json, schema:<keyword>, id-mismatch, id-taken, missing-sources, missing-language,
// missing-prose-key, unknown-call, unknown-helper, unknown-widget, broken-reference,
// input-without-bounds, value-out-of-bounds, undeclared-literal, math.
// Leaves out: the built-in lessons' own editorial rules (typed numbers, CJK spacing, file names:
// tests/js/tutorials.test.mjs) and running the computations (preview does).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { validate, child } from './json-schema.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const pkgRoot = path.resolve(here, '..');
const first = (...candidates) => candidates.find((p) => fs.existsSync(p));

// Where posenc's own files are: the repository (tutorials/, web/) or an installed package (dist/).
export function posencPaths() {
  const web = first(path.join(pkgRoot, 'web', 'wasm', 'posenc_core.wasm')) ? path.join(pkgRoot, 'web') : path.join(pkgRoot, 'dist');
  const tutorials = first(path.join(pkgRoot, 'tutorials', 'languages.json')) ? path.join(pkgRoot, 'tutorials') : path.join(pkgRoot, 'dist', 'tutorials');
  return { root: pkgRoot, web, tutorials, schemas: path.join(pkgRoot, 'schemas') };
}

const KEBAB = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const PROSE_FILE = /^(.+)\.([a-z]{2,3})\.json$/;
const PLACEHOLDER = /\{([A-Za-z_][\w.[\]-]*)(?::([%\w]*))?\}/g;
const TERM = /\[\[([^\]]+)\]\]/g;
const TEX = /\$((?:\\\$|[^$])+)\$/g;
const LITERAL = /\{=([^{}]*)\}/g;
const SIZE_KINDS = ['integer', 'number'];
const LABELLED_KINDS = ['integer', 'number', 'choice', 'boolean', 'text'];
const LABEL_WORDS = new Set(['index', 'positions', 'heads']);

const readJson = (p) => JSON.parse(fs.readFileSync(p, 'utf8'));

function distance(a, b) {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) for (let j = 1; j <= b.length; j++) {
    d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1].toLowerCase() === b[j - 1].toLowerCase() ? 0 : 1));
  }
  return d[a.length][b.length];
}
function suggest(name, known) {
  const best = [...known].map((k) => [k, distance(String(name), k)]).sort((x, y) => x[1] - y[1])[0];
  return best && best[1] <= Math.max(2, Math.floor(String(name).length / 3)) ? ` (did you mean "${best[0]}"?)` : '';
}

// Every string inside a prose value, with its JSON path.
function strings(value, where, out = []) {
  if (typeof value === 'string') out.push([where, value]);
  else if (Array.isArray(value)) value.forEach((v, i) => strings(v, child(where, i), out));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) if (k !== '$schema') strings(v, child(where, k), out);
  return out;
}
function keyPaths(value, prefix = '$', out = new Map()) {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) if (k !== '$schema') keyPaths(v, child(prefix, k), out);
  } else out.set(prefix, true);
  return out;
}
// "@E", "@A.weights", "@X[2]" → [path, name]; "@@text" is a literal string.
function refsIn(arg, where, out = []) {
  if (typeof arg === 'string') { if (arg.startsWith('@') && !arg.startsWith('@@')) out.push([where, arg.slice(1).split(/[.[]/)[0]]); }
  else if (Array.isArray(arg)) arg.forEach((a, i) => refsIn(a, child(where, i), out));
  else if (arg && typeof arg === 'object') for (const [k, a] of Object.entries(arg)) refsIn(a, child(where, k), out);
  return out;
}
function allBlocks(blocks, where, out = []) {
  (blocks ?? []).forEach((b, i) => {
    const at = child(where, i);
    out.push([at, b]);
    if (Array.isArray(b?.columns)) b.columns.forEach((col, c) => allBlocks(col, child(child(at, 'columns'), c), out));
  });
  return out;
}

let apiPromise = null;
async function loadKnown(paths) {
  apiPromise ??= (async () => {
    const { loadPosenc } = await import(pathToFileURL(path.join(paths.web, 'api', 'posenc.js')).href);
    const api = await loadPosenc();
    const helpers = await import(pathToFileURL(path.join(paths.web, 'lesson', 'helpers.js')).href);
    let renderMath = null;
    try { ({ renderMath } = await import(pathToFileURL(path.join(paths.root, 'scripts', 'tutorials.mjs')).href)); } catch { /* KaTeX absent: TeX is not checked */ }
    return {
      calls: new Set(Object.keys(api).filter((k) => typeof api[k] === 'function')),
      helpers: new Set(Object.keys(helpers).filter((k) => typeof helpers[k] === 'function')),
      renderMath,
    };
  })();
  return apiPromise;
}

export async function checkFolder(folder, { paths = posencPaths() } = {}) {
  const problems = [];
  const rel = (f) => path.relative(process.cwd(), f) || f;
  const report = (file, where, rule, message) => problems.push({ file: rel(file), path: where, rule, message });
  if (!fs.existsSync(folder) || !fs.statSync(folder).isDirectory()) {
    report(folder, '$', 'folder', 'is not a folder');
    return { lessons: [], problems };
  }
  const known = await loadKnown(paths);
  const languages = readJson(path.join(paths.tutorials, 'languages.json')).map((l) => l.code);
  const builtIn = new Set(readJson(path.join(paths.tutorials, 'lessons', 'index.json')).lessons);
  const lessonSchema = readJson(path.join(paths.schemas, 'lesson.schema.json'));
  const proseSchema = readJson(path.join(paths.schemas, 'prose.schema.json'));
  const glossary = { ...readJson(path.join(paths.tutorials, 'glossary.json')) };
  const files = fs.readdirSync(folder).filter((f) => f.endsWith('.json')).sort();

  const parse = (file) => {
    try { return readJson(file); } catch (err) { report(file, '$', 'json', `is not valid JSON: ${err.message}`); return undefined; }
  };
  if (files.includes('glossary.json')) Object.assign(glossary, parse(path.join(folder, 'glossary.json')) ?? {});

  const lessonFiles = files.filter((f) => f !== 'glossary.json' && !PROSE_FILE.test(f));
  if (lessonFiles.length === 0) report(folder, '$', 'no-lesson', 'holds no lesson: write <id>.json and one <id>.<lang>.json per language');
  for (const f of files) {
    const m = PROSE_FILE.exec(f);
    if (m && !lessonFiles.includes(`${m[1]}.json`)) report(path.join(folder, f), '$', 'broken-reference', `is prose of a lesson "${m[1]}", but ${m[1]}.json is missing`);
  }

  const lessons = [];
  for (const f of lessonFiles) {
    const file = path.join(folder, f);
    const id = f.slice(0, -'.json'.length);
    const lesson = parse(file);
    if (lesson === undefined) continue;
    lessons.push(id);
    const noSources = !Array.isArray(lesson.sources) || lesson.sources.length === 0;
    for (const e of validate(lessonSchema, lesson)) {
      // Rules below word these better than the schema.
      if (noSources && ((e.path === '$' && /"sources"/.test(e.message)) || e.path === '$.sources')) continue;
      report(file, e.path, e.rule, e.message);
    }
    if (typeof lesson !== 'object' || lesson === null || Array.isArray(lesson)) continue;
    if (lesson.id !== id) report(file, '$.id', 'id-mismatch', `is ${JSON.stringify(lesson.id)}; must be "${id}", the file's name`);
    if (!KEBAB.test(id)) report(file, '$.id', 'schema:pattern', `the id "${id}" must be kebab-case (a-z, 0-9 and single hyphens)`);
    if (builtIn.has(id)) report(file, '$.id', 'id-taken', `"${id}" is already a lesson of posenc: choose another id`);
    if (noSources) report(file, '$.sources', 'missing-sources', 'a lesson cites what it is built on: add "sources" with at least one paper or article');

    const inputs = lesson.inputs && typeof lesson.inputs === 'object' ? lesson.inputs : {};
    const compute = lesson.compute && typeof lesson.compute === 'object' ? lesson.compute : {};
    const steps = Array.isArray(lesson.steps) ? lesson.steps : [];
    const experiments = lesson.experiments && typeof lesson.experiments === 'object' ? lesson.experiments : {};
    // Names a reference may use: inputs, computations and experiments (their measured results).
    const names = new Set([...Object.keys(inputs), ...Object.keys(compute), ...Object.keys(experiments)]);
    const sourceIds = new Set((lesson.sources ?? []).map((s) => s?.id));

    for (const [name, spec] of Object.entries(inputs)) {
      const at = child('$.inputs', name);
      if (!SIZE_KINDS.includes(spec?.kind)) continue;
      const missing = ['min', 'max'].filter((k) => !Number.isFinite(spec[k]));
      if (missing.length) report(file, at, 'input-without-bounds', `the ${spec.kind} input ${name} has no ${missing.join(' and ')}: the page refuses values outside min … max before the core allocates`);
      else if (!(spec.value >= spec.min && spec.value <= spec.max)) report(file, child(at, 'value'), 'value-out-of-bounds', `${spec.value} is outside ${spec.min} … ${spec.max}`);
    }
    for (const [name, node] of Object.entries(compute)) {
      const at = child('$.compute', name);
      if (node?.call !== undefined && !known.calls.has(node.call)) report(file, child(at, 'call'), 'unknown-call', `"${node.call}" is not a function of the posenc API${suggest(node.call, known.calls)}`);
      if (node?.helper !== undefined && !known.helpers.has(node.helper)) report(file, child(at, 'helper'), 'unknown-helper', `"${node.helper}" is not a helper${suggest(node.helper, known.helpers)}`);
      if (node && node.call === undefined && node.helper === undefined) report(file, at, 'schema:required', 'needs "call" (a posenc API function) or "helper"');
      for (const [w, r] of refsIn(node?.args ?? [], child(at, 'args'))) if (!names.has(r)) report(file, w, 'broken-reference', `@${r} names no input or computation${suggest(r, names)}`);
    }
    for (const [name, spec] of Object.entries(experiments)) {
      for (const [w, r] of refsIn(spec, child('$.experiments', name))) if (!names.has(r)) report(file, w, 'broken-reference', `@${r} names no input or computation${suggest(r, names)}`);
    }
    for (const [text, spec] of Object.entries(lesson.literals ?? {})) {
      if (spec?.from !== 'lesson' && !sourceIds.has(spec?.from)) report(file, child(child('$.literals', text), 'from'), 'broken-reference', `"${spec?.from}" is neither "lesson" nor the id of one of the lesson's sources`);
    }

    const keysUsed = []; // [where in the lesson, step id, key]
    steps.forEach((step, s) => {
      for (const [at, b] of allBlocks(step?.blocks, child(child('$.steps', s), 'blocks'))) {
        if (!b || typeof b !== 'object') continue;
        if (typeof b.experiment === 'string' && !Object.hasOwn(experiments, b.experiment)) report(file, child(at, 'experiment'), 'broken-reference', `"${b.experiment}" names no experiment of this lesson${suggest(b.experiment, Object.keys(experiments))}`);
        for (const k of ['matrix', 'heatmap', 'input', 'error']) {
          if (typeof b[k] === 'string' && !names.has(b[k])) report(file, child(at, k), 'broken-reference', `"${b[k]}" names no input or computation${suggest(b[k], names)}`);
        }
        for (const k of ['series', 'rowLabels', 'colLabels', 'highlightRows', 'xs', 'props']) {
          for (const [w, r] of refsIn(b[k], child(at, k))) if (!names.has(r)) report(file, w, 'broken-reference', `@${r} names no input or computation${suggest(r, names)}`);
        }
        if (typeof b.widget === 'string' && !fs.existsSync(path.join(paths.web, 'blocks', `${b.widget}.js`))) report(file, child(at, 'widget'), 'unknown-widget', `there is no widget ${b.widget}`);
        for (const k of ['text', 'note', 'caption', 'rowHeader', 'x', 'y']) if (typeof b[k] === 'string') keysUsed.push([child(at, k), step.id, b[k]]);
        (Array.isArray(b.series) ? b.series : []).forEach((sr, i) => { if (typeof sr?.label === 'string') keysUsed.push([child(child(child(at, 'series'), i), 'label'), step.id, sr.label]); });
        for (const k of ['rowLabels', 'colLabels']) if (typeof b[k] === 'string' && !b[k].startsWith('@') && !LABEL_WORDS.has(b[k])) report(file, child(at, k), 'schema:enum', `"${b[k]}" must be an array, a reference or one of ${[...LABEL_WORDS].join(', ')}`);
      }
    });

    // The prose, one file per language.
    const proses = {};
    for (const lang of languages) {
      const pf = path.join(folder, `${id}.${lang}.json`);
      if (!fs.existsSync(pf)) { report(pf, '$', 'missing-language', `the lesson ${id} has no ${lang} prose: write ${id}.${lang}.json`); continue; }
      const prose = parse(pf);
      if (prose === undefined) continue;
      proses[lang] = prose;
      for (const e of validate(proseSchema, prose)) report(pf, e.path, e.rule, e.message);
      if (!prose || typeof prose !== 'object') continue;
      const has = (stepId, key) => Object.hasOwn(prose.steps?.[stepId] ?? {}, key) || Object.hasOwn(prose.labels ?? {}, key);
      for (const step of steps) {
        if (typeof step?.id === 'string' && !prose.steps?.[step.id]) report(pf, child('$.steps', step.id), 'missing-prose-key', `the step ${step.id} has no ${lang} entry (its title and texts)`);
      }
      for (const [where, stepId, key] of keysUsed) {
        if (!has(stepId, key)) report(pf, prose.steps?.[stepId] ? child(child('$.steps', stepId), key) : child('$.labels', key), 'missing-prose-key', `"${key}" (used at ${id}.json ${where}) is in neither steps.${stepId} nor labels`);
      }
      for (const [name, spec] of Object.entries(inputs)) {
        if (LABELLED_KINDS.includes(spec?.kind) && !Object.hasOwn(prose.labels ?? {}, name)) report(pf, child('$.labels', name), 'missing-prose-key', `the input ${name} has no label`);
        for (const opt of Array.isArray(spec?.options) ? spec.options : []) if (!Object.hasOwn(prose.labels ?? {}, opt)) report(pf, child('$.labels', opt), 'missing-prose-key', `the choice ${opt} of ${name} has no label`);
      }
      for (const [where, s] of strings(prose, '$')) {
        const outside = s.replace(TEX, ' ');
        for (const m of outside.matchAll(PLACEHOLDER)) {
          const base = m[1].split(/[.[]/)[0];
          if (!names.has(base)) { report(pf, where, 'broken-reference', `{${m[1]}} names no input or computation${suggest(base, names)}`); continue; }
          const limit = /^[A-Za-z_][\w-]*\.(min|max|step)$/.exec(m[1]);
          const spec = inputs[base];
          if (limit && spec && !(SIZE_KINDS.includes(spec.kind) && Number.isFinite(spec[limit[1]]))) report(pf, where, 'broken-reference', `{${m[1]}} reads a ${limit[1]} that the input ${base} does not state`);
        }
        for (const m of s.matchAll(TERM)) {
          // [[lesson:id]] links to a lesson of posenc or of this folder; anything else is a glossary term.
          const link = /^lesson:(.*)$/.exec(m[1]);
          if (link) { if (!builtIn.has(link[1]) && !lessonFiles.includes(`${link[1]}.json`)) report(pf, where, 'broken-reference', `[[${m[1]}]] links to no lesson${suggest(link[1], [...builtIn, ...lessonFiles.map((x) => x.slice(0, -5))])}`); continue; }
          if (!glossary[m[1]]) report(pf, where, 'broken-reference', `[[${m[1]}]] is not a glossary term${suggest(m[1], Object.keys(glossary))}; add it to glossary.json in this folder`);
        }
        for (const m of outside.matchAll(LITERAL)) if (!Object.hasOwn(lesson.literals ?? {}, m[1])) report(pf, where, 'undeclared-literal', `{=${m[1]}} is not declared in ${id}.json's "literals" (why it is typed, and from which source)`);
        if (known.renderMath) {
          for (const m of s.matchAll(TEX)) {
            try { known.renderMath(m[1].replace(/\\\$/g, '$')); } catch (err) { report(pf, where, 'math', `$${m[1]}$ does not render: ${err.message}`); }
          }
        }
      }
    }
    // Keys that one language has and another lacks.
    const present = Object.keys(proses);
    const pathsOf = new Map(present.map((l) => [l, keyPaths(proses[l])]));
    const all = new Set(present.flatMap((l) => [...pathsOf.get(l).keys()]));
    for (const lang of present) {
      const mine = pathsOf.get(lang);
      for (const k of all) {
        if (!mine.has(k)) {
          const others = present.filter((l) => l !== lang && pathsOf.get(l).has(k));
          report(path.join(folder, `${id}.${lang}.json`), k, 'missing-prose-key', `is missing in ${lang} but present in ${others.join(', ')}`);
        }
      }
    }
    if (known.renderMath) {
      for (const [at, b] of steps.flatMap((st, s) => allBlocks(st?.blocks, child(child('$.steps', s), 'blocks')))) {
        if (typeof b?.math === 'string') {
          try { known.renderMath(b.math); } catch (err) { report(file, child(at, 'math'), 'math', `does not render: ${err.message}`); }
        }
      }
    }
  }
  const seen = new Set();
  const unique = problems.filter((p) => { const k = `${p.file}\n${p.path}\n${p.rule}${p.rule === 'missing-prose-key' ? '' : `\n${p.message}`}`; if (seen.has(k)) return false; seen.add(k); return true; });
  return { lessons, problems: unique };
}

export const formatProblem = (p) => `${p.file}: ${p.path}: ${p.rule}: ${p.message}`;
