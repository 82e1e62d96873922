// prose.js: the markup of lesson texts (no DOM: draw/prose.js turns it into nodes).
//
//   {X[4]:1}         a computed value (template.js, format.js)   [[position-embedding]]  a glossary term
//   $E_{101} + P_0$  inline math (MathML rendered at build time, parsed as XML)
//   **strong**       emphasis;  a paragraph starting with "- " is a list item
// A text is a string or an array of paragraphs. TOKEN matches one piece of markup; its groups:
// 1 reference, 2 format, 3 glossary id, 4 TeX, 5 emphasised text.
// Leaves out: the DOM (draw/prose.js), links and nested markup (keep lesson prose plain).
import { SLOT, slotNames } from './template.js';

export const TOKEN = new RegExp(`${SLOT.source}|\\[\\[([a-z0-9]+(?:-[a-z0-9]+)*)\\]\\]|\\$((?:\\\\\\$|[^$])+)\\$|\\*\\*([^*]+)\\*\\*`, 'g');

// Names of values used by placeholders in a text (to know which edits redraw it).
export function placeholderNames(text, out = new Set()) {
  for (const p of [text].flat()) {
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
  for (const p of [text].flat()) for (const m of String(p).matchAll(TOKEN)) if (m[4]) out.push(m[4].replace(/\\\$/g, '$'));
  return out;
}
