// playground.js: the training playground (playground.html). The learner chooses the task, the
// positional schemes, the model's sizes, the lengths, the steps and the learning rate, trains, and
// watches the loss, the attention maps and accuracy against length evolve (pe-experiment, the
// runs in Web Workers). The whole configuration lives in the URL:
//   playground.html?lang=en&task=copy&schemes=rope,alibi&pi=1&D=32&H=2&N=2&L=16&test=16,32,64
//                  &steps=200&lr=0.003&batch=16&seed=1
// so a reload or a shared link gives the same runs (and, seeded, the same numbers). A value in the
// URL that is not valid is replaced by the nearest valid one, and the page says so.
// Leaves out: saving runs beyond the session, comparing configurations side by side.
import { loadJson, tutorialsPath, chooseLanguage, loadSite, uiText } from '../lesson/i18n.js';
import { Experiment, SCHEMES } from '../lesson/experiment.js';
import { TASKS, NUMBERS, configFromParams, paramsFromConfig, specFromConfig } from '../lesson/playground-config.js';
import { sharedPool } from '../api/train-pool.js';
import { el } from '../draw/el.js';
import './pe-lang-switch.js';
import '../blocks/pe-experiment.js';

const SCHEME_KEYS = { none: 'schemeNone', learned: 'schemeLearned', sinusoidal: 'schemeSinusoidal', rope: 'schemeRope', alibi: 'schemeAlibi', t5: 'schemeT5', shaw: 'schemeShaw', ropeInterp: 'schemeRopeInterp' };
const TASK_KEYS = { copy: 'taskCopy', reverse: 'taskReverse', recall: 'taskRecall', position: 'taskPosition', masked: 'taskMasked' };

