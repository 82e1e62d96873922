// pe-attention-backend.js: <pe-attention-backend>, runs posenc's attentionAsync once for the sizes
// in its attributes and shows which backend ran (WebGPU or WASM), how long the call took, and why
// WebGPU was not used when it was not.
//
//   <pe-attention-backend data-queries="512" data-keys="512" data-heads="8" data-head-dim="64"
//       data-causal data-backend="auto" data-autorun
//       data-label-run="Run" data-label-running="Running…" data-label-backend="Backend"
//       data-label-time="Time" data-label-unit="ms" data-label-reason="Why not WebGPU"
//       data-label-sizes="L = {L}, S = {S}, H = {H}, Dh = {Dh}" data-label-error="Failed:">
//
// Sizes: L queries (data-queries), S keys (data-keys, default L), H heads, Dh = head width;
// q, k, v are L×(H·Dh), S×(H·Dh), S×(H·Dh) drawn by the core's seeded generator (the timing does not
// depend on them), weights off. Every visible string comes from a data-label-* attribute (English
// defaults), so the lesson engine can translate them; a run's figures are set with textContent.
// The reason WebGPU was not used is attentionAsync's English `fallbackReason`, unless an attribute
// data-label-reason-<fallbackCode> (data-label-reason-no-gpu, …-too-large) gives its translation.
// The element's run() method does the same as the button and resolves to
// { backend, ms, fallbackReason?, fallbackCode? }.
// Leaves out: showing the output itself (the lesson's heatmaps do that), repeated timing.
import { loadPosenc } from '../api/posenc.js';
import { fillTemplate, fromVars } from '../lesson/template.js';

const DEFAULT_LABELS = {
  run: 'Run',
  running: 'Running…',
  backend: 'Backend',
  time: 'Time',
  unit: 'ms',
  reason: 'Why not WebGPU',
  sizes: 'L = {L}, S = {S}, H = {H}, Dh = {Dh}',
  error: 'Failed:',
};
const BACKEND_NAMES = { webgpu: 'WebGPU', wasm: 'WebAssembly' };


class PeAttentionBackend extends HTMLElement {
  static observedAttributes = Object.keys(DEFAULT_LABELS).map((k) => `data-label-${k}`)
    .concat(['data-queries', 'data-keys', 'data-heads', 'data-head-dim']);

  #button;
  #sizes;
  #rows = {};
  #last = null;      // { backend, ms, fallbackReason } of the last run
  #error = null;
  #busy = false;

  connectedCallback() {
    if (!this.#button) this.#build();
    this.#render();
    if (this.hasAttribute('data-autorun') && !this.#last && !this.#busy) this.run().catch(() => {});
  }

  attributeChangedCallback() {
    if (this.#button) this.#render();
  }

  #label(key) {
    return this.getAttribute(`data-label-${key}`) ?? DEFAULT_LABELS[key];
  }

  #int(name, fallback) {
    const raw = this.getAttribute(name);
    return raw === null ? fallback : Number(raw);
  }

  // The sizes from the attributes (the core refuses bad ones with its own message).
  get sizes() {
    const L = this.#int('data-queries', 128);
    return { L, S: this.#int('data-keys', L), H: this.#int('data-heads', 8), Dh: this.#int('data-head-dim', 64) };
  }

  #build() {
    this.classList.add('attention-backend');
    this.#button = document.createElement('button');
    this.#button.type = 'button';
    this.#button.addEventListener('click', () => { this.run().catch(() => {}); });
    this.#sizes = document.createElement('p');
    const list = document.createElement('dl');
    list.setAttribute('aria-live', 'polite');
    for (const key of ['backend', 'time', 'reason', 'error']) {
      const dt = document.createElement('dt');
      const dd = document.createElement('dd');
      dd.className = `attention-backend-${key}`;
      list.append(dt, dd);
      this.#rows[key] = { dt, dd };
    }
    this.append(this.#sizes, this.#button, list);
  }

  #render() {
    const { L, S, H, Dh } = this.sizes;
    this.#sizes.textContent = fillTemplate(this.#label('sizes'), fromVars({ L, S, H, Dh }));
    this.#button.textContent = this.#busy ? this.#label('running') : this.#label('run');
    this.#button.disabled = this.#busy;
    const lang = this.closest('[lang]')?.getAttribute('lang') || undefined;
    const shown = {
      backend: this.#last && (BACKEND_NAMES[this.#last.backend] ?? this.#last.backend),
      time: this.#last && `${new Intl.NumberFormat(lang, { maximumFractionDigits: 1 }).format(this.#last.ms)} ${this.#label('unit')}`,
      reason: (this.#last?.fallbackCode && this.getAttribute(`data-label-reason-${this.#last.fallbackCode}`)) || (this.#last?.fallbackReason ?? null),
      error: this.#error,
    };
    for (const [key, { dt, dd }] of Object.entries(this.#rows)) {
      dt.textContent = this.#label(key);
      dd.textContent = shown[key] ?? '';
      dt.hidden = dd.hidden = !shown[key];
    }
  }

  // Runs attentionAsync once with the current sizes; resolves to { backend, ms, fallbackReason?, fallbackCode? }.
  async run() {
    this.#busy = true;
    this.#error = null;
    this.#render();
    try {
      const pe = await loadPosenc();
      const { L, S, H, Dh } = this.sizes;
      const D = H * Dh;
      // Inputs from the core's seeded generator (random.hpp): the same q, k, v on every backend.
      const [q, k, v] = [pe.randomMatrix(L, D, { seed: 1 }), pe.randomMatrix(S, D, { seed: 2 }), pe.randomMatrix(S, D, { seed: 3 })];
      const backend = this.getAttribute('data-backend') ?? 'auto';
      const t0 = performance.now();
      const r = await pe.attentionAsync(q, k, v, { heads: H, causal: this.hasAttribute('data-causal'), weights: false, backend });
      const ms = performance.now() - t0;
      this.#last = { backend: r.backend, ms, ...(r.fallbackReason ? { fallbackReason: r.fallbackReason, fallbackCode: r.fallbackCode } : {}) };
      this.dispatchEvent(new CustomEvent('pe-attention-backend', { detail: this.#last, bubbles: true }));
      return this.#last;
    } catch (e) {
      this.#last = null;
      this.#error = e.message;
      throw e;
    } finally {
      this.#busy = false;
      this.#render();
    }
  }
}

if (!customElements.get('pe-attention-backend')) customElements.define('pe-attention-backend', PeAttentionBackend);
