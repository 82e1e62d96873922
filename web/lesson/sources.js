// sources.js: a lesson's `sources` (tutorials/README.md, "Sources") as the pieces of one line
// each, in the current language's UI strings, without the DOM (blocks/pe-sources.js draws them).
//   paper   → { kind: 'paper', authors: 'Vaswani et al.', year: 2017, title, venue, arxiv: '1706.03762',
//               arxivUrl: 'https://arxiv.org/abs/1706.03762', label: 'paper' }
//   article → { kind: 'article', title (or the UI's "untitled"), label: 'tutorial · in Chinese', by }
// Authors: one or two family names in full, three or more as "First et al.".
// Leaves out: bibliographies in a citation style (BibTeX export).
import { uiText } from './i18n.js';

const GENRE = { 'blog-post': 'sourceGenreBlogPost', tutorial: 'sourceGenreTutorial', 'study-note': 'sourceGenreStudyNote', qa: 'sourceGenreQa' };

export function authorsText(authors, ui) {
  if (!Array.isArray(authors) || authors.length === 0) return '';
  if (authors.length === 1) return authors[0];
  if (authors.length === 2) return `${authors[0]} & ${authors[1]}`;
  return `${authors[0]} ${uiText(ui, 'sourceEtAl')}`;
}

// A language's name in the page's language (UI string languageJa, …), else its own name.
export function languageName(lang, ui) {
  const key = `language${lang.code[0].toUpperCase()}${lang.code.slice(1)}`;
  const t = uiText(ui, key);
  return t === key ? lang.name : t;
}

// languages: [{ code, name }] (languages.json) to name an article's language.
export function describeSource(source, ui, languages = []) {
  if (source.kind === 'paper') {
    const arxiv = typeof source.arxiv === 'string' && /^\d{4}\.\d{4,5}$/.test(source.arxiv) ? source.arxiv : null;
    return {
      kind: 'paper',
      id: source.id,
      authors: authorsText(source.authors, ui),
      year: source.year ?? null,
      title: source.title,
      venue: source.venue ?? null,
      arxiv,
      arxivUrl: arxiv ? `https://arxiv.org/abs/${arxiv}` : null,
      label: uiText(ui, 'sourcePaper'),
    };
  }
  const genre = GENRE[source.genre] ? uiText(ui, GENRE[source.genre]) : uiText(ui, 'sourceArticle');
  const lang = languages.find((l) => l.code === source.language);
  const parts = [genre];
  if (lang) parts.push(uiText(ui, 'sourceIn', { language: languageName(lang, ui) }));
  if (source.site) parts.push(source.site);
  return {
    kind: 'article',
    id: source.id,
    title: source.untitled ? uiText(ui, 'sourceUntitled') : source.title,
    titleLang: source.untitled ? null : (lang?.html ?? null),
    untitled: source.untitled === true,
    label: parts.join(' · '),
    // "by {author}" split around the name, so the name can carry its own language.
    by: source.author ? { name: source.author, around: uiText(ui, 'sourceBy', { author: '\u0001' }).split('\u0001') } : null,
  };
}

// Articles first, then papers by year, as the box lists them.
export function orderedSources(sources = []) {
  const papers = sources.filter((s) => s.kind === 'paper').sort((a, b) => (a.year ?? 0) - (b.year ?? 0));
  return [...sources.filter((s) => s.kind !== 'paper'), ...papers];
}
