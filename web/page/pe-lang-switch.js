// pe-lang-switch.js: <pe-lang-switch>, links to the same page in every language, keeping the
// lesson and the step (set(href builder) again whenever the step changes). Each link carries
// hreflang and lang so screen readers pronounce the language names correctly.
// Leaves out: remembering the choice (the URL carries it).

class PeLangSwitch extends HTMLElement {
  // languages: [{ code, html, name }], current: code, href(code) → URL string, label: text
  configure({ languages, current, href, label }) {
    this.languages = languages;
    this.current = current;
    const nav = document.createElement('nav');
    nav.className = 'lang-switch';
    nav.setAttribute('aria-label', label);
    const list = document.createElement('ul');
    this.links = languages.map((l) => {
      const a = document.createElement('a');
      a.textContent = l.name;
      a.lang = l.html;
      a.hreflang = l.html;
      a.dataset.lang = l.code;
      if (l.code === current) a.setAttribute('aria-current', 'true');
      const li = document.createElement('li');
      li.append(a);
      list.append(li);
      return a;
    });
    nav.append(list);
    this.replaceChildren(nav);
    this.setHref(href);
  }

  setHref(href) {
    this.links.forEach((a) => { a.href = href(a.dataset.lang); });
  }
}

if (!customElements.get('pe-lang-switch')) customElements.define('pe-lang-switch', PeLangSwitch);
