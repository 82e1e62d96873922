// pe-attention-run.js: <pe-attention-run>, a lesson `widget` block around <pe-attention-backend>
// (web/blocks/pe-attention-backend.js): it runs posenc's attentionAsync for the sizes the
// lesson's inputs give, and shows which backend ran (WebGPU or WebAssembly) and how long it took,
// with every string taken from the lesson's prose.
//
//   { "widget": "pe-attention-run",
//     "props": { "queries": "@longL", "heads": "@longH", "headDim": "@longDh", "causal": "@longCausal" } }
//
// Sizes: L = queries = keys, H heads of Dh columns (q, k, v are L×(H·Dh); the element fills them).
// Strings: the prose labels attentionRun, attentionRunning, attentionBackend, attentionTime,
// attentionUnit, attentionReason, attentionSizes, attentionError; placeholders in them ({longL:i})
// are filled as in the prose. A missing one falls back to the element's English default. The reason
// WebGPU was not used is shown in the page's language: the UI string gpuFallback<Code> of
// attentionAsync's fallbackCode (tutorials/ui.<lang>.json); the English fallbackReason stays in
// `last`. After an edit of a size it runs again
// (one run at a time; the last edit wins). The element's result is kept in `last`
// ({ backend, ms, fallbackReason?, fallbackCode? }) and announced with the event 'pe-attention-backend'.
// Leaves out: position schemes in the long run (the element times plain attention), repeated
// timing (npm run bench measures speed).
import './pe-attention-backend.js';
import { referencedNames } from '../lesson/dataflow.js';
import { fillTemplate, slotNames } from '../lesson/template.js';

// attentionAsync's fallbackCode → its UI string ('no-gpu' → gpuFallbackNoGpu).
const FALLBACK_CODES = ['no-gpu', 'no-adapter', 'software-adapter', 'gpu-failed', 'relative', 'head-width', 'too-large', 'device-lost'];
const fallbackKey = (code) => `gpuFallback${code.replace(/(^|-)([a-z])/g, (_, __, c) => c.toUpperCase())}`;

const LABELS = {
  run: 'attentionRun', running: 'attentionRunning', backend: 'attentionBackend', time: 'attentionTime',
  unit: 'attentionUnit', reason: 'attentionReason', sizes: 'attentionSizes', error: 'attentionError',
};

class PeAttentionRun extends HTMLElement {
  setup(block, ctx) {
    this.ctx = ctx;
    this.block = block;
    this.deps = referencedNames(block.props ?? {});
    this.className = 'figure-block attention-run';
    this.inner = document.createElement('pe-attention-backend');
    this.labels = Object.entries(LABELS).map(([key, proseKey]) => [key, ctx.label(proseKey, null)])
      .filter(([, text]) => typeof text === 'string');
    for (const [, text] of this.labels) slotNames(text, this.deps);
    if (block.caption) {
      const cap = document.createElement('p');
      cap.className = 'caption';
      cap.textContent = ctx.label(block.caption);
      this.append(cap);
    }
    this.busy = false;
    this.again = false;
    this.last = null;
  }

  #apply() {
    const p = this.ctx.resolve(this.block.props ?? {});
    if (p instanceof Error) return false;
    // The prose's placeholders ({longL}) are filled here; the element then shows plain text.
    for (const [key, text] of this.labels) {
      this.inner.setAttribute(`data-label-${key}`, fillTemplate(text, (ref, fmt) => this.ctx.format(this.ctx.value(ref), fmt)));
    }
    for (const code of FALLBACK_CODES) this.inner.setAttribute(`data-label-reason-${code}`, this.ctx.ui(fallbackKey(code)));
    const set = (attr, v) => { if (v !== undefined && v !== null) this.inner.setAttribute(attr, String(v)); };
    set('data-queries', p.queries);
    set('data-keys', p.keys ?? p.queries);
    set('data-heads', p.heads);
    set('data-head-dim', p.headDim);
    if (p.causal) this.inner.setAttribute('data-causal', ''); else this.inner.removeAttribute('data-causal');
    if (p.backend) this.inner.setAttribute('data-backend', p.backend);
    return true;
  }

  async run() {
    if (this.busy) { this.again = true; return this.done; }
    this.busy = true;
    this.done = (async () => {
      try {
        do {
          this.again = false;
          try { this.last = await this.inner.run(); } catch { this.last = null; }
        } while (this.again);
      } finally {
        this.busy = false;
      }
      return this.last;
    })();
    return this.done;
  }

  update() {
    if (!this.#apply()) return;
    if (!this.inner.isConnected) this.append(this.inner);
    this.run();
  }
}

if (!customElements.get('pe-attention-run')) customElements.define('pe-attention-run', PeAttentionRun);
