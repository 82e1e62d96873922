// pe-rope-pairs.js: <pe-rope-pairs>, a lesson `widget` block that shows RoPE's 2-d pairs turning.
// One small SVG panel per pair: the unit circle, the pair's points at every position (joined in
// order, labelled with the position) and an arrow to the point of the current position. A slider
// chooses the position; "play" steps through them. The caption of each panel (the label ropeTurn)
// gives, e.g., the pair's wavelength, one full turn in positions (2π/θ_i), as the core computed it.
//
//   { "widget": "pe-rope-pairs", "props": { "pairs": ["@p0", "@p1", …], "positions": "@positions" } }
//
// pairs: one n×2 matrix per pair (rows = positions, from rope() and the `pair` helper), positions:
// the n positions (labels). Every number comes from the core; this element only places them on
// the screen.
// Strings (prose labels): ropePair and ropeTurn, the title and the caption of each panel (without
// them the panel has none), ropePosition ("position"), ropePlay, ropePause. The panel labels are
// templates (template.js) over the lesson's values, and a vector among them reads at the panel's
// pair: "pair {pairNumber}", "one turn every {lambda:2} positions".
// Leaves out: drawing the layout's column indices (the lesson's text says which columns pair up).
import { svgEl } from '../draw/svg.js';
import { SERIES } from '../draw/colormap.js';
import { referencedNames } from '../lesson/dataflow.js';
import { formatNumber } from '../lesson/format.js';
import { fillTemplate, slotNames } from '../lesson/template.js';
import './pe-export.js';

const SIZE = 180;
const R = 66;

class PeRopePairs extends HTMLElement {
  setup(block, ctx) {
    this.ctx = ctx;
    this.block = block;
    this.deps = referencedNames(block.props ?? {});
    for (const key of ['ropePair', 'ropeTurn']) slotNames(ctx.label(key, ''), this.deps);
    this.className = 'figure-block rope-pairs';
    this.index = 0;
    this.timer = null;
  }

