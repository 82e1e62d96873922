// template.js: the one syntax for text with values in it, and its one implementation.
//
//   {name}        the value called name              "L = {L}", "pair {pairNumber}"
//   {name:fmt}    the same, written with format fmt  "{X[4]:1}", "{lambda:2}", "{share:%1}"
// name is a reference (X, X[2][0], A.weights, L.max: see path.js); fmt a format spec of format.js
// ('2' decimals, 'i' integer, 'e3' scientific, '%1' percent). Used by the prose (prose.js), the UI
// strings (i18n.js uiText), the labels of widgets and the data-label-* attributes of elements.
//   fillTemplate('L = {L}', (ref, fmt) => …) → the text with every slot the lookup answers filled
// Leaves out: escaping braces (no lesson text needs a literal "{name}").

export const SLOT = /\{([A-Za-z_][\w.[\]-]*)(?::([%\w]*))?\}/g;

// The text with each slot replaced by lookup(ref, fmt); a slot the lookup answers with undefined
// stays as written (so a missing value shows, and tests can find it).
export function fillTemplate(text, lookup) {
  return String(text).replace(SLOT, (slot, ref, fmt) => {
    const out = lookup(ref, fmt ?? '');
    return out === undefined ? slot : String(out);
  });
}

// The base names of the values a text's slots read ({X[2]:1} → X), added to `out`.
export function slotNames(text, out = new Set()) {
  for (const m of String(text).matchAll(SLOT)) out.add(m[1].split(/[.[]/)[0]);
  return out;
}

// A lookup from plain variables: fillTemplate(t, fromVars({ n: 3 })).
export function fromVars(vars = {}) {
  return (ref) => (Object.hasOwn(vars, ref) ? vars[ref] : undefined);
}
