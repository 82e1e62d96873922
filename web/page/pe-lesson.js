// pe-lesson.js: <pe-lesson>, the page of one lesson: draws a LessonModel (lesson/model.js: data,
// inputs, computations, saved state; no DOM) one step at a time and, after each edit, redraws only
// the blocks that show something that changed. The root <article> carries data-lesson, data-steps
// and data-step.
// Events: 'pe-step' { detail: { step, cause } } whenever the step changes; cause 'initial',
// 'user' (links, buttons, ← →), 'history' (go() called for back / forward) or 'reset'.
// Leaves out: the model (lesson/model.js), routing, the address bar and the page chrome (app.js,
// history.js), the blocks themselves (web/blocks/).
import { LessonModel, blocksToUpdate } from '../lesson/model.js';
import { pageUrl } from '../lesson/urls.js';
import { createBlock } from './blocks.js';
import { el } from '../draw/el.js';
import '../blocks/pe-prose.js';
import '../blocks/pe-math.js';
import '../blocks/pe-matrix.js';
import '../blocks/pe-input.js';
import '../blocks/pe-node-error.js';

class PeLesson extends HTMLElement {
  // { id, lang, step (1-based, clamped), site: { languages, glossary, ui }, embed }
  async start({ id, lang, step, site, embed = false }) {
    this.id = id;
    this.lang = lang;
    this.embed = embed;
    this.model = await LessonModel.load({ id, lang, site });
    this.prose = this.model.prose;
    this.#build();
    if (this.model.discarded) this.notice(this.ui('storageDiscarded'), 'warning');
    this.go(step, { cause: 'initial' });
  }

  ui(key, vars) { return this.model.ui(key, vars); }

  get stepCount() { return this.model.stepCount; }

  stepHref(n) { return pageUrl({ lesson: this.id, step: n, lang: this.lang, embed: this.embed }); }

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
    if (this.model.lesson.source) foot.append(el('p', { className: 'source', textContent: this.ui('sourceDocument', { name: this.model.lesson.source }) }));

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

  // cause: see the events above; 'initial' and 'reset' draw the step even if it is the same.
  go(n, { cause = 'user', focus = false } = {}) {
    const count = this.stepCount;
    const target = this.model.clampStep(n);
    if (target === this.step && cause !== 'reset' && cause !== 'initial') return;
    this.step = target;
    const step = this.model.step(target);
    this.root.dataset.step = String(target);
    this.eyebrow.textContent = this.ui('stepOf', { n: target, count });
    this.position.textContent = `${target} / ${count}`;
    this.prevButton.disabled = target === 1;
    this.nextButton.disabled = target === count;
    this.stepLinks.forEach((a, i) => {
      if (i + 1 === target) a.setAttribute('aria-current', 'step'); else a.removeAttribute('aria-current');
    });
    this.stepTitle.textContent = this.model.stepTitle(target);
    this.stepTitle.id = `step-${step.id}`;
    this.section.setAttribute('aria-labelledby', this.stepTitle.id);
    this.section.dataset.stepId = step.id;

    const ctx = this.model.context(step.id, { setRaw: (name, raw) => this.#setRaw(name, raw) });
    this.blocks = [];
    const nodes = (step.blocks ?? []).map((b) => createBlock(b, ctx, this.blocks));
    this.body.replaceChildren(...nodes);
    for (const b of this.blocks) b.update(null);

    if (focus) this.stepTitle.focus();
    this.dispatchEvent(new CustomEvent('pe-step', { detail: { step: target, cause }, bubbles: true }));
  }
}

if (!customElements.get('pe-lesson')) customElements.define('pe-lesson', PeLesson);
