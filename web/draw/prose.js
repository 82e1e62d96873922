// prose.js: lesson texts (markup: lesson/prose.js) turned into DOM nodes, never through HTML
// parsing. Text from the lesson files goes in as text nodes; the only markup inserted is KaTeX's
// MathML, produced at build time from the lessons' own TeX and parsed as XML. Conditionals are
// decided by lesson/prose.js (chooseParagraphs) before anything is drawn; glossary terms become
// popovers (term-card.js); [[lesson:id]] a link to that lesson.
// Leaves out: the grammar of the markup (lesson/prose.js).
import { TOKEN, chooseParagraphs } from '../lesson/prose.js';
import { formatValue } from '../lesson/format.js';
import { termCard } from './term-card.js';

const MATHML = 'http://www.w3.org/1998/Math/MathML';

export function mathNode(mathml, tex, display) {
  if (typeof mathml === 'string') {
    const doc = new DOMParser().parseFromString(mathml, 'application/xml');
    const root = doc.documentElement;
    if (root && root.namespaceURI === MATHML && !doc.querySelector('parsererror')) {
      const node = document.importNode(root, true);
      if (display) node.setAttribute('display', 'block');
      return node;
    }
  }
  const code = document.createElement('code');
  code.className = 'tex';
  code.textContent = tex;
  return code;
}

// ctx: { value(ref) → value, term(id) → { text, definition, others } | null,
//        math(tex) → MathML string, lessonLink(id) → { href, title } | null }
export function inline(text, ctx) {
  const frag = document.createDocumentFragment();
  let last = 0;
  const s = String(text);
  for (const m of s.matchAll(TOKEN)) {
    if (m.index > last) frag.append(s.slice(last, m.index));
    last = m.index + m[0].length;
    if (m[1]) {
      const span = document.createElement('span');
      span.className = 'value';
      let v;
      try { v = ctx.value(m[1]); } catch { v = undefined; }
      span.textContent = formatValue(v, m[2] ?? '');
      // A long value (a vector) may wrap between its entries instead of running off the page.
      if (span.textContent.length > 24) span.classList.add('long');
      frag.append(span);
    } else if (m[3]) {
      const term = ctx.term(m[3]);
      if (!term) { frag.append(m[0]); continue; }
      frag.append(termCard(term, m[3]));
    } else if (m[4]) {
      const tex = m[4].replace(/\\\$/g, '$');
      frag.append(mathNode(ctx.math(tex), tex, false));
    } else if (m[5]) {
      const strong = document.createElement('strong');
      strong.append(inline(m[5], ctx));
      frag.append(strong);
    } else if (m[6]) {
      const link = ctx.lessonLink?.(m[6]);
      if (!link) { frag.append(m[0]); continue; }
      const a = document.createElement('a');
      a.className = 'lesson-link';
      a.href = link.href;
      a.dataset.lesson = m[6];
      a.textContent = link.title;
      frag.append(a);
    }
  }
  if (last < s.length) frag.append(s.slice(last));
  return frag;
}

export function paragraphs(text, ctx) {
  const frag = document.createDocumentFragment();
  let list = null;
  for (const s of chooseParagraphs(text, (ref) => ctx.value(ref))) {
    if (s.startsWith('- ')) {
      if (!list) { list = document.createElement('ul'); frag.append(list); }
      const li = document.createElement('li');
      li.append(inline(s.slice(2), ctx));
      list.append(li);
    } else {
      list = null;
      const el = document.createElement('p');
      el.append(inline(s, ctx));
      frag.append(el);
    }
  }
  return frag;
}
