// model.js: one lesson of tutorials/ (see tutorials/README.md) as data and computations, without
// any DOM: what <pe-lesson> shows, and what node:test drives (tests/js/lesson-model.test.mjs).
//
//   const model = await LessonModel.load({ id: 'rope', lang: 'en', site });
//   model.value('qm')                      → the core's result for the computation qm
//   model.setRaw('m', '5')                 → Set { 'm', 'qm', … }: what changed (redraw those)
//   model.context('pairs')                 → what the blocks of step "pairs" read (page/blocks.js)
// Holds the inputs twice: the raw text the learner typed (kept even when invalid, saved per
// lesson by store.js) and the last good values (inputs.js) that the dataflow (dataflow.js)
// computes from; after an edit only what depends on it is recomputed. site: { languages,
// glossary, ui } (i18n.js loadSite). Steps are counted from 1.
// Leaves out: the DOM (page/pe-lesson.js draws the model), the address bar (page/history.js).
import { loadPosenc } from '../api/posenc.js';
import * as defaultHelpers from './helpers.js';
import { Dataflow } from './dataflow.js';
import { loadJson as fetchJson, tutorialsPath, uiText } from './i18n.js';
import { loadState, saveState, clearState, defaultStorage } from './store.js';
import { inputKind } from './inputs.js';
import { formatValue } from './format.js';

// Same value (matrices compared by their numbers): an edit that changes nothing recomputes nothing.
function sameValue(a, b) {
  const plain = (v) => JSON.stringify(ArrayBuffer.isView(v?.data) ? { ...v, data: Array.from(v.data) } : v);
  return plain(a) === plain(b);
}

export class LessonModel {
  // Loads the lesson's data, prose and build-time MathML (absent outside the built site) and the core.
  static async load({ id, lang, site, loadJson = fetchJson, api, helpers = defaultHelpers, storage = defaultStorage() }) {
    const [lesson, prose, mathml, pe] = await Promise.all([
      loadJson(tutorialsPath(`lessons/${id}.json`)),
      loadJson(tutorialsPath(`lessons/${id}.${lang}.json`)),
      loadJson(tutorialsPath(`lessons/${id}.math.json`)).catch(() => ({})),
      api ?? loadPosenc(),
    ]);
    return new LessonModel({ id, lang, site, lesson, prose, mathml, api: pe, helpers, storage });
  }

  constructor({ id, lang, site = {}, lesson, prose = {}, mathml = {}, api, helpers = defaultHelpers, storage = null }) {
    this.id = id;
    this.lang = lang;
    this.site = site;
    this.lesson = lesson;
    this.prose = prose;
    this.mathml = mathml;
    this.storage = storage;
    this.specs = lesson.inputs ?? {};
    this.flow = new Dataflow({ api, helpers, inputs: this.specs, compute: lesson.compute });
    const stored = loadState(id, this.specs, storage);
    // A stored state that did not fit the lesson was discarded (the page says so).
    this.discarded = stored.discarded;
    this.raws = {};
    for (const [name, spec] of Object.entries(this.specs)) this.raws[name] = stored.inputs?.[name] ?? inputKind(spec).initialRaw(spec);
    this.#computeAll();
  }

