// posenc-embed.js: posenc's lessons as custom elements for course sites, one script tag away.
//
//   <script type="module" src="/courses/posenc/page/posenc-embed.js"></script>
//   <posenc-lesson lesson="rope" lang="ja" step="2"></posenc-lesson>
//   <posenc-figure lesson="rope" step="2" block="pe-rope-pairs"></posenc-figure>
//
// <posenc-lesson> is a whole lesson (steps, pager, inputs, print button); <posenc-figure> is one
// block of one step (block: a 1-based index into the step's blocks, a block kind such as
// "heatmap", or a widget name such as "pe-rope-pairs"; default 1). Attributes are live: changing
// lesson, lang, step (or block) redraws; the learner's values stay (they are stored per lesson).
// Without lang, the browser's languages choose (else English). Each element renders in its own
// shadow root with the site's style sheet, so the course page's styles neither reach in nor are
// changed; the element is a block that grows with its content. Every file (style sheets, lessons,
// the WASM core) is resolved against this module's URL, so dist/ may sit under any sub-path.
// Events (on the element, bubbling and composed):
//   posenc:ready { lesson, lang, step, steps }  the lesson is drawn (again after each redraw)
//   posenc:step  { lesson, lang, step, stepId }  the step changed (also by the learner); the step
//                                                attribute follows it
//   posenc:error { message }                     the lesson could not be shown (the text says why)
// Leaves out: the page chrome (language switch, lesson index: page/app.js) and the address bar (the
// course page's URL and history are never touched).
import { loadSite, chooseLanguage, uiText } from '../lesson/i18n.js';
import { el } from '../draw/el.js';
import './pe-lesson.js';

const asset = (p) => new URL(`../${p}`, import.meta.url).href;
const SHEETS = [['style.css', null], ['page/posenc-embed.css', null], ['print.css', 'print']];

function sheetLink([href, media]) {
  const link = el('link', { rel: 'stylesheet', href: asset(href) });
  if (media) link.media = media;
  return link;
}

class PosencElement extends HTMLElement {
  static observedAttributes = ['lesson', 'lang', 'step', 'block'];

  #root;
  #frame;
  #lesson = null;
  #shown = null; // { lesson, lang } of what is drawn
  #pending = false;
  #token = 0;
  #sheetsReady;

  constructor() {
    super();
    this.#root = this.attachShadow({ mode: 'open' });
    const links = SHEETS.map(sheetLink);
    this.#sheetsReady = Promise.all(links.map((l) => new Promise((r) => {
      l.addEventListener('load', r, { once: true });
      l.addEventListener('error', r, { once: true });
    })));
    this.#frame = el('div', { className: 'posenc-root' });
    this.#frame.hidden = true; // until the style sheets have loaded: no unstyled flash
    this.#root.append(...links, this.#frame);
  }

  get figure() { return false; }

  // The lesson's own element (<pe-lesson>) inside the shadow root, once drawn.
  get lessonElement() { return this.#lesson; }

  connectedCallback() { this.#schedule(); }

  attributeChangedCallback(name, oldValue, value) {
    if (oldValue === value || !this.isConnected) return;
    const shown = this.#shown;
    if (name === 'step' && shown && this.#lesson?.step !== undefined && shown.lesson === this.getAttribute('lesson')) {
      const n = Number.parseInt(value ?? '1', 10);
      this.#lesson.go(Number.isFinite(n) ? n : 1);
      return;
    }
    this.#schedule();
  }

  #schedule() {
    if (this.#pending) return;
    this.#pending = true;
    queueMicrotask(() => { this.#pending = false; if (this.isConnected) this.#render(); });
  }

  #emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }

  async #render() {
    const token = ++this.#token;
    const id = this.getAttribute('lesson');
    try {
      const site = await loadSite(null);
      const { lang, unknown } = chooseLanguage(this.getAttribute('lang'), site.languages, navigator.languages ?? []);
      const full = await loadSite(lang);
      full.languages = site.languages;
      if (token !== this.#token) return;
      const ui = (k, v) => uiText(full.ui, k, v);
      if (unknown !== null) throw new Error(ui('unknownLanguage', { lang: unknown }));
      if (!id || !full.lessons.includes(id)) throw new Error(ui('unknownLesson', { lesson: id ?? '' }) + ` ${full.lessons.join(', ')}`);
      const language = full.languages.find((l) => l.code === lang);
      const lesson = document.createElement('pe-lesson');
      const requested = Number.parseInt(this.getAttribute('step') ?? '1', 10);
      lesson.addEventListener('pe-step', (e) => {
        if (lesson !== this.#lesson) return;
        const step = e.detail.step;
        if (this.getAttribute('step') !== String(step)) this.setAttribute('step', String(step));
        this.#emit('posenc:step', { lesson: id, lang, step, stepId: lesson.model.step(step).id });
      });
      const frame = el('div', { className: `posenc-root${this.figure ? ' figure' : ''}` }, lesson);
      frame.lang = language.html;
      frame.hidden = true;
      this.#root.append(frame);
      this.#lesson = lesson;
      await lesson.start({
        id, lang, step: Number.isFinite(requested) ? requested : 1, site: full, embed: true,
        ownsUrl: false, hrefBase: asset(''),
        figure: this.figure ? { block: this.getAttribute('block') ?? '1' } : null,
      });
      await this.#sheetsReady;
      if (token !== this.#token) { frame.remove(); return; }
      this.#frame.replaceWith(frame);
      this.#frame = frame;
      frame.hidden = false;
      this.#shown = { lesson: id, lang };
      this.dataset.ready = 'lesson';
      this.#emit('posenc:ready', { lesson: id, lang, step: lesson.step, steps: lesson.stepCount });
    } catch (err) {
      if (token !== this.#token) return;
      await this.#sheetsReady;
      const frame = el('div', { className: 'posenc-root' }, el('p', { className: 'notice warning', textContent: `posenc: ${err.message}` }));
      this.#root.querySelectorAll('.posenc-root').forEach((f) => f.remove());
      this.#root.append(frame);
      this.#frame = frame;
      this.#lesson = null;
      this.#shown = null;
      this.dataset.ready = 'error';
      this.#emit('posenc:error', { message: err.message });
    }
  }
}

class PosencLesson extends PosencElement {}
class PosencFigure extends PosencElement {
  get figure() { return true; }
}

if (!customElements.get('posenc-lesson')) customElements.define('posenc-lesson', PosencLesson);
if (!customElements.get('posenc-figure')) customElements.define('posenc-figure', PosencFigure);
