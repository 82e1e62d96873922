// pe-long-attention.js: <pe-long-attention>, a lesson `widget` block: attention over thousands of
// positions as a lesson, not a benchmark. The heavy work runs in a Web Worker
// (web/api/attention-worker.js), so the page stays responsive; it shows progress and can be
// cancelled. What it teaches, from this run's own measurements:
//   - the cost grows as L²: the time of one call at four lengths (L/8 … L), with the fit c·L²;
//   - causal halving: the causal mask's time over the full time at each length (about 0.5), said
//     to show the saving only when it does;
//   - the pattern at length: where the last query puts its weight over all L keys, per head (ALiBi
//     slopes), keys summed in groups;
//   - which backend ran and why (WebAssembly unless a hardware WebGPU adapter is there).
//
//   { "widget": "pe-long-attention", "props": { "length": "@longL", "heads": "@longH", "headDim": "@longDh" } }
//
// Sizes are capped by their estimated cost (lesson/long-attention.js), not only each input by its own
// range: a refused combination says so in the page's language and nothing runs. Strings are UI
// strings (tutorials/ui.<lang>.json, long*). State for scripts and tests: data-state = running |
// done | refused | cancelled | failed; `points`, `patternData`, `info`, `startedAt` / `finishedAt`
// (performance.now() when the run started and when the worker reported it done); event
// 'pe-long-attention'.
// Leaves out: position schemes other than ALiBi in the pattern, repeated timing (npm run bench).
import { referencedNames } from '../lesson/dataflow.js';
import { plan, fitSquare, causalFact } from '../lesson/long-attention.js';
import { formatNumber } from '../lesson/format.js';
import { coreErrorText } from '../lesson/errors.js';
import { svgEl, niceTicks, tickDigits, pixelImage } from '../draw/svg.js';
import { colorAt, SERIES } from '../draw/colormap.js';
import { attachReadout, readoutRegion, gridMove, readoutNumber } from '../draw/readout.js';
import { el } from '../draw/el.js';

const fmt = (x, d = 2) => formatNumber(x, String(d));
const FALLBACK_KEY = (code) => `gpuFallback${String(code).replace(/(^|-)([a-z])/g, (_, __, c) => c.toUpperCase())}`;

class PeLongAttention extends HTMLElement {
  setup(block, ctx) {
    this.ctx = ctx;
    this.block = block;
    this.deps = referencedNames(block.props ?? {});
    this.className = 'figure-block long-attention';
    this.status = el('p', { className: 'long-status' });
    this.status.setAttribute('role', 'status');
    this.backendLine = el('p', { className: 'long-backend' });
    this.progress = el('progress', { max: 1, value: 0 });
    this.cancelButton = el('button', { type: 'button', textContent: ctx.ui('longCancel') });
    this.againButton = el('button', { type: 'button', textContent: ctx.ui('longRunAgain') });
    this.cancelButton.addEventListener('click', () => this.cancel());
    this.againButton.addEventListener('click', () => this.start());
    const controls = el('div', { className: 'long-controls' }, this.progress, this.cancelButton, this.againButton);
    this.timing = el('figure', { className: 'long-timing' });
    this.pattern = el('figure', { className: 'long-pattern' });
    this.facts = el('ul', { className: 'long-facts' });
    this.live = readoutRegion();
    this.append(controls, this.status, this.backendLine, this.timing, this.facts, this.pattern, this.live);
  }

  update() {
    clearTimeout(this.debounce);
    // Typing 1 0 2 4 into a field should start one run, not four.
    this.debounce = setTimeout(() => this.start(), 250);
  }

