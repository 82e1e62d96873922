// pe-math.js: <pe-math>, a `math` block: display math as MathML, rendered from the lesson's TeX
// by KaTeX at build time (scripts/tutorials.mjs) and parsed here as XML, set in the site's own math
// font (style.css, fonts/): no inline styles, nothing evaluated; wide formulas scroll with a cue.
// If the build did not render it, the TeX is shown as code.
// Leaves out: run-time TeX rendering (KaTeX is not shipped to the browser).
import { mathNode } from '../draw/prose.js';

class PeMath extends HTMLElement {
  setup(block, ctx) {
    this.tex = String(block.math);
    this.ctx = ctx;
    this.deps = new Set();
    this.classList.add('scroll-cue');
  }

  update(changed) {
    if (changed) return;
    this.replaceChildren(mathNode(this.ctx.math(this.tex), this.tex, true));
  }
}

if (!customElements.get('pe-math')) customElements.define('pe-math', PeMath);
