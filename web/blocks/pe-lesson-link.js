// pe-lesson-link.js: <pe-lesson-link>, a widget block that sends the learner to another lesson,
// in the current language: { "widget": "pe-lesson-link", "lesson": "train-short-test-long",
// "caption": "key of the link's text" }.
// Leaves out: links to steps of another lesson, links outside the site (lesson prose has none).
import { el } from '../draw/el.js';

class PeLessonLink extends HTMLElement {
  setup(block, ctx) {
    const id = String(block.lesson ?? '');
    if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(id)) throw new Error(`lesson "${id}" must be a lesson id (kebab-case)`);
    const q = new URLSearchParams({ lesson: id, step: '1', lang: ctx.lang });
    this.className = 'lesson-link';
    this.deps = new Set();
    this.replaceChildren(el('p', {}, el('a', { href: `?${q}`, textContent: `${ctx.label(block.caption, id)} →` })));
  }

  update() {}
}

if (!customElements.get('pe-lesson-link')) customElements.define('pe-lesson-link', PeLessonLink);
