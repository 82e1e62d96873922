// print-layout.js: the handout of a lesson ("Print this lesson"): every step one after another,
// each with its blocks drawn from the learner's current values, then the lesson's sources box.
// The layout is hidden on screen (the `hidden` attribute) and shown by print.css (media=print),
// which also hides the interactive step, unclips tables and keeps plots as SVG (vectors).
//
//   const root = await buildPrintLayout({ title, steps: [{ title, build(registry) → nodes }], sources, ui });
//
// Resolves once every lazily loaded block (heatmaps, plots, widgets) has replaced its placeholder.
// Leaves out: the page's own print button and window.print() (pe-lesson.js), page size and margins
// (print.css).
import { el } from '../draw/el.js';

const GENRE_KEYS = { 'blog-post': 'sourceGenreBlogPost', tutorial: 'sourceGenreTutorial', 'study-note': 'sourceGenreStudyNote', qa: 'sourceGenreQa' };

// One source as a line of text (and an arXiv link), in the page's language.
export function sourceItem(source, ui) {
  const li = el('li', { className: `source ${source.kind}` });
  if (source.kind === 'paper') {
    const authors = source.authors ?? [];
    const who = authors.length > 3 ? `${authors[0]} ${ui('sourceEtAl')}` : authors.join(', ');
    const parts = [who && `${who} (${source.year})`, source.title, source.venue].filter(Boolean);
    li.append(el('span', { textContent: `${ui('sourcePaper')}: ${parts.join('. ')}` }));
    if (source.arxiv) {
      li.append(' · ', el('a', { href: `https://arxiv.org/abs/${source.arxiv}`, textContent: `${ui('sourceArxiv')} ${source.arxiv}` }));
    }
  } else {
    const bits = [source.untitled ? ui('sourceUntitled') : source.title];
    if (GENRE_KEYS[source.genre]) bits.push(ui(GENRE_KEYS[source.genre]));
    if (source.author) bits.push(ui('sourceBy', { author: source.author }));
    if (source.site) bits.push(source.site);
    if (source.language) bits.push(ui('sourceIn', { language: source.language }));
    li.append(el('span', { textContent: `${ui('sourceArticle')}: ${bits.filter(Boolean).join(' · ')}` }));
  }
  return li;
}

export function sourcesBox(sources, ui) {
  const box = el('aside', { className: 'sources-box' }, el('h2', { textContent: ui('sources') }));
  box.append(el('ul', {}, ...sources.map((s) => sourceItem(s, ui))));
  return box;
}

// Columns an A4 portrait line holds at print.css's table size (7.5pt, numbers of up to 7 characters).
const WIDE_TABLE_COLUMNS = 10;
const settle = () => new Promise((r) => setTimeout(r, 30));

export async function buildPrintLayout({ title, steps, sources, ui }) {
  const root = el('div', { className: 'print-all' });
  root.hidden = true;
  root.append(el('h1', { className: 'print-title', textContent: title }));
  steps.forEach((step, i) => {
    const registry = [];
    const section = el('section', { className: 'print-step' },
      el('h2', { textContent: `${ui('stepOf', { n: i + 1, count: steps.length })} · ${step.title}` }),
      el('div', { className: 'blocks' }, ...step.build(registry)));
    root.append(section);
    for (const b of registry) b.update(null);
  });
  if (sources.length) root.append(sourcesBox(sources, ui));
  // Lazy blocks replace their placeholder once their module has loaded (page/blocks.js).
  for (let i = 0; i < 400 && root.querySelector('.block-loading'); i++) await settle();
  // A wide table (more columns than an A4 line holds at print size) gets print.css's fitted layout.
  for (const table of root.querySelectorAll('table')) {
    const cols = Math.max(0, ...Array.from(table.rows, (r) => r.cells.length));
    if (cols > WIDE_TABLE_COLUMNS) table.classList.add('print-fit');
  }
  return root;
}
