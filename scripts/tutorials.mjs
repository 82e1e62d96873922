// tutorials.mjs: the lessons' part of the static build (called by bundle.mjs).
// Copies tutorials/*.json and tutorials/lessons/*.json into <dist>/tutorials/ and renders every TeX
// string of each lesson (its `math` blocks and the `$…$` inside its prose, all languages) to
// MathML with KaTeX (output 'mathml': no web fonts, no HTML, no style attributes) into
// <dist>/tutorials/lessons/<id>.math.json, a map from the TeX source to its <math> element.
// A TeX error, or MathML carrying a style attribute (refused by the CSP), fails the build.
// A marked literal in a lesson's prose, {=10000} (a figure quoted from a source, declared in the
// lesson's `literals`), is written out as typed, 10000: the page never sees the marker.
// Leaves out: checking the lessons' structure and languages (tests/js/tutorials.test.mjs does).
import fs from 'node:fs';
import path from 'node:path';
import katex from 'katex';

const TEX = /\$((?:\\\$|[^$])+)\$/g;

// The TeX of a lesson's math blocks and of a prose file's $…$ spans, added to the set `out`
// (also used by bin/preview.mjs for an author's lessons, which may be malformed: hence `b?.`).
export function texOfBlocks(blocks, out) {
  for (const b of blocks ?? []) {
    if (typeof b?.math === 'string') out.add(b.math);
    if (Array.isArray(b?.columns)) b.columns.forEach((col) => texOfBlocks(col, out));
  }
}

export function texOfProse(value, out) {
  if (typeof value === 'string') {
    // Placeholders and glossary terms never contain "$"; only $…$ spans are TeX.
    for (const m of value.matchAll(TEX)) out.add(m[1].replace(/\\\$/g, '$'));
  } else if (Array.isArray(value)) value.forEach((v) => texOfProse(v, out));
  else if (value && typeof value === 'object') Object.values(value).forEach((v) => texOfProse(v, out));
}

const LITERAL = /\{=(−?\d+(?:\.\d+)?)\}/g;  // one figure: {=10000}, {=3.5}, {=−1} (TeX's {=} is left alone)

// Every string of a prose file with its marked literals written as typed: {=3.5} → 3.5.
export function unmarkLiterals(value) {
  if (typeof value === 'string') return value.replace(LITERAL, '$1');
  if (Array.isArray(value)) return value.map(unmarkLiterals);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unmarkLiterals(v)]));
  return value;
}

export function renderMath(tex) {
  const html = katex.renderToString(tex, { output: 'mathml', throwOnError: true, strict: 'ignore', trust: false });
  const m = /<math[\s\S]*<\/math>/.exec(html);
  if (!m) throw new Error(`KaTeX gave no <math> for ${tex}`);
  if (/\sstyle=/.test(m[0])) throw new Error(`the MathML of ${tex} has a style attribute, which the CSP refuses`);
  return m[0];
}

export function bundleTutorials(top, dist) {
  const src = path.join(top, 'tutorials');
  const out = path.join(dist, 'tutorials');
  fs.mkdirSync(path.join(out, 'lessons'), { recursive: true });
  const prose = /^[a-z0-9-]+\.[a-z]{2,3}\.json$/;  // lessons/<id>.<lang>.json
  for (const dir of ['', 'lessons']) {
    for (const f of fs.readdirSync(path.join(src, dir))) {
      if (!f.endsWith('.json')) continue;
      if (dir === 'lessons' && prose.test(f)) {
        const text = unmarkLiterals(JSON.parse(fs.readFileSync(path.join(src, dir, f), 'utf8')));
        fs.writeFileSync(path.join(out, dir, f), JSON.stringify(text));
      } else fs.copyFileSync(path.join(src, dir, f), path.join(out, dir, f));
    }
  }
  const { lessons } = JSON.parse(fs.readFileSync(path.join(src, 'lessons', 'index.json'), 'utf8'));
  let count = 0;
  for (const id of lessons) {
    const tex = new Set();
    const lesson = JSON.parse(fs.readFileSync(path.join(src, 'lessons', `${id}.json`), 'utf8'));
    for (const step of lesson.steps ?? []) texOfBlocks(step.blocks, tex);
    for (const f of fs.readdirSync(path.join(src, 'lessons'))) {
      if (f.startsWith(`${id}.`) && f !== `${id}.json` && f.endsWith('.json') && !f.endsWith('.math.json')) {
        texOfProse(JSON.parse(fs.readFileSync(path.join(src, 'lessons', f), 'utf8')), tex);
      }
    }
    const map = {};
    for (const t of tex) {
      try { map[t] = renderMath(t); } catch (err) { throw new Error(`lesson ${id}: ${err.message}`); }
    }
    count += tex.size;
    fs.writeFileSync(path.join(out, 'lessons', `${id}.math.json`), JSON.stringify(map));
  }
  return { lessons: lessons.length, math: count };
}