  #computeAll() {
    const values = {};
    for (const [name, spec] of Object.entries(this.specs)) values[name] = inputKind(spec).toValue(this.raws[name], spec, null);
    this.flow.setAll(values);
  }

  // --- steps ------------------------------------------------------------------------------------
  get title() { return this.prose.title; }
  get stepCount() { return this.lesson.steps.length; }
  // The nearest step that exists (1 … stepCount); anything not a number is step 1.
  clampStep(n) { return Math.min(Math.max(1, Number.isFinite(n) ? Math.round(n) : 1), this.stepCount); }
  step(n) { return this.lesson.steps[this.clampStep(n) - 1]; }
  stepTitle(n) { const s = this.step(n); return this.prose.steps?.[s.id]?.title ?? s.id; }

  // --- inputs and values ------------------------------------------------------------------------
  isInput(name) { return Object.hasOwn(this.specs, name); }
  raw(name) { return this.raws[name]; }

  // A learner's edit: keeps the raw text (saved), and recomputes if its good value changed.
  // → the names whose values changed (empty when nothing did).
  setRaw(name, raw) {
    if (!this.isInput(name)) throw new Error(`"${name}" is not an input of lesson ${this.id}`);
    const spec = this.specs[name];
    this.raws[name] = raw;
    saveState(this.id, this.raws, this.storage);
    const previous = this.flow.get(name);
    const value = inputKind(spec).toValue(raw, spec, previous);
    return sameValue(value, previous) ? new Set() : this.flow.setInput(name, value);
  }

  // Back to the document's values; the stored state is forgotten.
  reset() {
    clearState(this.id, this.storage);
    for (const [name, spec] of Object.entries(this.specs)) this.raws[name] = inputKind(spec).initialRaw(spec);
    this.#computeAll();
  }

  // `L.min` / `L.max` / `L.step` of an integer or number input: a limit of its spec (so the prose
  // never types one); anything else resolves through the dataflow.
  value(ref) {
    const m = /^([A-Za-z_][\w-]*)\.(min|max|step)$/.exec(ref);
    const spec = m && this.specs[m[1]];
    if (spec && inputKind(spec).limits) return spec[m[2]];
    return this.flow.resolve(ref);
  }

  // An argument tree with its "@references" resolved; a failure is returned as the Error.
  resolve(arg) {
    try { return this.flow.resolveArgs(arg); } catch (e) { return e instanceof Error ? e : new Error(String(e)); }
  }

  // --- texts ------------------------------------------------------------------------------------
  ui(key, vars) { return uiText(this.site.ui, key, vars); }

  term(id) {
    const entry = this.site.glossary?.[id];
    if (!entry || typeof entry[this.lang] !== 'string') return null;
    const title = (this.site.languages ?? []).map((l) => entry[l.code]).filter(Boolean).join(' · ');
    return { text: entry[this.lang], title };
  }

  // Row or column labels: an array, a reference to one ("@words"), 'positions', 'heads' or 'index'.
  labels(spec, n, fallback = 'index') {
    let s = spec ?? fallback;
    if (typeof s === 'string' && s.startsWith('@')) s = this.resolve(s);
    if (Array.isArray(s)) return Array.from({ length: n }, (_, i) => (s[i] === undefined ? String(i) : String(s[i])));
    if (s === 'positions') return Array.from({ length: n }, (_, i) => this.ui('position', { n: i }));
    if (s === 'heads') return Array.from({ length: n }, (_, i) => this.ui('head', { n: i + 1 }));
    return Array.from({ length: n }, (_, i) => String(i));
  }

  // What the blocks of one step read (page/blocks.js lists it); setRaw is the page's (it redraws).
  context(stepId, { setRaw = (name, raw) => this.setRaw(name, raw) } = {}) {
    const stepProse = this.prose.steps?.[stepId] ?? {};
    const labels = this.prose.labels ?? {};
    const ctx = {
      lang: this.lang,
      stepId,
      ui: (key, vars) => this.ui(key, vars),
      text: (key) => (Object.hasOwn(stepProse, key) ? stepProse[key] : labels[key]),
      label: (key, fallback = key) => {
        const t = ctx.text(key);
        return typeof t === 'string' ? t : fallback;
      },
      value: (ref) => this.value(ref),
      resolve: (arg) => this.resolve(arg),
      term: (id) => this.term(id),
      math: (tex) => this.mathml[tex],
      format: formatValue,
      isInput: (name) => this.isInput(name),
      inputSpec: (name) => this.specs[name],
      raw: (name) => this.raw(name),
      setRaw,
      labels: (spec, n, fallback) => this.labels(spec, n, fallback),
    };
    return ctx;
  }
}

// The blocks to redraw after `changed`: those whose deps include a changed name (deps null: all).
export function blocksToUpdate(blocks, changed) {
  return blocks.filter((b) => !b.deps || [...b.deps].some((d) => changed.has(d)));
}
