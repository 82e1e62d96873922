// pe-lesson.js: <pe-lesson>, the page of one lesson: draws a LessonModel (lesson/model.js: data,
// inputs, computations, saved state; no DOM) one step at a time and, after each edit, redraws only
// the blocks that show something that changed. The root <article> carries data-lesson, data-steps
// and data-step.
// The last step ends with the lesson's Sources box and the next lesson of the course
// (course.json); every other step has the Sources folded in the footer. Showing a step records
// progress (lesson/progress.js). On narrow screens the step list is a compact selector.
// Events: 'pe-step' { detail: { step, cause } } whenever the step changes; cause 'initial',
// 'user' (links, buttons, ← →), 'history' (go() called for back / forward) or 'reset'.
// Options of start() for hosts other than the site's own page (page/posenc-embed.js): ownsUrl false
// leaves the document's keys alone (arrows work while focus is in the lesson); hrefBase makes the
// step links absolute (the site's page under that URL); figure { block } shows one block of one
// step and no chrome. "Print this lesson" lays out every step with the current values
// (page/print-layout.js, print.css).
// Leaves out: the model (lesson/model.js), routing, the address bar and the page chrome (app.js,
// history.js), the blocks themselves (web/blocks/).
import { LessonModel, blocksToUpdate } from '../lesson/model.js';
import { pageUrl } from '../lesson/urls.js';
import { loadJson, tutorialsPath, courseEntry } from '../lesson/i18n.js';
import { lessonLinks } from '../lesson/prose.js';
import { markStep } from '../lesson/progress.js';
import { createBlock } from './blocks.js';
import { el } from '../draw/el.js';
import '../blocks/pe-prose.js';
import '../blocks/pe-math.js';
import '../blocks/pe-matrix.js';
import '../blocks/pe-input.js';
import '../blocks/pe-node-error.js';
import { buildPrintLayout } from './print-layout.js';
import '../blocks/pe-sources.js';
import '../blocks/pe-next-lesson.js';

class PeLesson extends HTMLElement {
  // { id, lang, step (1-based, clamped), site: { languages, glossary, ui }, embed }
  async start({ id, lang, step, site, embed = false, ownsUrl = true, hrefBase = null, figure = null }) {
    this.id = id;
    this.ownsUrl = ownsUrl;
    this.hrefBase = hrefBase;
    this.figure = figure;
    // Not this.lang: that is the element's lang attribute ("zh" would undo the page's "zh-Hans").
    this.langCode = lang;
    this.embed = embed;
    this.site = site;
    this.model = await LessonModel.load({ id, lang, site });
    this.prose = this.model.prose;
    // A training experiment's results change on their own (runs start and finish): redraw then.
    this.model.onChange = (changed) => this.refresh(changed);
    await this.#loadNeighbours();
    if (figure) this.#buildFigure(); else this.#build();
    this.model.replayExperiments();
    if (this.model.discarded) this.notice(this.ui('storageDiscarded'), 'warning');
    this.go(step, { cause: 'initial' });
  }

  ui(key, vars) { return this.model.ui(key, vars); }

  get stepCount() { return this.model.stepCount; }

  stepHref(n) {
    if (this.hrefBase) return new URL(pageUrl({ lesson: this.id, step: n, lang: this.langCode }), this.hrefBase).href;
    return pageUrl({ lesson: this.id, step: n, lang: this.langCode, embed: this.embed });
  }

