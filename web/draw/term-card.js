// term-card.js: a glossary term in the prose as a small accessible popover. The term is a
// <button> (reachable by Tab, tappable) described by its card (role="tooltip",
// aria-describedby): the definition in the current language and the term in the other languages.
// The card opens on hover, on keyboard focus and on tap, and closes on Escape, on blur, when the
// pointer leaves, or on a second tap.
// Leaves out: the glossary data (tutorials/glossary.json, read by the page) and the glossary page.

let counter = 0;

// term: { text, definition, others: [{ lang, text }] }
export function termCard(term, id) {
  const wrap = document.createElement('span');
  wrap.className = 'term-wrap';
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'term';
  button.textContent = term.text;
  button.dataset.term = id;
  const card = document.createElement('span');
  card.className = 'term-card';
  card.id = `term-card-${++counter}`;
  card.setAttribute('role', 'tooltip');
  card.hidden = true;
  const def = document.createElement('span');
  def.className = 'definition';
  def.textContent = term.definition ?? term.text;
  card.append(def);
  if (term.others?.length) {
    const others = document.createElement('span');
    others.className = 'others';
    for (const o of term.others) {
      const s = document.createElement('span');
      s.lang = o.lang;
      s.textContent = o.text;
      others.append(s);
    }
    card.append(others);
  }
  button.setAttribute('aria-describedby', card.id);
  button.setAttribute('aria-expanded', 'false');
  wrap.append(button, card);

  let pinned = false;
  const place = () => {
    card.style.left = '0px';
    const r = card.getBoundingClientRect();
    const room = document.documentElement.clientWidth - 8;
    if (r.right > room) card.style.left = `${Math.round(room - r.right)}px`;
    const r2 = card.getBoundingClientRect();
    if (r2.left < 8) card.style.left = `${Math.round(8 - r2.left + (room - r.right))}px`;
  };
  const open = () => {
    if (!card.hidden) return;
    card.hidden = false;
    button.setAttribute('aria-expanded', 'true');
    place();
  };
  const close = () => {
    pinned = false;
    card.hidden = true;
    button.setAttribute('aria-expanded', 'false');
  };
  wrap.addEventListener('mouseenter', open);
  wrap.addEventListener('mouseleave', () => { if (!pinned && document.activeElement !== button) close(); });
  button.addEventListener('focus', open);
  button.addEventListener('blur', close);
  button.addEventListener('click', () => {
    if (card.hidden) { open(); pinned = true; } else if (pinned) close(); else pinned = true;
  });
  button.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && !card.hidden) { e.preventDefault(); e.stopPropagation(); close(); }
  });
  return wrap;
}
