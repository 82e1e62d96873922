// pe-lesson.js: <pe-lesson>, one lesson of tutorials/ (see tutorials/README.md) run in the page.
//
// Loads the lesson's data (lessons/<id>.json), its prose in the current language
// (lessons/<id>.<lang>.json) and its build-time MathML (lessons/<id>.math.json); keeps what the
// learner typed (lesson/store.js); evaluates the computations through the posenc core
// (lesson/dataflow.js); shows one step at a time and, after each edit, redraws only the blocks that
// show something that changed. The root <article> carries data-lesson, data-steps and data-step.
// The last step ends with the lesson's Sources box and the next lesson of the course; every other
// step has the Sources folded in the footer. Showing a step records progress (lesson/progress.js).
// On narrow screens the step list is a compact selector ("2 / 6 · title").
// Events: 'pe-step' { detail: { step } } whenever the step changes.
// Leaves out: routing and the page chrome (app.js), the blocks themselves (web/blocks/).
import { loadPosenc } from '../api/posenc.js';
import * as helpers from '../lesson/helpers.js';
import { Dataflow } from '../lesson/dataflow.js';
import { loadJson, tutorialsPath, uiText, courseEntry } from '../lesson/i18n.js';
import { lessonLinks } from '../lesson/prose.js';
import { markStep } from '../lesson/progress.js';
import { loadState, saveState, clearState } from '../lesson/store.js';
import { parseNumber, parseText, initialText } from '../lesson/cells.js';
import { formatValue } from '../lesson/format.js';
import { createBlock } from './blocks.js';
import { el } from '../draw/el.js';
import '../blocks/pe-prose.js';
import '../blocks/pe-math.js';
import '../blocks/pe-matrix.js';
import '../blocks/pe-input.js';
import '../blocks/pe-node-error.js';
import '../blocks/pe-sources.js';
import '../blocks/pe-next-lesson.js';

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
    this.flow = new Dataflow({ api: pe, helpers, inputs: this.specs, compute: lesson.compute });
    await this.#loadNeighbours();

    const stored = loadState(id, this.specs);
    this.raw = {};
    for (const [name, spec] of Object.entries(this.specs)) this.raw[name] = stored.inputs?.[name] ?? documentRaw(spec);
    this.flow.setAll(this.#goodValues());

    this.#build();
    if (stored.discarded) this.notice(this.ui('storageDiscarded'), 'warning');
    this.go(step, { initial: true });
  }

  // Titles of the lessons this one links to ([[lesson:id]]) and of the next lesson of the course.
  async #loadNeighbours() {
    const place = courseEntry(this.site.course, this.id);
    this.nextId = place?.next ?? null;
    const ids = new Set(lessonLinks(Object.values(this.prose.steps ?? {}).flatMap((st) => Object.values(st))));
    if (this.nextId) ids.add(this.nextId);
    this.neighbours = {};
    await Promise.all([...ids].filter((x) => this.site.lessons.includes(x)).map(async (x) => {
      const p = await loadJson(tutorialsPath(`lessons/${x}.${this.lang}.json`)).catch(() => null);
      if (p) this.neighbours[x] = { title: p.title, summary: p.summary, minutes: courseEntry(this.site.course, x)?.minutes };
    }));
  }

  lessonHref(id, step = 1) {
    const q = new URLSearchParams({ lesson: id, step: String(step), lang: this.lang });
    return `${this.embed ? 'embed.html' : './'}?${q}`;
  }

  siteHref(extra = {}) {
    return `./?${new URLSearchParams({ ...extra, lang: this.lang })}`;
  }

  #goodValues() {
    return Object.fromEntries(Object.entries(this.specs).map(([n, s]) => [n, goodValueFrom(s, this.raw[n], null)]));
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
    // Phones: the same steps as one compact selector (CSS shows one or the other).
    this.stepSelect = el('select', { className: 'step-select' });
    this.stepSelect.setAttribute('aria-label', this.ui('goToStep'));
    this.lesson.steps.forEach((s, i) => {
      this.stepSelect.append(el('option', { value: String(i + 1), textContent: `${i + 1} / ${count} · ${this.prose.steps?.[s.id]?.title ?? s.id}` }));
    });
    this.stepSelect.addEventListener('change', () => this.go(Number(this.stepSelect.value), { focus: true }));
    const stepsNav = el('nav', { className: 'step-list' }, this.stepList, this.stepSelect);
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
    this.footSources = document.createElement('pe-sources');
    this.footSources.show({ sources: this.lesson.sources ?? [], ui: this.site.ui, languages: this.site.languages, compact: true });
    foot.append(this.footSources);

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

  disconnectedCallback() { if (this.onKey) document.removeEventListener('keydown', this.onKey); }

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
        const others = this.site.languages.filter((l) => l.code !== this.lang && entry[l.code]).map((l) => ({ lang: l.html, text: entry[l.code] }));
        return { text: entry[this.lang], definition: entry.definition?.[this.lang] ?? null, others };
      },
      lessonLink: (id) => {
        const n = this.neighbours?.[id];
        return n ? { href: this.lessonHref(id), title: n.title } : null;
      },
      math: (tex) => this.mathml[tex],
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
    if (!same) this.refresh(this.flow.setInput(name, value));
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
    this.go(this.step, { rebuild: true });
    this.notice(this.ui('resetDone'));
  }

  // The end of the last step: the Sources box and the next lesson of the course.
  #lessonEnd() {
    const sources = document.createElement('pe-sources');
    sources.show({ sources: this.lesson.sources ?? [], ui: this.site.ui, languages: this.site.languages });
    const next = document.createElement('pe-next-lesson');
    const n = this.nextId && this.neighbours[this.nextId];
    next.show({
      next: n ? { id: this.nextId, title: n.title, summary: n.summary, minutes: n.minutes, href: this.lessonHref(this.nextId) } : null,
      courseHref: this.siteHref(), glossaryHref: this.siteHref({ page: 'glossary' }), ui: this.site.ui,
    });
    if (this.embed) next.querySelectorAll('.next-links a').forEach((a) => { a.target = '_blank'; a.rel = 'noopener'; });
    return [sources, next];
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
    this.stepSelect.value = String(target);
    this.stepTitle.textContent = this.prose.steps?.[step.id]?.title ?? step.id;
    this.stepTitle.id = `step-${step.id}`;
    this.section.setAttribute('aria-labelledby', this.stepTitle.id);
    this.section.dataset.stepId = step.id;

    const ctx = this.#context(step.id);
    this.blocks = [];
    const nodes = (step.blocks ?? []).map((b) => createBlock(b, ctx, this.blocks));
    const last = target === count;
    if (last) nodes.push(...this.#lessonEnd());
    this.body.replaceChildren(...nodes);
    this.footSources.hidden = last;
    for (const b of this.blocks) b.update(null);
    this.progress = markStep(this.id, target, count);

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