  #sizes() {
    const p = this.ctx.resolve(this.block.props ?? {});
    if (p instanceof Error) return null;
    return { length: Number(p.length), heads: Number(p.heads), headDim: Number(p.headDim) };
  }

  #state(s) {
    this.dataset.state = s;
    this.cancelButton.disabled = s !== 'running';
    this.againButton.disabled = s === 'running' || s === 'refused';
    this.dispatchEvent(new CustomEvent('pe-long-attention', { detail: { state: s }, bubbles: true }));
  }

  cancel() {
    if (!this.worker) return;
    this.worker.terminate();
    this.worker = null;
    this.status.textContent = this.ctx.ui('longCancelled');
    this.classList.remove('stale');
    this.#state('cancelled');
  }

  start() {
    if (this.worker) { this.worker.terminate(); this.worker = null; }
    const sizes = this.#sizes();
    if (!sizes) return;
    const p = plan(sizes);
    this.sizes = sizes;
    this.points = [];
    this.patternData = null;
    if (!p.ok) {
      this.pattern.replaceChildren();
      this.timing.replaceChildren();
      this.facts.replaceChildren();
      this.backendLine.textContent = '';
      this.status.textContent = this.ctx.ui('longTooCostly', { ...sizes, work: formatNumber(p.work, 'e1'), limit: formatNumber(p.limit, 'e1') });
      this.progress.value = 0;
      this.#state('refused');
      return;
    }
    this.total = p.lengths.length;
    this.progress.max = this.total + 1;
    this.progress.value = 0;
    this.status.textContent = this.ctx.ui('longProgress', { done: 0, total: this.total });
    // The previous run's charts stay (faded) until this run's replace them: no relayout meanwhile.
    this.classList.add('stale');
    this.startedAt = performance.now();
    this.#state('running');
    const worker = new Worker(new URL('../api/attention-worker.js', import.meta.url), { type: 'module' });
    this.worker = worker;
    worker.addEventListener('message', ({ data }) => { if (this.worker === worker) this.#message(data); });
    worker.addEventListener('error', (e) => { if (this.worker === worker) this.#fail(e.message ?? 'worker error'); });
    worker.postMessage({ lengths: p.lengths, heads: sizes.heads, headDim: sizes.headDim, seed: 7, bins: 128 });
  }

  #fail(message) {
    this.worker?.terminate();
    this.worker = null;
    this.status.textContent = `${this.ctx.ui('computeFailed')} ${message}`;
    this.#state('failed');
  }

  #message(m) {
    if (m.type === 'ready') {
      this.info = m;
      const name = m.backend === 'webgpu' ? this.ctx.ui('longBackendWebgpu') : this.ctx.ui('longBackendWasm');
      const why = m.fallbackCode ? ` ${this.ctx.ui('longWhyNot', { reason: this.ctx.ui(FALLBACK_KEY(m.fallbackCode)) })}` : '';
      this.backendLine.textContent = `${name}${why}`;
      this.backendLine.title = m.fallbackReason ?? '';
    } else if (m.type === 'point') {
      this.points.push(m);
      this.progress.value = this.points.length;
      // During the run only the progress changes (a small, contained update); the charts are drawn
      // when it is done, so the main thread has nearly nothing to do while the worker computes.
      this.status.textContent = this.ctx.ui('longProgress', { done: this.points.length, total: this.total });
    } else if (m.type === 'pattern') {
      this.patternData = m;
    } else if (m.type === 'done') {
      this.finishedAt = performance.now();
      this.worker.terminate();
      this.worker = null;
      this.elapsedMs = performance.now() - this.startedAt;
      this.progress.value = this.progress.max;
      this.status.textContent = this.ctx.ui('longDone', { total: this.total });
      this.#drawTiming();
      if (this.patternData) this.#drawPattern(this.patternData);
      this.#drawFacts();
      this.classList.remove('stale');
      this.#state('done');
    } else if (m.type === 'error') {
      this.#fail(coreErrorText(m, this.ctx.ui));
    }
  }

  // Time of one call at each length: full and causal points, the fit c·L² of the full times.
  #drawTiming() {
    const W = 560, H = 300, m = { l: 60, r: 16, t: 14, b: 44 };
    const pts = this.points;
    const c = fitSquare(pts.map((p) => ({ length: p.length, ms: p.fullMs })));
    const xmax = Math.max(...pts.map((p) => p.length)) * 1.05;
    const ymax = Math.max(...pts.map((p) => Math.max(p.fullMs, p.causalMs)), c * xmax ** 2 || 0) * 1.08 || 1;
    const sx = (x) => m.l + (x / xmax) * (W - m.l - m.r);
    const sy = (y) => H - m.b - (y / ymax) * (H - m.t - m.b);
    const svg = svgEl('svg', { viewBox: `0 0 ${W} ${H + 26}`, role: 'img', class: 'plot line long-timing-plot', 'font-size': 12 });
    const grid = svgEl('g', { stroke: 'currentColor', 'stroke-opacity': 0.15 });
    const xt = niceTicks(0, xmax, 6, { integer: true }), yt = niceTicks(0, ymax, 5);
    const yd = String(tickDigits(yt));
    for (const t of xt) {
      grid.append(svgEl('line', { x1: sx(t), y1: m.t, x2: sx(t), y2: H - m.b }));
      svg.append(svgEl('text', { x: sx(t), y: H - m.b + 16, 'text-anchor': 'middle', fill: 'currentColor', 'font-size': 11 }, formatNumber(t, '0')));
    }
    for (const t of yt) {
      grid.append(svgEl('line', { x1: m.l, y1: sy(t), x2: W - m.r, y2: sy(t) }));
      svg.append(svgEl('text', { x: m.l - 6, y: sy(t) + 4, 'text-anchor': 'end', fill: 'currentColor', 'font-size': 11 }, formatNumber(t, yd)));
    }
    svg.append(grid);
    svg.append(svgEl('text', { x: W - m.r, y: H - 8, 'text-anchor': 'end', fill: 'currentColor', 'font-size': 12 }, this.ctx.ui('longLengthAxis')));
    svg.append(svgEl('text', { x: 4, y: 11, fill: 'currentColor', 'font-size': 12 }, this.ctx.ui('longMsAxis')));
    if (Number.isFinite(c)) {
      const curve = Array.from({ length: 41 }, (_, i) => { const x = (xmax * i) / 40; return `${sx(x).toFixed(1)},${sy(c * x * x).toFixed(1)}`; }).join(' ');
      svg.append(svgEl('polyline', { points: curve, fill: 'none', stroke: SERIES[2], 'stroke-width': 2, 'stroke-dasharray': '6 4' }));
    }
    const series = [['fullMs', SERIES[0], 'longFull'], ['causalMs', SERIES[1], 'longCausal']];
    svg.points = series.map(([key, color, label]) => pts.map((p) => {
      svg.append(svgEl('circle', { cx: sx(p.length), cy: sy(p[key]), r: 5, fill: color }));
      return { x: p.length, y: p[key], sx: sx(p.length), sy: sy(p[key]), series: this.ctx.ui(label) };
    }));
    // legend
    let at = m.l;
    for (const [color, label, dash] of [[SERIES[0], 'longFull'], [SERIES[1], 'longCausal'], [SERIES[2], 'longFit', '6 4']]) {
      const text = this.ctx.ui(label);
      svg.append(svgEl('line', { x1: at, y1: H + 14, x2: at + 18, y2: H + 14, stroke: color, 'stroke-width': 3, 'stroke-dasharray': dash }));
      svg.append(svgEl('text', { x: at + 24, y: H + 18, fill: 'currentColor' }, text));
      at += 40 + [...text].reduce((s, ch) => s + (ch.charCodeAt(0) > 0x2e80 ? 12 : 7), 0);
    }
    const caption = el('figcaption', { textContent: this.ctx.ui('longTimingCaption') });
    this.timing.replaceChildren(caption, svg);
    attachReadout(svg, this.live, {
      first: { s: 0, i: 0 },
      label: `${caption.textContent}. ${this.ctx.ui('readoutHint')}`,
      move: ({ s, i }, key) => {
        if (key === 'ArrowUp' || key === 'ArrowDown') s = 1 - s;
        if (key === 'ArrowLeft' || key === 'Home') i = key === 'Home' ? 0 : i - 1;
        if (key === 'ArrowRight' || key === 'End') i = key === 'End' ? pts.length - 1 : i + 1;
        return { s, i: Math.min(Math.max(i, 0), pts.length - 1) };
      },
      hit: (x, y) => {
        let best = null, bestD = 24 * 24;
        svg.points.forEach((list, s) => list.forEach((p, i) => { const d = (p.sx - x) ** 2 + (p.sy - y) ** 2; if (d <= bestD) { bestD = d; best = { s, i }; } }));
        return best;
      },
      text: ({ s, i }) => { const p = svg.points[s][i]; return this.ctx.ui('readoutPoint', { series: p.series, xName: 'L', yName: this.ctx.ui('longMsAxis'), x: formatNumber(p.x, '0'), y: fmt(p.y, 1) }); },
      ring: ({ s, i }) => ({ cx: svg.points[s][i].sx, cy: svg.points[s][i].sy, r: 9 }),
    });
  }

  // What this run's timings say: the L² growth and causal halving.
  #drawFacts() {
    const pts = this.points;
    const items = [];
    if (pts.length >= 2) {
      const a = pts.at(-2), b = pts.at(-1);
      items.push(this.ctx.ui('longFitSentence', { a: formatNumber(a.length, '0'), b: formatNumber(b.length, '0'), ratio: fmt(b.fullMs / a.fullMs, 1), predicted: fmt((b.length / a.length) ** 2, 0) }));
    }
    // The causal sentence explains a saving only when the run showed one (causalFact).
    const last = pts.at(-1);
    if (last) {
      const { ratio, key } = causalFact(last);
      items.push(this.ctx.ui(key, { length: formatNumber(last.length, '0'), ratio: fmt(ratio, 2) }));
    }
    this.facts.replaceChildren(...items.map((t) => el('li', { textContent: t })));
  }

  // The last query's attention over every key, per head, keys summed in groups.
  #drawPattern({ length, heads, bins, binSize, mass }) {
    const cell = Math.max(2, Math.floor(440 / bins)), rowH = Math.max(14, Math.min(28, 160 / heads));
    const left = 64, top = 22, w = bins * cell, h = heads * rowH;
    let hi = 0;
    for (const x of mass) hi = Math.max(hi, x);
    const svg = svgEl('svg', { viewBox: `0 0 ${left + w + 16} ${top + h + 40}`, role: 'img', class: 'heatmap long-pattern-map', 'font-size': 12 });
    const href = pixelImage(bins, heads, (px) => {
      for (let r = 0; r < heads; r++) for (let j = 0; j < bins; j++) {
        const [cr, cg, cb] = colorAt(hi > 0 ? mass[r * bins + j] / hi : 0);
        px.set([cr, cg, cb, 255], 4 * (r * bins + j));
      }
    });
    svg.append(svgEl('image', { href, x: left, y: top, width: w, height: h, preserveAspectRatio: 'none', class: 'pixelated' }));
    for (let r = 0; r < heads; r++) {
      if (heads <= 8 || r % Math.ceil(heads / 8) === 0) svg.append(svgEl('text', { x: left - 6, y: top + (r + 0.5) * rowH + 4, 'text-anchor': 'end', fill: 'currentColor' }, this.ctx.ui('head', { n: r + 1 })));
    }
    for (const t of niceTicks(0, length - 1, 5, { integer: true })) {
      svg.append(svgEl('text', { x: left + (t / length) * w, y: top - 6, 'text-anchor': 'middle', fill: 'currentColor' }, formatNumber(t, '0')));
    }
    svg.append(svgEl('text', { x: left + w, y: top + h + 18, 'text-anchor': 'end', fill: 'currentColor' }, this.ctx.ui('longKeyAxis')));
    const caption = el('figcaption', { textContent: this.ctx.ui('longPatternCaption', { last: formatNumber(length - 1, '0'), group: formatNumber(binSize, '0'), length: formatNumber(length, '0') }) });
    this.pattern.replaceChildren(caption, svg);
    attachReadout(svg, this.live, {
      first: { i: 0, j: bins - 1 },
      label: `${caption.textContent}. ${this.ctx.ui('readoutHint')}`,
      move: (t, key) => gridMove(t, key, heads, bins),
      hit: (x, y) => {
        const i = Math.floor((y - top) / rowH), j = Math.floor((x - left) / cell);
        return i >= 0 && i < heads && j >= 0 && j < bins ? { i, j } : null;
      },
      text: ({ i, j }) => this.ctx.ui('readoutCell', {
        row: this.ctx.ui('head', { n: i + 1 }),
        col: `${formatNumber(j * binSize, '0')} … ${formatNumber(Math.min(length, (j + 1) * binSize) - 1, '0')}`,
        value: readoutNumber(mass[i * bins + j], 3, formatNumber),
      }),
      ring: ({ i, j }) => ({ x: left + j * cell, y: top + i * rowH, w: cell, h: rowH }),
    });
  }

  disconnectedCallback() { clearTimeout(this.debounce); this.worker?.terminate(); this.worker = null; }
}

if (!customElements.get('pe-long-attention')) customElements.define('pe-long-attention', PeLongAttention);
