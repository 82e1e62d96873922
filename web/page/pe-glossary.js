// pe-glossary.js: <pe-glossary>, the glossary page (/?page=glossary&lang=…): every term of
// tutorials/glossary.json with its definition in the current language and its rendering in the
// other languages, sorted in the current language's order; each entry has the anchor
// #term-<id>, so a term can be linked to.
// Leaves out: the popovers in the lessons (draw/term-card.js) and searching.
import { uiText } from '../lesson/i18n.js';
import { el } from '../draw/el.js';

class PeGlossary extends HTMLElement {
  show({ site, lang }) {
    const ui = (k, v) => uiText(site.ui, k, v);
    const collator = new Intl.Collator(site.languages.find((l) => l.code === lang)?.html ?? lang);
    const entries = Object.entries(site.glossary)
      .filter(([, e]) => typeof e[lang] === 'string')
      .sort((a, b) => collator.compare(a[1][lang], b[1][lang]));
    const list = el('dl', { className: 'glossary-list' });
    for (const [id, e] of entries) {
      const dt = el('dt', { id: `term-${id}`, textContent: e[lang] });
      dt.dataset.term = id;
      const others = site.languages.filter((l) => l.code !== lang && e[l.code]).map((l) => {
        const s = el('span', { textContent: e[l.code] });
        s.lang = l.html;
        return s;
      });
      const dd = el('dd', {}, el('p', { className: 'definition', textContent: e.definition?.[lang] ?? '' }));
      if (others.length) {
        const o = el('p', { className: 'others' }, el('span', { className: 'others-label', textContent: `${ui('glossaryOther')}: ` }));
        others.forEach((s, k) => { if (k) o.append(' · '); o.append(s); });
        dd.append(o);
      }
      list.append(el('div', { className: 'glossary-entry' }, dt, dd));
    }
    this.replaceChildren(
      el('h1', { textContent: ui('glossary') }),
      el('p', { className: 'lead', textContent: ui('glossaryIntro') }),
      list);
  }
}

if (!customElements.get('pe-glossary')) customElements.define('pe-glossary', PeGlossary);
