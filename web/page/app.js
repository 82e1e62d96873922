// app.js: the page's entry point (index.html and embed.html). Reads the URL
//   /?lesson=<id>&step=<n>&lang=<ja|zh|en>      (step 1-based; without lang: the browser's languages, else English)
//   /embed.html?lesson=<id>&lang=<…>             (minimal chrome, reports its height to the parent frame)
//   /?page=glossary&lang=<…>                     (the glossary)
// and shows the home page (<pe-home>: the course as a path), a lesson (<pe-lesson>), the glossary
// (<pe-glossary>), or, for an unknown lesson or language, a friendly page in the best available
// language with the list of lessons. URL parameters are
// only compared with the known ids and written as text, never as HTML.
// Leaves out: the lesson engine (pe-lesson.js) and the data (tutorials/).
import { loadJson, tutorialsPath, chooseLanguage, loadSite, uiText } from '../lesson/i18n.js';
import { pageUrl, readPageUrl } from '../lesson/urls.js';
import { el } from '../draw/el.js';
import { followSteps } from './history.js';
import './pe-lang-switch.js';
import './pe-lesson-index.js';

const html = document.documentElement;
const embed = html.dataset.mode === 'embed';
const params = readPageUrl(location.search);
const main = document.querySelector('main');
// A lesson needs the WASM core: start loading it now, alongside the lesson's data files.
if (params.lesson) import('../api/posenc.js').then((m) => m.loadPosenc()).catch(() => {});

function reportHeight() {
  if (!embed || window.parent === window) return;
  let last = 0;
  const send = () => {
    const height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height === last) return;
    last = height;
    window.parent.postMessage({ type: 'posenc:height', height, lesson: params.lesson }, '*');
  };
  new ResizeObserver(send).observe(document.documentElement);
  send();
}

async function run() {
  const languages = await loadJson(tutorialsPath('languages.json'));
  const { lang, unknown } = chooseLanguage(params.lang, languages, navigator.languages ?? []);
  const language = languages.find((l) => l.code === lang);
  html.lang = language.html;
  const site = await loadSite(lang);
  site.languages = languages;
  const ui = (key, vars) => uiText(site.ui, key, vars);
  main.replaceChildren(el('p', { className: 'loading', textContent: ui('loading') }));

  const lessonParam = params.lesson;
  const known = lessonParam !== null && site.lessons.includes(lessonParam);
  const hrefFor = (code, step = params.step) => pageUrl({ lesson: known ? lessonParam : null, step, lang: code, embed });

  const switcher = document.createElement('pe-lang-switch');
  if (!embed) {
    const brand = el('a', { className: 'brand', href: pageUrl({ lang }) }, el('span', { className: 'name', textContent: ui('siteTitle') }), el('span', { className: 'tagline', textContent: ui('tagline') }));
    const glossaryLink = el('a', { className: 'head-link', href: pageUrl({ page: 'glossary', lang }), textContent: ui('glossary') });
    if (params.page === 'glossary' && params.lesson === null) glossaryLink.setAttribute('aria-current', 'page');
    const nav = el('nav', { className: 'head-nav' }, glossaryLink, switcher);
    nav.setAttribute('aria-label', ui('siteTitle'));
    const header = el('header', { className: 'site-head' }, brand, nav);
    document.body.prepend(header);
  }
  switcher.configure({ languages, current: lang, label: ui('language'), href: (code) => hrefFor(code) });

  const showIndex = async (heading, message) => {
    document.title = `${heading} — posenc`;
    const index = document.createElement('pe-lesson-index');
    const parts = [el('h1', { textContent: heading })];
    if (message) parts.push(el('p', { className: 'notice warning', textContent: message }));
    parts.push(el('p', { className: 'lead', textContent: ui('lessonListIntro') }), index);
    if (!embed) parts.push(el('p', { className: 'playground-link' }, el('a', { href: `playground.html?${new URLSearchParams({ lang })}`, textContent: `${ui('playground')} →` })));
    main.replaceChildren(el('section', { className: 'index-page' }, ...parts));
    await index.show({ lessons: site.lessons, lang, embed });
    html.dataset.ready = 'index';
  };

  if (unknown !== null) {
    await showIndex(ui('lessons'), ui('unknownLanguage', { lang: unknown }));
    return;
  }
  if (lessonParam === null && params.page === 'glossary' && !embed) {
    await import('./pe-glossary.js');
    document.title = `${ui('glossary')} — posenc`;
    const glossary = document.createElement('pe-glossary');
    glossary.show({ site, lang });
    main.replaceChildren(el('section', { className: 'glossary-page' }, glossary));
    switcher.setHref((code) => pageUrl({ page: 'glossary', lang: code }));
    html.dataset.ready = 'glossary';
    return;
  }
  if (lessonParam === null && !embed) {
    await import('./pe-home.js');
    document.title = `posenc — ${ui('tagline')}`;
    const home = document.createElement('pe-home');
    main.replaceChildren(home);
    await home.show({ site, lang, href: (extra) => pageUrl({ ...extra, lang }) });
    html.dataset.ready = 'index';
    return;
  }
  if (lessonParam === null) {
    await showIndex(ui('lessons'));
    return;
  }
  if (!known) {
    await showIndex(ui('notFoundTitle'), ui('unknownLesson', { lesson: lessonParam }));
    return;
  }

  await import('./pe-lesson.js');
  const lesson = document.createElement('pe-lesson');
  main.replaceChildren(lesson);
  lesson.addEventListener('pe-step', (e) => {
    switcher.setHref((code) => hrefFor(code, e.detail.step));
    document.title = `${lesson.model.title} — posenc`;
  });
  try {
    await lesson.start({ id: lessonParam, lang, step: params.step, site, embed });
  } catch (err) {
    main.replaceChildren(el('p', { className: 'notice warning', textContent: `${ui('coreFailed')} ${err.message}` }));
    html.dataset.ready = 'error';
    return;
  }
  // The address shows the step actually opened (out-of-range steps go to the nearest one).
  followSteps(lesson, { urlFor: (step) => hrefFor(lang, step), embed });
  if (embed) {
    const fullUrl = (step) => pageUrl({ lesson: lessonParam, step, lang });
    const full = el('a', { className: 'open-full', href: fullUrl(lesson.step), target: '_blank', rel: 'noopener', textContent: ui('openFull') });
    lesson.addEventListener('pe-step', (e) => { full.href = fullUrl(e.detail.step); });
    main.append(full);
  }
  html.dataset.ready = 'lesson';
}

reportHeight();
// Offline: the service worker (sw.js, precaching the whole built site) is registered once the page
// has loaded, so every lesson and step keeps working after the server goes away.
if ('serviceWorker' in navigator && window.isSecureContext) {
  window.addEventListener('load', () => { navigator.serviceWorker.register('sw.js').catch(() => {}); }, { once: true });
}
run().catch((err) => {
  // The page stays readable even if a data file is missing: say so as text.
  main.replaceChildren(el('p', { className: 'notice warning', textContent: `posenc: ${err.message}` }));
  html.dataset.ready = 'error';
});
