// pe-home.js: <pe-home>, the home page: a hook (title, lead, a live picture of sinusoidal
// positions that the WebAssembly core computes as the window of positions slides), "start here"
// (and "continue" with the furthest lesson along the path that was opened but not finished; links to
// the glossary and the training playground), and
// the course as a path in parts (tutorials/course.json) with each lesson's minutes, summary and
// progress mark (visited / finished, lesson/progress.js). Each path item carries data-lesson and data-status.
// Leaves out: the list of lessons in index order (pe-lesson-index.js, for the friendly page) and
// the lessons themselves.
import { loadJson, tutorialsPath, uiText } from '../lesson/i18n.js';
import { loadProgress, lessonStatus } from '../lesson/progress.js';
import { colorAt } from '../draw/colormap.js';
import { el } from '../draw/el.js';

const HERO = { L: 80, D: 32 };  // positions across, dimensions down

class PeHome extends HTMLElement {
  // site: { lessons, course, ui, languages }, lang, href(extra) → URL of the site page
  async show({ site, lang, href }) {
    const ui = (k, v) => uiText(site.ui, k, v);
    this.ui = ui;
    const proses = Object.fromEntries(await Promise.all(site.lessons.map(async (id) =>
      [id, await loadJson(tutorialsPath(`lessons/${id}.${lang}.json`)).catch(() => null)])));
    const progress = loadProgress();
    const lessonHref = (id, step = 1) => href({ lesson: id, step: String(step) });
    const course = site.course;

    // The hook.
    const canvas = el('canvas', { className: 'hero-canvas', width: HERO.L, height: HERO.D });
    canvas.setAttribute('role', 'img');
    this.readout = el('span', { className: 'hero-readout' });
    const caption = el('figcaption', { textContent: ui('heroCaption', { L: HERO.L, D: HERO.D }) });
    const figure = el('figure', { className: 'hero-figure' },
      el('div', { className: 'hero-frame' }, canvas,
        el('span', { className: 'live-badge', textContent: ui('heroLive') }), this.readout),
      caption);
    canvas.setAttribute('aria-label', caption.textContent);

    const start = course.start;
    const recent = Object.entries(progress.lessons).filter(([id, e]) => site.lessons.includes(id) && !e.finished && e.visited);
    const order = course.parts.flatMap((p) => p.lessons.map((l) => l.id));
    const actions = el('p', { className: 'hero-actions' });
    const startLink = el('a', { className: 'cta primary', href: lessonHref(start), textContent: `${ui('startHere')} →` });
    startLink.dataset.lesson = start;
    actions.append(startLink);
    if (recent.length) {
      recent.sort((a, b) => order.indexOf(b[0]) - order.indexOf(a[0]));
      const [id, e] = recent[0];
      const cont = el('a', { className: 'cta', href: lessonHref(id, e.step ?? 1), textContent: ui('continueLesson', { title: proses[id]?.title ?? id }) });
      cont.dataset.lesson = id;
      actions.append(cont);
    }
    actions.append(el('a', { className: 'cta quiet', href: href({ page: 'glossary' }), textContent: ui('glossary') }));
    actions.append(el('a', { className: 'cta quiet', href: `playground.html?${new URLSearchParams({ lang })}`, textContent: `${ui('playground')} →` }));

    const hero = el('section', { className: 'hero' },
      el('div', { className: 'hero-text' },
        el('h1', { textContent: ui('homeTitle') }),
        el('p', { className: 'lead', textContent: ui('homeLead') }),
        actions),
      figure);

    // The path.
    const finished = site.lessons.filter((id) => lessonStatus(progress, id) === 'finished').length;
    const pathHead = el('div', { className: 'path-head' },
      el('h2', { id: 'course-path-title', textContent: ui('coursePath') }),
      el('p', { className: 'progress-summary', textContent: ui('progressSummary', { done: finished, count: site.lessons.length }) }));
    const path = el('ol', { className: 'course-path' });
    path.setAttribute('aria-labelledby', 'course-path-title');
    let number = 0;
    // Lessons the course path does not list (an author's own, beside the built-in ones in
    // `posenc preview`) come last, as a part of their own.
    const inCourse = new Set(course.parts.flatMap((p) => p.lessons.map((l) => l.id)));
    const extra = site.lessons.filter((id) => !inCourse.has(id));
    const parts = extra.length === 0 ? course.parts : [...course.parts,
      { id: 'more', title: { [lang]: ui('partMore') }, summary: { [lang]: ui('partMoreSummary') }, lessons: extra.map((id) => ({ id })) }];
    parts.forEach((part, k) => {
      const list = el('ol', { className: 'path-lessons' });
      for (const entry of part.lessons) {
        if (!site.lessons.includes(entry.id)) continue;
        number += 1;
        const prose = proses[entry.id];
        const status = lessonStatus(progress, entry.id);
        const a = el('a', { href: lessonHref(entry.id) }, el('span', { className: 'title', textContent: prose?.title ?? entry.id }));
        const meta = el('span', { className: 'meta' });
        if (Number.isFinite(entry.minutes)) meta.append(el('span', { className: 'minutes', textContent: ui('minutes', { n: entry.minutes }) }));
        if (status !== 'new') meta.append(el('span', { className: `status ${status}`, textContent: ui(status === 'finished' ? 'statusFinished' : 'statusVisited') }));
        const li = el('li', { className: `path-lesson ${status}` },
          el('span', { className: 'dot', textContent: status === 'finished' ? '✓' : String(number) }), el('div', { className: 'body' }, a, meta));
        li.querySelector('.dot').setAttribute('aria-hidden', 'true');
        if (prose?.summary) li.querySelector('.body').append(el('p', { className: 'summary', textContent: prose.summary }));
        Object.assign(li.dataset, { lesson: entry.id, status });
        if (entry.id === start) li.classList.add('start');
        list.append(li);
      }
      const partTitle = el('h3', {}, el('span', { className: 'part-number', textContent: ui('part', { n: k + 1 }) }), el('span', { textContent: part.title[lang] ?? part.title.en }));
      const li = el('li', { className: 'path-part' }, partTitle,
        el('p', { className: 'part-summary', textContent: part.summary[lang] ?? part.summary.en }), list);
      li.dataset.part = part.id;
      path.append(li);
    });

    this.replaceChildren(hero, el('section', { className: 'path-section' }, pathHead, path));
    this.canvas = canvas;
    this.#animate().catch(() => { figure.hidden = true; });
  }