  // One block of one step, nothing else (<posenc-figure>): figure.block is a 1-based index into
  // the step's blocks, or a block kind or widget name ("heatmap", "pe-rope-pairs"): the first match.
  #buildFigure() {
    this.root = el('div', { className: 'lesson figure-only' });
    Object.assign(this.root.dataset, { lesson: this.id, steps: String(this.stepCount) });
    this.body = el('div', { className: 'blocks' });
    this.section = el('section', { className: 'step' }, this.body);
    this.root.append(this.section);
    this.replaceChildren(this.root);
  }

  #figureBlocks(step) {
    const blocks = step.blocks ?? [];
    const want = String(this.figure.block ?? '1');
    if (/^[0-9]+$/.test(want)) {
      const b = blocks[Number(want) - 1];
      if (!b) throw new Error(`step "${step.id}" has ${blocks.length} blocks; block ${want} does not exist`);
      return [b];
    }
    const b = blocks.find((x) => x.widget === want || Object.hasOwn(x, want));
    if (!b) throw new Error(`step "${step.id}" has no block "${want}" (a 1-based index, a block kind or a widget name)`);
    return [b];
  }

  // Titles of the lessons this one links to ([[lesson:id]]) and of the next lesson of the course.
  async #loadNeighbours() {
    const place = courseEntry(this.site.course, this.id);
    this.nextId = place?.next ?? null;
    const ids = lessonLinks(Object.values(this.prose.steps ?? {}).flatMap((st) => Object.values(st)));
    if (this.nextId) ids.add(this.nextId);
    this.neighbours = {};
    await Promise.all([...ids].filter((x) => this.site.lessons.includes(x)).map(async (x) => {
      const p = await loadJson(tutorialsPath(`lessons/${x}.${this.langCode}.json`)).catch(() => null);
      if (p) this.neighbours[x] = { title: p.title, summary: p.summary, minutes: courseEntry(this.site.course, x)?.minutes };
    }));
  }

  lessonHref(id) {
    const href = pageUrl({ lesson: id, step: 1, lang: this.langCode, embed: this.embed && !this.hrefBase });
    return this.hrefBase ? new URL(href, this.hrefBase).href : href;
  }

  #build() {
    const count = this.stepCount;
    this.root = el('article', { className: 'lesson' });
    Object.assign(this.root.dataset, { lesson: this.id, steps: String(count) });

    this.eyebrow = el('p', { className: 'eyebrow' });
    const title = el('h1', { textContent: this.model.title });
    this.stepList = el('ol');
    this.stepLinks = this.model.lesson.steps.map((s, i) => {
      const a = el('a', { href: this.stepHref(i + 1), textContent: this.model.stepTitle(i + 1) });
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
    for (let i = 1; i <= count; i++) this.stepSelect.append(el('option', { value: String(i), textContent: `${i} / ${count} · ${this.model.stepTitle(i)}` }));
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
    const print = el('button', { type: 'button', className: 'print', textContent: this.ui('print') });
    print.addEventListener('click', () => this.print());
    const foot = el('footer', { className: 'lesson-foot' }, reset, print,
      el('p', { className: 'hint', textContent: this.ui('keyboardHint') }));
    this.footSources = document.createElement('pe-sources');
    this.footSources.show({ sources: this.model.lesson.sources ?? [], ui: this.site.ui, languages: this.site.languages, compact: true });
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
    this.keyTarget = this.ownsUrl ? document : this;
    this.keyTarget.addEventListener('keydown', this.onKey);
  }

  disconnectedCallback() {
    if (this.onKey) this.keyTarget.removeEventListener('keydown', this.onKey);
    this.model?.cancelExperiments();
  }

  // Every step at once with the learner's current values (the handout); the root gets
  // data-print="ready" when it is complete (lazy blocks loaded).
  async printLayout() {
    this.printRoot?.remove();
    const steps = this.model.lesson.steps.map((step, i) => ({
      title: this.model.stepTitle(i + 1),
      build: (registry) => {
        const ctx = this.model.context(step.id, { setRaw: (name, raw) => this.#setRaw(name, raw) });
        return (step.blocks ?? []).map((b) => createBlock(b, ctx, registry));
      },
    }));
    this.printRoot = await buildPrintLayout({
      title: this.model.title, steps, sources: this.model.lesson.sources ?? [], ui: (k, v) => this.ui(k, v),
    });
    this.root.append(this.printRoot);
    this.root.dataset.print = 'ready';
    return this.printRoot;
  }

  async print() {
    await this.printLayout();
    const done = () => { this.printRoot?.remove(); this.printRoot = null; delete this.root.dataset.print; };
    window.addEventListener('afterprint', done, { once: true });
    window.print();
  }

  notice(text, tone = 'info') {
    const p = el('p', { className: `notice ${tone}`, textContent: text });
    this.notices.append(p);
    setTimeout(() => p.remove(), 12000);
  }

  // A learner's edit (through a block): the model recomputes; the blocks showing a change redraw.
  #setRaw(name, raw) {
    this.refresh(this.model.setRaw(name, raw));
  }

  refresh(changed) {
    for (const b of blocksToUpdate(this.blocks ?? [], changed)) b.update(changed);
  }

  reset() {
    this.model.reset();
    this.go(this.step, { cause: 'reset' });
    this.notice(this.ui('resetDone'));
  }

  // The end of the last step: the Sources box and the next lesson of the course.
  #lessonEnd() {
    const sources = document.createElement('pe-sources');
    sources.show({ sources: this.model.lesson.sources ?? [], ui: this.site.ui, languages: this.site.languages });
    const next = document.createElement('pe-next-lesson');
    const n = this.nextId && this.neighbours[this.nextId];
    next.show({
      next: n ? { id: this.nextId, title: n.title, summary: n.summary, minutes: n.minutes, href: this.lessonHref(this.nextId) } : null,
      courseHref: pageUrl({ lang: this.langCode }), glossaryHref: pageUrl({ page: 'glossary', lang: this.langCode }), ui: this.site.ui,
    });
    if (this.embed) next.querySelectorAll('.next-links a').forEach((a) => { a.target = '_blank'; a.rel = 'noopener'; });
    return [sources, next];
  }

  // cause: see the events above; 'initial' and 'reset' draw the step even if it is the same.
  go(n, { cause = 'user', focus = false } = {}) {
    const count = this.stepCount;
    const target = this.model.clampStep(n);
    if (target === this.step && cause !== 'reset' && cause !== 'initial') return;
    this.step = target;
    const step = this.model.step(target);
    this.root.dataset.step = String(target);
    if (this.figure) return this.#goFigure(step, target, cause);
    this.eyebrow.textContent = this.ui('stepOf', { n: target, count });
    this.position.textContent = `${target} / ${count}`;
    this.prevButton.disabled = target === 1;
    this.nextButton.disabled = target === count;
    this.stepLinks.forEach((a, i) => {
      if (i + 1 === target) a.setAttribute('aria-current', 'step'); else a.removeAttribute('aria-current');
    });
    this.stepSelect.value = String(target);
    this.stepTitle.textContent = this.model.stepTitle(target);
    this.stepTitle.id = `step-${step.id}`;
    this.section.setAttribute('aria-labelledby', this.stepTitle.id);
    this.section.dataset.stepId = step.id;

    const ctx = this.model.context(step.id, { setRaw: (name, raw) => this.#setRaw(name, raw) });
    ctx.lessonLink = (id) => {
      const n = this.neighbours[id];
      return n ? { href: this.lessonHref(id), title: n.title } : null;
    };
    this.blocks = [];
    const nodes = (step.blocks ?? []).map((b) => createBlock(b, ctx, this.blocks));
    const last = target === count;
    if (last) nodes.push(...this.#lessonEnd());
    this.body.replaceChildren(...nodes);
    this.footSources.hidden = last;
    for (const b of this.blocks) b.update(null);
    this.progress = markStep(this.id, target, count);

    if (focus) this.stepTitle.focus();
    this.dispatchEvent(new CustomEvent('pe-step', { detail: { step: target, cause }, bubbles: true }));
  }

  #goFigure(step, target, cause) {
    this.section.dataset.stepId = step.id;
    const ctx = this.model.context(step.id, { setRaw: (name, raw) => this.#setRaw(name, raw) });
    this.blocks = [];
    this.body.replaceChildren(...this.#figureBlocks(step).map((b) => createBlock(b, ctx, this.blocks)));
    for (const b of this.blocks) b.update(null);
    this.dispatchEvent(new CustomEvent('pe-step', { detail: { step: target, cause }, bubbles: true }));
  }
}

if (!customElements.get('pe-lesson')) customElements.define('pe-lesson', PeLesson);
