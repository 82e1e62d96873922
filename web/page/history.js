// history.js: the address bar and the back / forward buttons follow a <pe-lesson>'s step.
//
//   followSteps(lesson, { urlFor: (n) => pageUrl(…), embed })
// On the step first opened the address is replaced by the normal one (a step out of range shows
// the step actually opened); a step the learner moves to is pushed (replaced in an embed, so the
// course page's back button stays the course's); back / forward open the step of the address.
// The lesson says why its step changed in its 'pe-step' event: detail.cause 'user' (links,
// buttons, keys), 'history' (back / forward), 'initial' or 'reset'.
// Leaves out: building addresses (lesson/urls.js).
import { readPageUrl } from '../lesson/urls.js';

export function followSteps(lesson, { urlFor, embed = false }) {
  const write = (step, how) => {
    const url = new URL(urlFor(step), location.href);
    if (url.href !== location.href) history[how]({ step }, '', url);
  };
  write(lesson.step, 'replaceState');
  lesson.addEventListener('pe-step', (e) => {
    if (e.detail.cause === 'user') write(e.detail.step, embed ? 'replaceState' : 'pushState');
  });
  window.addEventListener('popstate', () => lesson.go(readPageUrl(location.search).step, { cause: 'history' }));
}
