// pe-next-lesson.js: <pe-next-lesson>, the end of a lesson's last step: the next lesson of the
// course path (course.json `next`) as a card with its title, part and minutes, and a link back to
// the course; after the course's last lesson, a word that the course is done and the glossary.
// Leaves out: deciding what comes next (course.json does) and progress (lesson/progress.js).
import { uiText } from '../lesson/i18n.js';
import { el } from '../draw/el.js';

class PeNextLesson extends HTMLElement {
  // next: { id, title, summary, minutes, href } | null; courseHref, glossaryHref; ui
  show({ next, courseHref, glossaryHref, ui }) {
    this.className = 'next-lesson';
    const parts = [];
    if (next) {
      const card = el('a', { className: 'next-card', href: next.href },
        el('span', { className: 'kicker', textContent: uiText(ui, 'nextLesson') }),
        el('span', { className: 'title', textContent: next.title }),
        el('span', { className: 'meta', textContent: uiText(ui, 'minutes', { n: next.minutes }) }));
      card.dataset.lesson = next.id;
      if (next.summary) card.append(el('span', { className: 'summary', textContent: next.summary }));
      parts.push(card);
    } else {
      parts.push(el('p', { className: 'course-done', textContent: uiText(ui, 'courseDone') }));
    }
    const links = el('p', { className: 'next-links' },
      el('a', { className: 'to-course', href: courseHref, textContent: uiText(ui, 'backToCourse') }),
      ' · ',
      el('a', { className: 'to-glossary', href: glossaryHref, textContent: uiText(ui, 'glossary') }));
    parts.push(links);
    this.replaceChildren(...parts);
  }
}

if (!customElements.get('pe-next-lesson')) customElements.define('pe-next-lesson', PeNextLesson);
