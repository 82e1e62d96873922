// prose.js: the markup of lesson texts (no DOM: draw/prose.js turns it into nodes).
//
//   {X[4]:1}         a computed value (template.js, format.js)   [[position-embedding]]  a glossary term
//   $E_{101} + P_0$  inline math (MathML rendered at build time, parsed as XML)
//   **strong**       emphasis;  a paragraph starting with "- " is a list item
// A text is a string or an array of paragraphs. A paragraph may be conditional on a value:
//   { "if": "lengths.facts.alibiHolds", "then": <text>, "else": <text> }
// (a reference as in placeholders; then/else are texts themselves, so conditions nest; a missing
// branch shows nothing). The value is true when it is true, a non-zero number or a non-empty
// string; false, 0, null, an Error or a missing value choose "else".
// TOKEN matches one piece of markup; its groups:
// 1 reference, 2 format, 3 glossary id, 4 TeX, 5 emphasised text.
// Leaves out: the DOM (draw/prose.js), links and nested markup (keep lesson prose plain).
import { SLOT, slotNames } from './template.js';

export const TOKEN = new RegExp(`${SLOT.source}|\\[\\[([a-z0-9]+(?:-[a-z0-9]+)*)\\]\\]|\\$((?:\\\\\\$|[^$])+)\\$|\\*\\*([^*]+)\\*\\*`, 'g');

// Names of values used by placeholders in a text (to know which edits redraw it).
export function placeholderNames(text, out = new Set()) {
  for (const p of [text].flat()) {
    if (isConditional(p)) {
      slotNames(`{${p.if}}`, out);
      placeholderNames(p.then ?? [], out);
      placeholderNames(p.else ?? [], out);
      continue;
    }
    for (const m of String(p).matchAll(TOKEN)) {
      if (m[1]) slotNames(m[0], out);
      else if (m[5]) placeholderNames(m[5], out);  // **{x}**: a placeholder inside emphasis
    }
  }
  return out;
}

// Every TeX string of a text (for the build-time renderer).
export function inlineTex(text) {
  const out = [];
  for (const p of [text].flat()) {
    if (isConditional(p)) { out.push(...inlineTex(p.then ?? []), ...inlineTex(p.else ?? [])); continue; }
    for (const m of String(p).matchAll(TOKEN)) if (m[4]) out.push(m[4].replace(/\\\$/g, '$'));
  }
  return out;
}

export function isConditional(p) {
  return p !== null && typeof p === 'object' && !Array.isArray(p) && typeof p.if === 'string';
}

// The branch a conditional paragraph takes for the value of its reference.
export function branch(p, value) {
  const yes = value === true || (typeof value === 'number' && value !== 0 && !Number.isNaN(value)) || (typeof value === 'string' && value !== '');
  return (yes ? p.then : p.else) ?? [];
}
