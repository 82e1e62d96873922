// i18n.js: the site's data files (tutorials/…, see tutorials/README.md) and the choice of language.
//
//   chooseLanguage('zh', languages, ['ja-JP']) → { lang: 'zh', unknown: null }
//   chooseLanguage('xx', languages, ['ja-JP']) → { lang: 'ja', unknown: 'xx' }
// Without a `lang` parameter the browser's languages decide (by primary subtag), else English.
// Leaves out: traditional Chinese (zh-TW gets the simplified texts).
import { fillTemplate, fromVars } from './template.js';

const cache = new Map();

export function loadJson(path) {
  if (!cache.has(path)) {
    const p = fetch(path).then((r) => {
      if (!r.ok) throw new Error(`${path}: HTTP ${r.status}`);
      return r.json();
    });
    p.catch(() => cache.delete(path));
    cache.set(path, p);
  }
  return cache.get(path);
}

export const tutorialsPath = (file) => `tutorials/${file}`;

export function chooseLanguage(param, languages, preferred = []) {
  const codes = languages.map((l) => l.code);
  if (param !== null && param !== undefined && param !== '') {
    if (codes.includes(param)) return { lang: param, unknown: null };
  }
  let lang = 'en';
  for (const tag of preferred) {
    const primary = String(tag).toLowerCase().split('-')[0];
    if (codes.includes(primary)) { lang = primary; break; }
  }
  if (!codes.includes(lang)) lang = codes[0];
  const unknown = param !== null && param !== undefined && param !== '' ? String(param) : null;
  return { lang, unknown };
}

export async function loadSite(lang) {
  const [languages, index, glossary, ui] = await Promise.all([
    loadJson(tutorialsPath('languages.json')),
    loadJson(tutorialsPath('lessons/index.json')),
    loadJson(tutorialsPath('glossary.json')),
    lang ? loadJson(tutorialsPath(`ui.${lang}.json`)) : null,
  ]);
  return { languages, lessons: index.lessons, glossary, ui };
}

export function uiText(ui, key, vars = {}) {
  const t = ui?.[key];
  if (typeof t !== 'string') return key;
  return fillTemplate(t, fromVars(vars));
}