  // A prose label; with `pair`, its slots are filled, a vector read at that pair.
  #text(key, fallback, pair) {
    const t = String(this.ctx.label(key, fallback));
    if (pair === undefined) return t;
    return fillTemplate(t, (ref, fmt) => {
      const v = this.ctx.value(ref);
      return this.ctx.format(Array.isArray(v) || ArrayBuffer.isView(v) ? v[pair] : v, fmt);
    });
  }

  #build() {
    const caption = document.createElement('p');
    caption.className = 'caption';
    caption.textContent = this.block.caption ? this.ctx.label(this.block.caption) : '';
    this.slider = document.createElement('input');
    this.slider.type = 'range';
    this.slider.min = '0';
    this.slider.step = '1';
    this.slider.id = `rope-pairs-${Math.random().toString(36).slice(2)}`;
    this.slider.addEventListener('input', () => { this.index = Number(this.slider.value); this.#draw(); });
    const label = document.createElement('label');
    label.htmlFor = this.slider.id;
    this.readout = document.createElement('output');
    this.play = document.createElement('button');
    this.play.type = 'button';
    this.play.addEventListener('click', () => this.#toggle());
    const row = document.createElement('div');
    row.className = 'input-row';
    row.append(this.play, this.slider, this.readout);
    label.textContent = this.#text('ropePosition', 'position');
    this.panels = document.createElement('div');
    this.panels.className = 'rope-panels';
    this.panels.style.display = 'flex';
    this.panels.style.flexWrap = 'wrap';
    this.panels.style.gap = '0.5rem';
    this.exporter = document.createElement('pe-export');
    this.exporter.configure({ kind: 'plot', ui: this.ctx.ui, svg: () => this.svg, filename: 'rope-pairs' });
    this.append(caption, label, row, this.panels, this.exporter);
    this.built = true;
  }

  #toggle() {
    if (this.timer) { clearInterval(this.timer); this.timer = null; } else {
      this.timer = setInterval(() => {
        const n = this.props?.positions?.length ?? 1;
        this.index = (this.index + 1) % n;
        this.slider.value = String(this.index);
        this.#draw();
      }, 700);
    }
    this.play.textContent = this.timer ? this.#text('ropePause', 'pause') : this.#text('ropePlay', 'play');
  }

  disconnectedCallback() { if (this.timer) clearInterval(this.timer); this.timer = null; }

  #panel(k, pair, positions) {
    const cx = SIZE / 2, cy = SIZE / 2 + 6;
    const g = svgEl('g', { transform: `translate(${k * (SIZE + 12)}, 0)` });
    const color = SERIES[k % SERIES.length];
    g.append(svgEl('text', { x: cx, y: 14, 'text-anchor': 'middle', fill: 'currentColor', 'font-size': 12, 'font-weight': 600 },
      this.#text('ropePair', '', k)));
    g.append(svgEl('line', { x1: cx - R - 8, y1: cy, x2: cx + R + 8, y2: cy, stroke: 'currentColor', 'stroke-opacity': 0.25 }));
    g.append(svgEl('line', { x1: cx, y1: cy - R - 8, x2: cx, y2: cy + R + 8, stroke: 'currentColor', 'stroke-opacity': 0.25 }));
    g.append(svgEl('circle', { cx, cy, r: R, fill: 'none', stroke: 'currentColor', 'stroke-opacity': 0.4, 'stroke-dasharray': '3 3' }));
    // scale: the largest pair norm of this panel maps to the circle (rows keep their norm under RoPE)
    let norm = 0;
    for (const [a, b] of pair) norm = Math.max(norm, Math.hypot(a, b));
    const s = norm > 0 ? R / norm : 1;
    const pts = pair.map(([a, b]) => [cx + a * s, cy - b * s]);
    const labelled = [];
    pts.forEach(([x, y], i) => {
      g.append(svgEl('circle', { cx: x, cy: y, r: i === this.index ? 4.5 : 3, fill: color, 'fill-opacity': i === this.index ? 1 : 0.55 }));
      // a position label only where it does not sit on top of another one
      if (labelled.every(([lx, ly]) => Math.hypot(lx - x, ly - y) > 11)) {
        labelled.push([x, y]);
        const out = Math.hypot(x - cx, y - cy) || 1;
        g.append(svgEl('text', { x: x + ((x - cx) / out) * 10, y: y + ((y - cy) / out) * 10 + 3, 'text-anchor': 'middle', 'font-size': 9, fill: 'currentColor', 'fill-opacity': 0.8 }, formatNumber(positions[i] ?? i, '')));
      }
    });
    const cur = pts[Math.min(this.index, pts.length - 1)];
    if (cur) {
      g.append(svgEl('line', { x1: cx, y1: cy, x2: cur[0], y2: cur[1], stroke: color, 'stroke-width': 2.5 }));
    }
    g.append(svgEl('text', { x: cx, y: SIZE + 22, 'text-anchor': 'middle', fill: 'currentColor', 'font-size': 10.5 },
      this.#text('ropeTurn', '', k)));
    return g;
  }

  #draw() {
    const p = this.props;
    if (!p) return;
    const pairs = p.pairs.map((m) => Array.from({ length: m.rows }, (_, i) => [m.data[i * m.cols], m.data[i * m.cols + 1]]));
    const n = pairs[0]?.length ?? 0;
    this.index = Math.min(this.index, Math.max(0, n - 1));
    this.slider.max = String(Math.max(0, n - 1));
    this.slider.value = String(this.index);
    const positions = Array.from(p.positions ?? [], Number);
    this.readout.textContent = formatNumber(positions[this.index] ?? this.index, '');
    const width = pairs.length * (SIZE + 12);
    const svg = svgEl('svg', { viewBox: `0 0 ${width} ${SIZE + 32}`, role: 'img', class: 'plot rope-pairs', 'font-size': 12 });
    svg.append(svgEl('title', {}, this.block.caption ? this.ctx.label(this.block.caption) : 'RoPE'));
    pairs.forEach((pair, k) => svg.append(this.#panel(k, pair, positions)));
    this.panels.replaceChildren(svg);
    svg.style.maxWidth = `${width}px`;
    svg.style.width = '100%';
    this.svg = svg;
  }

  update() {
    if (!this.built) this.#build();
    if (!this.timer) this.play.textContent = this.#text('ropePlay', 'play');
    const p = this.ctx.resolve(this.block.props ?? {});
    const bad = p instanceof Error ? p : null;
    this.failure?.remove();
    this.failure = null;
    if (bad) {
      this.failure = document.createElement('p');
      this.failure.className = 'compute-failed';
      this.failure.textContent = `${this.ctx.ui('computeFailed')} ${this.ctx.ui('coreSays')} ${(bad.cause ?? bad).message}`;
      this.prepend(this.failure);
      return;
    }
    this.props = p;
    this.#draw();
  }
}

if (!customElements.get('pe-rope-pairs')) customElements.define('pe-rope-pairs', PeRopePairs);
