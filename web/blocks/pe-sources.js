// pe-sources.js: <pe-sources>, the "Sources" box of a lesson: the papers (authors, year, title,
// venue, an arXiv link written as text "arXiv:1706.03762") and the articles (title in its own
// language, kind, language, site, author) the lesson is built on, in the current language's UI
// strings (lesson/sources.js). A link is only a link: nothing is fetched.
// Leaves out: citation styles and BibTeX.
import { describeSource, orderedSources } from '../lesson/sources.js';
import { uiText } from '../lesson/i18n.js';
import { el } from '../draw/el.js';

class PeSources extends HTMLElement {
  // sources: the lesson's `sources`; ui: the UI strings; languages: languages.json
  show({ sources = [], ui, languages = [], compact = false }) {
    const heading = el(compact ? 'summary' : 'h3', { className: 'sources-title', textContent: uiText(ui, 'sources') });
    const list = el('ol', { className: 'source-list' });
    for (const s of orderedSources(sources)) {
      const d = describeSource(s, ui, languages);
      const li = el('li', { className: `source-item ${d.kind}` });
      li.dataset.source = d.id;
      li.append(el('span', { className: 'kind', textContent: d.label }));
      if (d.kind === 'paper') {
        const cite = el('cite', { textContent: d.title });
        const line = el('span', { className: 'line' }, `${d.authors}${d.year ? ` (${d.year})` : ''}. `, cite);
        if (d.venue) line.append(`. ${d.venue}`);
        li.append(line);
        if (d.arxiv) {
          const a = el('a', { className: 'arxiv', href: d.arxivUrl, rel: 'noopener noreferrer', textContent: `${uiText(ui, 'sourceArxiv')}:${d.arxiv}` });
          li.append(' ', a);
        }
      } else {
        const cite = el('cite', { textContent: d.title });
        if (d.titleLang) cite.lang = d.titleLang;
        if (d.untitled) cite.className = 'untitled';
        const line = el('span', { className: 'line' }, cite);
        if (d.by) {
          const name = el('span', { textContent: d.by.name });
          if (d.titleLang) name.lang = d.titleLang;
          line.append(' ', el('span', { className: 'by' }, d.by.around[0] ?? '', name, d.by.around[1] ?? ''));
        }
        li.append(line);
      }
      list.append(li);
    }
    this.className = 'sources';
    if (compact) {
      const details = el('details', {}, heading, list);
      this.replaceChildren(details);
    } else {
      this.setAttribute('role', 'region');
      heading.id = `sources-${Math.random().toString(36).slice(2, 8)}`;
      this.setAttribute('aria-labelledby', heading.id);
      this.replaceChildren(heading, list);
    }
  }
}

if (!customElements.get('pe-sources')) customElements.define('pe-sources', PeSources);