async function main() {
  const html = document.documentElement;
  const page = document.querySelector('main');
  const params = new URLSearchParams(location.search);
  const languages = await loadJson(tutorialsPath('languages.json'));
  const { lang } = chooseLanguage(params.get('lang'), languages, navigator.languages ?? []);
  html.lang = languages.find((l) => l.code === lang).html;
  const site = await loadSite(lang);
  const ui = (key, vars) => uiText(site.ui, key, vars);
  document.title = `${ui('playground')} — posenc`;

  const switcher = document.createElement('pe-lang-switch');
  const brand = el('a', { className: 'brand', href: `./?${new URLSearchParams({ lang })}` }, el('span', { className: 'name', textContent: ui('siteTitle') }), el('span', { className: 'tagline', textContent: ui('tagline') }));
  document.body.prepend(el('header', { className: 'site-head' }, brand, switcher));

  let { config, fixed } = configFromParams(params);
  const notices = el('div', { className: 'notices' });
  notices.setAttribute('role', 'status');
  for (const [key, value] of fixed) notices.append(el('p', { className: 'notice warning', textContent: ui('pgFixed', { field: ui(key), value }) }));

  // The form: one control per field, every change rewrites the URL.
  const form = el('form', { className: 'playground-form' });
  form.addEventListener('submit', (e) => e.preventDefault());
  const field = (key, control) => el('label', { className: 'pg-field' }, el('span', { textContent: ui(key) }), control);
  const taskSelect = el('select', { name: 'task' }, ...TASKS.map((t) => el('option', { value: t, textContent: ui(TASK_KEYS[t]) })));
  const schemeBoxes = SCHEMES.map((s) => {
    const box = el('input', { type: 'checkbox', name: 'scheme', value: s });
    return [s, box, el('label', { className: 'pg-check' }, box, document.createTextNode(` ${ui(SCHEME_KEYS[s])}`))];
  });
  const piBox = el('input', { type: 'checkbox', name: 'pi' });
  const numbers = Object.fromEntries(Object.entries(NUMBERS).map(([f, [name, , , min, max, integer]]) => [f, el('input', { type: 'number', name, min, max, step: integer ? 1 : 'any' })]));
  const testInput = el('input', { type: 'text', name: 'test', inputMode: 'numeric' });
  const schemeSet = el('fieldset', { className: 'pg-schemes' }, el('legend', { textContent: ui('pgSchemes') }), ...schemeBoxes.map(([, , l]) => l),
    el('label', { className: 'pg-check' }, piBox, document.createTextNode(` ${ui('pgInterpolate')}`)));
  form.append(field('pgTask', taskSelect), schemeSet, ...Object.entries(numbers).map(([f, input]) => field(NUMBERS[f][1], input)), field('pgTestLengths', testInput));

  const fill = (c) => {
    taskSelect.value = c.task;
    for (const [s, box] of schemeBoxes) box.checked = c.schemes.includes(s);
    piBox.checked = c.pi;
    for (const [f, input] of Object.entries(numbers)) input.value = String(c[f]);
    testInput.value = c.test.join(', ');
  };
  const read = () => {
    const p = new URLSearchParams({ task: taskSelect.value, schemes: schemeBoxes.filter(([, b]) => b.checked).map(([s]) => s).join(',') });
    if (piBox.checked) p.set('pi', '1');
    for (const [f, input] of Object.entries(numbers)) p.set(NUMBERS[f][0], input.value);
    p.set('test', testInput.value.replace(/\s+/g, ''));
    return configFromParams(p);
  };

  const link = el('a', { className: 'pg-link', textContent: ui('pgLink') });
  const holder = el('div', { className: 'pg-experiment' });
  let exp = null;
  const labels = Object.fromEntries(Object.entries(SCHEME_KEYS).map(([s, k]) => [s, ui(k)]));
  const ctx = {
    lang,
    ui,
    label: (key, fallback = key) => labels[key] ?? fallback,
    text: () => undefined,
    value: () => undefined,
    resolve: (arg) => arg,
    inputSpec: () => undefined,
    labels(spec, n, fallback = 'index') {
      const s = spec ?? fallback;
      if (s === 'positions') return Array.from({ length: n }, (_, i) => ui('position', { n: i }));
      if (s === 'heads') return Array.from({ length: n }, (_, i) => ui('head', { n: i + 1 }));
      return Array.from({ length: n }, (_, i) => String(i));
    },
    experiment: () => exp,
    runExperiment: () => exp?.run((a) => a),
    format: (v) => String(v),
  };

  const apply = (c, { replace = true } = {}) => {
    config = c;
    const p = paramsFromConfig(c, lang);
    const url = new URL(location.href);
    url.search = `?${p}`;
    if (url.href !== location.href) history[replace ? 'replaceState' : 'pushState'](null, '', url);
    link.href = url.href;
    switcher.configure({ languages, current: lang, label: ui('language'), href: (code) => `playground.html?${paramsFromConfig(c, code)}` });
    exp?.cancel({ quiet: true });
    exp = new Experiment('playground', specFromConfig(c), { pool: sharedPool(), label: (id) => labels[id] ?? id, resolve: (a) => a });
    const block = document.createElement('pe-experiment');
    block.setup({ experiment: 'playground', show: ['progress', 'loss', 'liveLengths', 'lengthLoss', 'table', 'attention'] }, ctx);
    holder.replaceChildren(block);
    block.update(null);
    html.dataset.config = p.toString();
    if (exp.cached((a) => a)) exp.run((a) => a);
  };
  form.addEventListener('change', () => {
    const { config: c, fixed: f } = read();
    notices.replaceChildren(...f.map(([key, value]) => el('p', { className: 'notice warning', textContent: ui('pgFixed', { field: ui(key), value }) })));
    fill(c);
    apply(c);
  });

  fill(config);
  page.replaceChildren(el('section', { className: 'playground' },
    el('h1', { textContent: ui('playground') }), el('p', { className: 'lead', textContent: ui('playgroundIntro') }),
    notices, form, el('p', {}, link), holder));
  apply(config);
  html.dataset.ready = 'playground';
}

main().catch((err) => {
  document.querySelector('main').replaceChildren(el('p', { className: 'notice warning', textContent: `posenc: ${err.message}` }));
  document.documentElement.dataset.ready = 'error';
});
