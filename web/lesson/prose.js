// prose.js: the markup of lesson texts (no DOM: draw/prose.js turns it into nodes).
//
//   {X[4]:1}         a computed value (template.js, format.js)   [[position-embedding]]  a glossary term
//   [[lesson:rope]]  a link to another lesson (its title in the current language)
//   $E_{101} + P_0$  inline math (MathML rendered at build time, parsed as XML)
//   **strong**       emphasis;  a paragraph starting with "- " is a list item
// A text is a string, a conditional, or an array of them (paragraphs). A conditional is a sentence
// that holds only while a computed fact does:
//   { "if": "@collide", "then": "… exactly the same vector …", "else": ["…", "…"] }
// `if` is a reference to a computed value (dataflow.js), written "@collide" (or, as the training
// lessons of branch train-web write it, without the "@": "lengths.facts.alibiHolds"). The fact
// holds when the value is true, a number other than 0, a non-empty string or a non-empty list;
// false, 0, NaN, null, an Error or a missing value choose `else` (so an unfinished experiment's
// null shows the "not yet" text). `then` and `else` are texts themselves (so conditionals nest);
// a missing branch shows nothing. The page re-renders the text whenever the fact changes.
// TOKEN matches one piece of markup; its groups: 1 reference, 2 format, 3 glossary id, 4 TeX,
// 5 emphasised text, 6 lesson id of a link.
// Leaves out: the DOM (draw/prose.js), external links and nested markup (keep lesson prose plain).
import { SLOT, slotNames } from './template.js';

export const TOKEN = new RegExp(`${SLOT.source}|\\[\\[([a-z0-9]+(?:-[a-z0-9]+)*)\\]\\]|\\$((?:\\\\\\$|[^$])+)\\$|\\*\\*([^*]+)\\*\\*|\\[\\[lesson:([a-z0-9]+(?:-[a-z0-9]+)*)\\]\\]`, 'g');

export const isConditional = (p) => p !== null && typeof p === 'object' && !Array.isArray(p) && Object.hasOwn(p, 'if');

// The reference of a fact without its "@" ("@collide.length" → "collide.length").
export function factRef(ref) {
  const m = /^@?([A-Za-z_][\w-]*(?:\.[A-Za-z_]\w*|\[\d+\])*)$/.exec(String(ref));
  if (!m) throw new Error(`a conditional's "if" must be a reference like "@collide", not ${JSON.stringify(ref)}`);
  return m[1];
}

// The name a fact reference reads ("@collide.length" → "collide").
export function factName(ref) {
  return factRef(ref).split(/[.[]/)[0];
}

// Whether a computed value states a fact (anything else, errors and missing values included, does not).
export function holds(value) {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return !Number.isNaN(value) && value !== 0;
  if (typeof value === 'string') return value !== '';
  if (Array.isArray(value) || ArrayBuffer.isView(value)) return value.length > 0;
  return false;
}

// The branch a conditional paragraph takes for the value of its fact (train-web's name for it).
export function branch(p, value) {
  return (holds(value) ? p.then : p.else) ?? [];
}

// The paragraphs of a text with every conditional decided: a flat array of strings.
// fact(ref) → the value of the reference (without "@").
export function chooseParagraphs(text, fact, out = []) {
  if (text === undefined || text === null) return out;
  if (Array.isArray(text)) { text.forEach((p) => chooseParagraphs(p, fact, out)); return out; }
  if (isConditional(text)) {
    const ref = factRef(text.if);
    let v;
    try { v = fact(ref); } catch { v = undefined; }
    chooseParagraphs(branch(text, v), fact, out);
    return out;
  }
  out.push(String(text));
  return out;
}

// Names of the facts a text's conditionals read (to know which edits re-decide them).
export function factNames(text, out = new Set()) {
  if (Array.isArray(text)) text.forEach((p) => factNames(p, out));
  else if (isConditional(text)) {
    out.add(factName(text.if));
    factNames(text.then, out);
    factNames(text.else, out);
  }
  return out;
}

// Names of values used by placeholders and conditionals in a text (to know which edits redraw it).
export function placeholderNames(text, out = new Set()) {
  if (isConditional(text)) {
    out.add(factName(text.if));
    placeholderNames(text.then ?? [], out);
    placeholderNames(text.else ?? [], out);
    return out;
  }
  for (const p of [text].flat()) {
    if (isConditional(p)) { placeholderNames(p, out); continue; }
    for (const m of String(p).matchAll(TOKEN)) {
      if (m[1]) slotNames(m[0], out);
      else if (m[5]) placeholderNames(m[5], out);  // **{x}**: a placeholder inside emphasis
    }
  }
  return out;
}

// Lesson ids linked by [[lesson:id]] anywhere in a text (both branches of conditionals).
export function lessonLinks(text, out = new Set()) {
  if (isConditional(text)) { lessonLinks(text.then ?? [], out); lessonLinks(text.else ?? [], out); return out; }
  for (const p of [text].flat()) {
    if (isConditional(p)) { lessonLinks(p, out); continue; }
    for (const m of String(p).matchAll(TOKEN)) if (m[6]) out.add(m[6]);
  }
  return out;
}

// Every TeX string of a text, both branches of conditionals (for the build-time renderer).
export function inlineTex(text) {
  const out = [];
  const walk = (t) => {
    if (isConditional(t)) { walk(t.then ?? []); walk(t.else ?? []); return; }
    for (const p of [t].flat()) {
      if (isConditional(p)) walk(p);
      else for (const m of String(p).matchAll(TOKEN)) if (m[4]) out.push(m[4].replace(/\\\$/g, '$'));
    }
  };
  walk(text);
  return out;
}
