// pe-lesson-index.js: <pe-lesson-index>, the list of lessons (lessons/index.json) with each
// lesson's title and summary in the current language, linking to its first step. Used by the
// home page and by the friendly page shown for an unknown lesson or language.
// Leaves out: search and filtering (thirteen lessons fit on one screen).
import { loadJson, tutorialsPath } from '../lesson/i18n.js';
import { pageUrl } from '../lesson/urls.js';

class PeLessonIndex extends HTMLElement {
  async show({ lessons, lang, embed = false }) {
    const list = document.createElement('ol');
    list.className = 'lesson-index';
    this.replaceChildren(list);
    const proses = await Promise.all(lessons.map((id) => loadJson(tutorialsPath(`lessons/${id}.${lang}.json`)).catch(() => null)));
    lessons.forEach((id, k) => {
      const prose = proses[k];
      const li = document.createElement('li');
      li.dataset.lesson = id;
      const a = document.createElement('a');
      a.href = pageUrl({ lesson: id, step: 1, lang, embed });
      const title = document.createElement('span');
      title.className = 'title';
      title.textContent = prose?.title ?? id;
      a.append(title);
      li.append(a);
      if (prose?.summary) {
        const p = document.createElement('p');
        p.textContent = prose.summary;
        li.append(p);
      }
      list.append(li);
    });
  }
}

if (!customElements.get('pe-lesson-index')) customElements.define('pe-lesson-index', PeLessonIndex);