  // The live picture: sinusoidalAt(positions, D) for a window of positions that slides on.
  async #animate() {
    this.stopAnimation?.();  // a picture drawn before (the page rendered again) stops moving
    const run = (this.run = (this.run ?? 0) + 1);
    const { loadPosenc } = await import('../api/posenc.js');
    const pe = await loadPosenc();
    if (run !== this.run) return;  // rendered again while the core loaded
    const ctx = this.canvas.getContext('2d');
    const image = ctx.createImageData(HERO.L, HERO.D);
    const draw = (offset) => {
      const positions = Array.from({ length: HERO.L }, (_, i) => offset + i);
      const m = pe.sinusoidalAt(positions, HERO.D, { layout: 'halves' });  // sines above, cosines below
      // m is L × D (a row per position); the picture is D × L (a column per position).
      for (let i = 0; i < HERO.L; i++) for (let j = 0; j < HERO.D; j++) {
        const [r, g, b] = colorAt((m.data[i * HERO.D + j] + 1) / 2, 'viridis');
        image.data.set([r, g, b, 255], 4 * (j * HERO.L + i));
      }
      ctx.putImageData(image, 0, 0);
      this.readout.textContent = `${this.ui('position', { n: offset })} … ${this.ui('position', { n: offset + HERO.L - 1 })}`;
      this.dataset.offset = String(offset);
    };
    let offset = 0;
    draw(offset);
    this.dataset.live = 'true';
    const still = window.matchMedia?.('(prefers-reduced-motion: reduce)').matches;
    if (still) return;
    // One new position every 120 ms, drawn in the next frame, and only while the picture is on
    // screen: a timer rather than a callback every frame, so that the page costs next to nothing
    // between moves, and none at all once the learner has scrolled down to the course.
    let timer = null;
    const stop = () => { clearInterval(timer); timer = null; };
    const start = () => { timer ??= setInterval(() => requestAnimationFrame(() => draw((offset += 1))), 120); };
    const visible = new IntersectionObserver(([entry]) => (entry.isIntersecting ? start() : stop()));
    visible.observe(this.canvas);
    this.stopAnimation = () => { stop(); visible.disconnect(); };
  }

  disconnectedCallback() { this.stopAnimation?.(); }
}

if (!customElements.get('pe-home')) customElements.define('pe-home', PeHome);
