// pe-lesson.js: <pe-lesson>, one lesson of tutorials/ (see tutorials/README.md) run in the page.
//
// Loads the lesson's data (lessons/<id>.json), its prose in the current language
// (lessons/<id>.<lang>.json) and its build-time MathML (lessons/<id>.math.json); keeps what the
// learner typed (lesson/store.js); evaluates the computations through the posenc core
// (lesson/dataflow.js); shows one step at a time and, after each edit, redraws only the blocks that
// show something that changed. The root <article> carries data-lesson, data-steps and data-step.
// Events: 'pe-step' { detail: { step } } whenever the step changes.
// Leaves out: routing and the page chrome (app.js), the blocks themselves (web/blocks/).
import { loadPosenc } from '../api/posenc.js';
import * as helpers from '../lesson/helpers.js';
import { Dataflow } from '../lesson/dataflow.js';
import { loadJson, tutorialsPath, uiText } from '../lesson/i18n.js';
import { loadState, saveState, clearState } from '../lesson/store.js';
import { parseNumber, parseText, initialText } from '../lesson/cells.js';
import { formatValue } from '../lesson/format.js';
import { createBlock } from './blocks.js';
import { Experiment } from '../lesson/experiment.js';
import { referencedNames } from '../lesson/dataflow.js';
import { el } from '../draw/el.js';
import '../blocks/pe-prose.js';
import '../blocks/pe-math.js';
import '../blocks/pe-matrix.js';
import '../blocks/pe-input.js';
import '../blocks/pe-node-error.js';

// The learner's raw text → the value computations receive; null when some part is invalid.
function goodValueFrom(spec, raw, previous) {
  switch (spec.kind) {
    case 'matrix': {
      const rows = raw.length, cols = raw[0].length;
      const data = new Float32Array(rows * cols);
      for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) {
        const r = parseNumber(raw[i][j], spec);
        data[i * cols + j] = r.ok ? r.value : (previous?.data?.[i * cols + j] ?? spec.value[i][j]);
      }
      return { rows, cols, data };
    }
    case 'vector':
      return raw.map((t, j) => { const r = parseNumber(t, spec); return r.ok ? r.value : (previous?.[j] ?? spec.value[j]); });
    case 'integer':
    case 'number': {
      const r = parseNumber(raw, spec);
      return r.ok ? r.value : (previous ?? spec.value);
    }
    case 'text': {
      const r = parseText(raw, spec);
      return r.ok ? r.value : (previous ?? spec.value);
    }
    default:
      return raw;
  }
}

function documentRaw(spec) {
  switch (spec.kind) {
    case 'matrix': return spec.value.map((r) => r.map((x) => initialText(x, spec.digits)));
    case 'vector': return spec.value.map((x) => initialText(x, spec.digits));
    case 'integer': case 'number': return String(spec.value);
    default: return spec.value;
  }
}

class PeLesson extends HTMLElement {
  // { id, lang, step (1-based, clamped), site: { languages, glossary, ui }, embed }
  async start({ id, lang, step, site, embed = false }) {
    this.id = id;
    this.lang = lang;
    this.site = site;
    this.embed = embed;
    const [lesson, prose, math, pe] = await Promise.all([
      loadJson(tutorialsPath(`lessons/${id}.json`)),
      loadJson(tutorialsPath(`lessons/${id}.${lang}.json`)),
      loadJson(tutorialsPath(`lessons/${id}.math.json`)).catch(() => ({})),
      loadPosenc(),
    ]);
    this.lesson = lesson;
    this.prose = prose;
    this.mathml = math;
    this.specs = lesson.inputs ?? {};
    // A training experiment's results are a value like an input (lesson/experiment.js): the
    // prose and the computations read them; they change when its runs start and finish.
    const expNames = Object.keys(lesson.experiments ?? {});
    this.flow = new Dataflow({ api: pe, helpers, inputs: { ...this.specs, ...Object.fromEntries(expNames.map((n) => [n, null])) }, compute: lesson.compute });
    this.experiments = new Map();
    if (expNames.length) {
      const { sharedPool } = await import('../api/train-pool.js');
      for (const n of expNames) {
        const spec = lesson.experiments[n];
        const exp = new Experiment(n, spec, { pool: sharedPool(), label: (id) => prose.labels?.[id] ?? id, resolve: (arg) => this.flow.resolveArgs(arg) });
        exp.uses = referencedNames(spec);
        exp.subscribe((kind) => { if (kind === 'status') this.refresh(this.flow.setInput(n, exp.results())); });
        this.experiments.set(n, exp);
      }
    }

    const stored = loadState(id, this.specs);
    this.raw = {};
    for (const [name, spec] of Object.entries(this.specs)) this.raw[name] = stored.inputs?.[name] ?? documentRaw(spec);
    this.flow.setAll(this.#goodValues());
    for (const [n, exp] of this.experiments) this.flow.setInput(n, exp.results());

    this.#build();
    this.#restartExperiments(null);
    if (stored.discarded) this.notice(this.ui('storageDiscarded'), 'warning');
    this.go(step, { initial: true });
  }

  #goodValues() {
    const values = Object.fromEntries(Object.entries(this.specs).map(([n, s]) => [n, goodValueFrom(s, this.raw[n], null)]));
    for (const [n, exp] of this.experiments ?? []) values[n] = exp.results();
    return values;
  }

