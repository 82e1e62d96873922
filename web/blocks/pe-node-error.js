// pe-node-error.js: <pe-node-error>, an `error` block: the message of a computation the core
// refused on purpose (e.g. a position past a learned table's end), worded in the page's language
// from its code and values (lesson/errors.js; the core's English message when there is no
// translation, and always on hover), or the UI's "no error" when the current values are accepted.
// Leaves out: the explanation (the prose around the block gives it).

import { coreErrorText } from '../lesson/errors.js';

class PeNodeError extends HTMLElement {
  setup(block, ctx) {
    this.ctx = ctx;
    this.name = String(block.error);
    this.deps = new Set([this.name]);
    this.setAttribute('role', 'status');
  }

  update() {
    const v = this.ctx.value(this.name);
    if (v instanceof Error) {
      const lead = document.createElement('span');
      lead.className = 'lead';
      lead.textContent = this.ctx.ui('coreSays');
      const msg = document.createElement('code');
      msg.textContent = coreErrorText(v, this.ctx.ui);
      msg.title = v.message;
      this.className = 'node-error failed';
      this.replaceChildren(lead, ' ', msg);
    } else {
      this.className = 'node-error ok';
      this.textContent = this.ctx.ui('noError');
    }
  }
}

if (!customElements.get('pe-node-error')) customElements.define('pe-node-error', PeNodeError);
