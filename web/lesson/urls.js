// urls.js: the site's addresses, built and read here and nowhere else.
//
//   pageUrl({ lesson: 'rope', step: 2, lang: 'en' })          → './?lesson=rope&step=2&lang=en'
//   pageUrl({ lang: 'ja', embed: true })                      → 'embed.html?lang=ja'
//   readPageUrl('?lesson=rope&step=x')                        → { lesson: 'rope', step: 1, lang: null }
// Addresses are relative to the site's root (index.html and embed.html sit there); the step is
// 1-based; a missing or unreadable step reads as 1. Parameters are only ever compared with known
// ids and shown as text (app.js), never as HTML.
// Leaves out: the data files' paths (i18n.js tutorialsPath) and the browser's history (page/history.js).

export function pageUrl({ lesson = null, step = null, lang = null, embed = false } = {}) {
  const q = new URLSearchParams();
  if (lesson !== null) q.set('lesson', lesson);
  if (lesson !== null && step !== null) q.set('step', String(step));
  if (lang !== null) q.set('lang', lang);
  return `${embed ? 'embed.html' : './'}?${q}`;
}

export function readPageUrl(search) {
  const q = new URLSearchParams(search);
  const n = Number.parseInt(q.get('step') ?? '1', 10);
  return { lesson: q.get('lesson'), step: Number.isFinite(n) ? n : 1, lang: q.get('lang') };
}