  // Runs an experiment with the current values (its runs replay at once when this session has
  // already trained them).
  runExperiment(name) {
    this.experiments.get(name)?.run((arg) => this.flow.resolveArgs(arg));
  }

  // After an edit: an experiment whose values changed starts over (idle, or replayed from the
  // session when those values were trained before); on load, one trained before is replayed.
  #restartExperiments(changed) {
    for (const [n, exp] of this.experiments) {
      if (changed && ![...exp.uses].some((d) => changed.has(d))) continue;
      const resolve = (arg) => this.flow.resolveArgs(arg);
      if (changed) exp.reset();
      if (exp.cached(resolve)) exp.run(resolve);
    }
  }

  ui(key, vars) { return uiText(this.site.ui, key, vars); }

  get stepCount() { return this.lesson.steps.length; }

  stepHref(n, lang = this.lang) {
    const q = new URLSearchParams({ lesson: this.id, step: String(n), lang });
    return `?${q}`;
  }

  #build() {
    const count = this.stepCount;
    this.root = el('article', { className: 'lesson' });
    Object.assign(this.root.dataset, { lesson: this.id, steps: String(count) });

    this.eyebrow = el('p', { className: 'eyebrow' });
    const title = el('h1', { textContent: this.prose.title });
    this.stepList = el('ol');
    this.stepLinks = this.lesson.steps.map((s, i) => {
      const a = el('a', { href: this.stepHref(i + 1), textContent: this.prose.steps?.[s.id]?.title ?? s.id });
      a.addEventListener('click', (e) => {
        if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
        e.preventDefault();
        this.go(i + 1, { focus: true });
      });
      this.stepList.append(el('li', {}, a));
      return a;
    });
    const stepsNav = el('nav', { className: 'step-list' }, this.stepList);
    stepsNav.setAttribute('aria-label', this.ui('steps'));

    this.notices = el('div', { className: 'notices' });
    this.notices.setAttribute('role', 'status');
    this.notices.setAttribute('aria-live', 'polite');

    this.stepTitle = el('h2', { tabIndex: -1 });
    this.body = el('div', { className: 'blocks' });
    this.section = el('section', { className: 'step' }, this.stepTitle, this.body);

    this.prevButton = el('button', { type: 'button', className: 'prev', textContent: `← ${this.ui('prev')}` });
    this.nextButton = el('button', { type: 'button', className: 'next', textContent: `${this.ui('next')} →` });
    this.prevButton.addEventListener('click', () => this.go(this.step - 1, { focus: true }));
    this.nextButton.addEventListener('click', () => this.go(this.step + 1, { focus: true }));
    this.position = el('span', { className: 'position' });
    const pager = el('nav', { className: 'pager' }, this.prevButton, this.position, this.nextButton);
    pager.setAttribute('aria-label', this.ui('steps'));

    const reset = el('button', { type: 'button', className: 'reset', textContent: this.ui('reset') });
    reset.addEventListener('click', () => this.reset());
    const foot = el('footer', { className: 'lesson-foot' }, reset,
      el('p', { className: 'hint', textContent: this.ui('keyboardHint') }));
    if (this.lesson.source) foot.append(el('p', { className: 'source', textContent: this.ui('sourceDocument', { name: this.lesson.source }) }));

    const head = el('header', { className: 'lesson-head' }, this.eyebrow, title);
    this.root.append(head, stepsNav, this.notices, this.section, pager, foot);
    this.replaceChildren(this.root);

    this.onKey = (e) => {
      if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return;
      const t = e.target;
      if (t instanceof HTMLElement && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
      if (e.key === 'ArrowLeft' && this.step > 1) { e.preventDefault(); this.go(this.step - 1, { focus: true }); }
      if (e.key === 'ArrowRight' && this.step < this.stepCount) { e.preventDefault(); this.go(this.step + 1, { focus: true }); }
    };
    document.addEventListener('keydown', this.onKey);
  }

  disconnectedCallback() {
    if (this.onKey) document.removeEventListener('keydown', this.onKey);
    for (const exp of this.experiments?.values() ?? []) exp.cancel({ quiet: true });
  }

  notice(text, tone = 'info') {
    const p = el('p', { className: `notice ${tone}`, textContent: text });
    this.notices.append(p);
    setTimeout(() => p.remove(), 12000);
  }

  // The context blocks see (page/blocks.js documents it).
  #context(stepId) {
    const lesson = this;
    const stepProse = this.prose.steps?.[stepId] ?? {};
    const labels = this.prose.labels ?? {};
    return {
      lang: this.lang,
      stepId,
      ui: (key, vars) => this.ui(key, vars),
      text: (key) => (Object.hasOwn(stepProse, key) ? stepProse[key] : labels[key]),
      label(key, fallback = key) {
        const t = this.text(key);
        return typeof t === 'string' ? t : fallback;
      },
      // `{L.min}` / `{L.max}` / `{L.step}` of an integer or number input: a limit of its spec (so
      // the prose never types one); anything else resolves through the dataflow.
      value: (ref) => {
        const m = /^([A-Za-z_][\w-]*)\.(min|max|step)$/.exec(ref);
        const spec = m && this.specs[m[1]];
        if (spec && (spec.kind === 'integer' || spec.kind === 'number')) return spec[m[2]];
        return this.flow.resolve(ref);
      },
      resolve: (arg) => { try { return this.flow.resolveArgs(arg); } catch (e) { return e instanceof Error ? e : new Error(String(e)); } },
      term: (id) => {
        const entry = this.site.glossary[id];
        if (!entry || typeof entry[this.lang] !== 'string') return null;
        const title = this.site.languages.map((l) => entry[l.code]).filter(Boolean).join(' · ');
        return { text: entry[this.lang], title };
      },
      math: (tex) => this.mathml[tex],
      experiment: (name) => this.experiments.get(name),
      runExperiment: (name) => this.runExperiment(name),
      format: formatValue,
      isInput: (name) => Object.hasOwn(this.specs, name),
      inputSpec: (name) => this.specs[name],
      raw: (name) => this.raw[name],
      setRaw: (name, raw) => lesson.#setRaw(name, raw),
      labels(spec, n, fallback = 'index') {
        let s = spec ?? fallback;
        if (typeof s === 'string' && s.startsWith('@')) s = this.resolve(s);
        if (Array.isArray(s)) return Array.from({ length: n }, (_, i) => (s[i] === undefined ? String(i) : String(s[i])));
        if (s === 'positions') return Array.from({ length: n }, (_, i) => this.ui('position', { n: i }));
        if (s === 'heads') return Array.from({ length: n }, (_, i) => this.ui('head', { n: i + 1 }));
        return Array.from({ length: n }, (_, i) => String(i));
      },
    };
  }

  // A learner's edit of an input; returns the validation of the new raw value.
  #setRaw(name, raw) {
    const spec = this.specs[name];
    this.raw[name] = raw;
    saveState(this.id, this.raw);
    const previous = this.flow.get(name);
    const value = goodValueFrom(spec, raw, previous);
    const same = JSON.stringify(ArrayBuffer.isView(value?.data) ? Array.from(value.data) : value) ===
      JSON.stringify(ArrayBuffer.isView(previous?.data) ? Array.from(previous.data) : previous);
    if (!same) {
      const changed = this.flow.setInput(name, value);
      this.refresh(changed);
      this.#restartExperiments(changed);
    }
  }

  refresh(changed) {
    for (const b of this.blocks ?? []) {
      if (!b.deps || [...b.deps].some((d) => changed.has(d))) b.update(changed);
    }
  }

  reset() {
    clearState(this.id);
    for (const [name, spec] of Object.entries(this.specs)) this.raw[name] = documentRaw(spec);
    this.flow.setAll(this.#goodValues());
    for (const [n, exp] of this.experiments) this.flow.setInput(n, exp.results());
    this.#restartExperiments(new Set(Object.keys(this.specs)));
    this.go(this.step, { rebuild: true });
    this.notice(this.ui('resetDone'));
  }

  go(n, { initial = false, focus = false, rebuild = false, history = true } = {}) {
    const count = this.stepCount;
    const target = Math.min(Math.max(1, Number.isFinite(n) ? Math.round(n) : 1), count);
    if (target === this.step && !rebuild && !initial) return;
    this.step = target;
    const step = this.lesson.steps[target - 1];
    this.root.dataset.step = String(target);
    this.eyebrow.textContent = this.ui('stepOf', { n: target, count });
    this.position.textContent = `${target} / ${count}`;
    this.prevButton.disabled = target === 1;
    this.nextButton.disabled = target === count;
    this.stepLinks.forEach((a, i) => {
      if (i + 1 === target) a.setAttribute('aria-current', 'step'); else a.removeAttribute('aria-current');
    });
    this.stepTitle.textContent = this.prose.steps?.[step.id]?.title ?? step.id;
    this.stepTitle.id = `step-${step.id}`;
    this.section.setAttribute('aria-labelledby', this.stepTitle.id);
    this.section.dataset.stepId = step.id;

    const ctx = this.#context(step.id);
    this.blocks = [];
    const nodes = (step.blocks ?? []).map((b) => createBlock(b, ctx, this.blocks));
    this.body.replaceChildren(...nodes);
    for (const b of this.blocks) b.update(null);

    if (history && !initial) {
      const url = new URL(location.href);
      url.search = this.stepHref(target).slice(1);
      // In an embed, steps replace the entry: the course page's back button stays the course's.
      if (url.href !== location.href) window.history[this.embed ? 'replaceState' : 'pushState']({ step: target }, '', url);
    }
    if (focus) this.stepTitle.focus();
    this.dispatchEvent(new CustomEvent('pe-step', { detail: { step: target }, bubbles: true }));
  }
}

if (!customElements.get('pe-lesson')) customElements.define('pe-lesson', PeLesson);
