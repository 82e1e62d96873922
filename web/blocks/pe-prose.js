// pe-prose.js: <pe-prose>, a `text` or `note` block: paragraphs of the lesson's prose in the
// current language, with placeholders bound to computed values (draw/prose.js), redrawn when one
// of those values changes.
// Leaves out: the markup rules themselves (lesson/prose.js, draw/prose.js).
import { placeholderNames } from '../lesson/prose.js';
import { paragraphs } from '../draw/prose.js';

class PeProse extends HTMLElement {
  setup(block, ctx) {
    this.ctx = ctx;
    this.key = block.text ?? block.note;
    this.isNote = block.note !== undefined;
    this.className = this.isNote ? `note ${block.tone === 'warning' ? 'warning' : 'info'}` : 'text';
    if (this.isNote) this.setAttribute('role', 'note');
    this.source = ctx.text(this.key);
    this.deps = placeholderNames(this.source ?? '');
  }

  update() {
    const text = this.source ?? `{${this.key}}`;
    this.replaceChildren(paragraphs(text, this.ctx));
  }
}

if (!customElements.get('pe-prose')) customElements.define('pe-prose', PeProse);
