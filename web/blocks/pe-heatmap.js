// pe-heatmap.js: <pe-heatmap>, a `heatmap` block: a matrix (or each head of a per-head tensor)
// as an SVG heatmap in a colour-blind-safe colormap (viridis or cividis, draw/colormap.js), with a
// legend, row and column labels and, as its text alternative, the table of values (pe-matrix,
// built when the learner opens it). Small matrices show their values in the cells; large ones are
// drawn as one pixel image per panel so dragging a slider stays fast.
//   range: [lo, hi] fixes the scale; "weights" is [0, 1], for attention weights, so near-uniform
//          weights look near-uniform (default: the data's own min … max, shared by all heads).
// Per-head tensors are small multiples: one shared colour scale with ONE legend for the set,
// panels drawn at their natural size (labels ≥ 11 px) in a balanced grid (4 → 2 × 2, 6 → 3 × 2).
// Every cell can be read: pointer (hover, touch) or keyboard focus on a panel, arrows move, and
// the live region below says row, column and value in the page's language (draw/readout.js).
// Leaves out: interactive zoom (the table gives exact values).
import { colorAt, cssColor, inkOn } from '../draw/colormap.js';
import { svgEl, pixelImage, gridColumns } from '../draw/svg.js';
import { formatNumber } from '../lesson/format.js';
import { attachReadout, readoutRegion, gridMove, readoutNumber } from '../draw/readout.js';
import { panelsOf, valuesDetails, showFailure, clearFailure } from './pe-matrix.js';
import { referencedNames } from '../lesson/dataflow.js';
import './pe-export.js';

const SMALL = 64;          // up to this many cells, draw rectangles with the values written in
const CHAR = 7.2;          // approximate width of a label character at 12px

function extent(panels, range) {
  if (range === 'weights') return [0, 1];
  if (Array.isArray(range) && range.length === 2) return range;
  let lo = Infinity, hi = -Infinity;
  for (const p of panels) for (const r of p.rows) for (const x of r) { if (x < lo) lo = x; if (x > hi) hi = x; }
  if (!Number.isFinite(lo)) return [0, 1];
  if (lo === hi) return [lo - 1, hi + 1];
  return [lo, hi];
}

function sparse(labels, max) {
  const every = Math.ceil(labels.length / max);
  return labels.map((l, i) => (i % every === 0 ? l : null));
}

class PeHeatmap extends HTMLElement {
  setup(block, ctx) {
    this.ctx = ctx;
    this.block = block;
    this.name = String(block.heatmap);
    this.caption = ctx.label(block.caption ?? this.name, this.name);
    this.digits = block.digits ?? ctx.inputSpec(this.name)?.digits ?? 2;
    this.colormap = block.colormap === 'cividis' ? 'cividis' : 'viridis';
    this.deps = new Set([this.name]);
    referencedNames([block.rowLabels, block.colLabels, block.range], this.deps);
    this.className = 'figure-block heatmap-block';
    this.dataset.name = this.name;
  }

  #panelSvg(panel, caption, [lo, hi], multi) {
    const rows = panel.rows.length, cols = panel.rows[0].length;
    const rowSpec = this.block.rowLabels ?? this.ctx.inputSpec(this.name)?.rowLabels;
    const allRows = this.ctx.labels(rowSpec, rows, 'positions');
    const allCols = this.ctx.labels(this.block.colLabels, cols, 'index');
    const small = rows * cols <= SMALL;
    // Small multiples are drawn at their natural size (a narrower plot area) so labels stay ≥ 11 px.
    const area = multi ? 240 : 480;
    const cell = small ? Math.min(56, Math.max(34, (multi ? 220 : 300) / cols)) : Math.max(2, Math.min(24, area / Math.max(rows, cols)));
    const cellH = small ? Math.min(cell, 40) : cell;
    const w = cols * cell, h = rows * cellH;
    // as many labels as fit without overlapping
    const colChars = Math.max(...allCols.map((l) => l.length), 1);
    const rowLabels = sparse(allRows, Math.max(1, Math.floor(h / 14)));
    const colLabels = sparse(allCols, Math.max(1, Math.floor(w / (colChars * CHAR + 8))));
    const yTitle = this.block.y ? 18 : 0;
    const left = 12 + yTitle + Math.max(...rowLabels.map((l) => (l ?? '').length), 1) * CHAR;
    const top = this.block.x ? 40 : 26;
    const legendY = top + h + 22;
    const width = Math.max(left + w + 16, multi ? 0 : 280), height = multi ? top + h + 8 : legendY + 44;
    const svg = svgEl('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', class: multi ? 'heatmap multiple' : 'heatmap', 'font-size': 12 });
    if (multi) { svg.setAttribute('width', String(width)); svg.setAttribute('height', String(height)); }
    svg.append(svgEl('title', {}, `${caption} (${formatNumber(lo, String(this.digits))} … ${formatNumber(hi, String(this.digits))})`));
    const t = (x) => (hi === lo ? 0.5 : (x - lo) / (hi - lo));
    if (small) {
      panel.rows.forEach((r, i) => r.forEach((x, j) => {
        const c = colorAt(t(x), this.colormap);
        svg.append(svgEl('rect', { x: left + j * cell, y: top + i * cellH, width: cell, height: cellH, fill: cssColor(c) }));
        svg.append(svgEl('text', { x: left + (j + 0.5) * cell, y: top + (i + 0.5) * cellH + 4, 'text-anchor': 'middle', fill: inkOn(c), 'font-size': 11 }, formatNumber(x, String(this.digits))));
      }));
    } else {
      const href = pixelImage(cols, rows, (px) => {
        panel.rows.forEach((r, i) => r.forEach((x, j) => {
          const [cr, cg, cb] = colorAt(t(x), this.colormap);
          const k = 4 * (i * cols + j);
          px[k] = cr; px[k + 1] = cg; px[k + 2] = cb; px[k + 3] = 255;
        }));
      });
      svg.append(svgEl('image', { href, x: left, y: top, width: w, height: h, preserveAspectRatio: 'none', 'image-rendering': 'optimizeSpeed', class: 'pixelated' }));
    }
    rowLabels.forEach((l, i) => {
      if (l !== null) svg.append(svgEl('text', { x: left - 6, y: top + (i + 0.5) * cellH + 4, 'text-anchor': 'end', fill: 'currentColor' }, l));
    });
    colLabels.forEach((l, j) => {
      if (l !== null) svg.append(svgEl('text', { x: left + (j + 0.5) * cell, y: top - 8, 'text-anchor': 'middle', fill: 'currentColor' }, l));
    });
    if (this.block.x) svg.append(svgEl('text', { x: left + w / 2, y: 13, 'text-anchor': 'middle', fill: 'currentColor', 'font-size': 11 }, this.ctx.label(this.block.x)));
    if (this.block.y) svg.append(svgEl('text', { x: 12, y: top + h / 2, 'text-anchor': 'middle', fill: 'currentColor', 'font-size': 11, transform: `rotate(-90 12 ${top + h / 2})` }, this.ctx.label(this.block.y)));
    const names = { rows: allRows, cols: allCols };
    svg.readout = { rows, cols, left, top, cell, cellH, names };
    if (multi) return svg;
    svg.append(this.#legend(left, legendY, Math.min(220, width - left - 16), [lo, hi]));
    return svg;
  }

  // The colour bar with its two ends and middle, in a <g> at (x, y).
  #legend(left, legendY, lw, [lo, hi]) {
    const bar = pixelImage(128, 1, (px) => {
      for (let k = 0; k < 128; k++) { const [r, g, b] = colorAt(k / 127, this.colormap); px.set([r, g, b, 255], 4 * k); }
    });
    const legend = svgEl('g', { class: 'legend' });
    legend.append(svgEl('text', { x: left, y: legendY - 6, fill: 'currentColor', 'font-size': 11 }, this.ctx.ui('legend')));
    legend.append(svgEl('image', { href: bar, x: left, y: legendY, width: lw, height: 10, preserveAspectRatio: 'none' }));
    [[0, lo, 'start'], [0.5, (lo + hi) / 2, 'middle'], [1, hi, 'end']].forEach(([f, v, anchor]) => {
      legend.append(svgEl('text', { x: left + f * lw, y: legendY + 24, 'text-anchor': anchor, fill: 'currentColor', 'font-size': 12 }, formatNumber(v, String(this.digits))));
    });
    return legend;
  }

  // Pointer and keyboard reading of one panel's cells.
  #readable(svg, panel, caption, k, multi) {
    const { rows, cols, left, top, cell, cellH, names } = svg.readout;
    const head = panel.head === undefined || !multi ? '' : `${this.ctx.ui('head', { n: panel.head + 1 })} · `;
    const handle = attachReadout(svg, this.live, {
      first: { i: 0, j: 0 },
      label: `${caption}. ${this.ctx.ui('readoutHint')}`,
      move: (t, key) => gridMove(t, key, rows, cols),
      hit: (x, y) => {
        const i = Math.floor((y - top) / cellH), j = Math.floor((x - left) / cell);
        return i >= 0 && i < rows && j >= 0 && j < cols ? { i, j } : null;
      },
      text: ({ i, j }) => head + this.ctx.ui('readoutCell', { row: names.rows[i], col: names.cols[j], value: readoutNumber(panel.rows[i][j], Math.max(this.digits, 3), formatNumber) }),
      ring: ({ i, j }) => ({ x: left + j * cell, y: top + i * cellH, w: cell, h: cellH }),
    });
    const keep = this.cursor?.[k];
    if (keep && keep.i < rows && keep.j < cols) handle.set(keep);
    return handle;
  }

  update(changed) {
    const v = this.ctx.value(this.name);
    const panels = panelsOf(v);
    if (!panels) {
      showFailure(this, this.ctx, v);
      return;
    }
    clearFailure(this);
    const range = extent(panels, this.ctx.resolve(this.block.range ?? null));
    const multi = panels.length > 1;
    if (!this.panelsBox) {
      this.panelsBox = document.createElement('div');
      this.live = readoutRegion();
      this.alternative = valuesDetails(this.ctx, [{ matrix: this.name, caption: this.block.caption, digits: this.digits, rowLabels: this.block.rowLabels ?? this.ctx.inputSpec(this.name)?.rowLabels ?? 'positions', colLabels: this.block.colLabels }]);
      this.append(this.panelsBox, this.live, this.alternative.details);
    }
    // Where the learner was reading, kept across redraws (a slider drag redraws every panel).
    const focused = this.handles?.findIndex((h) => h.svg === document.activeElement) ?? -1;
    this.cursor = this.handles?.map((h) => h.handle.get());
    this.handles = [];
    const figures = panels.map((p, k) => {
      const caption = p.head === undefined ? this.caption : `${this.caption} · ${this.ctx.ui('head', { n: p.head + 1 })}`;
      const svg = this.#panelSvg(p, caption, range, multi);
      this.handles.push({ svg, handle: this.#readable(svg, p, caption, k, multi) });
      const fig = document.createElement('figure');
      const cap = document.createElement(multi ? 'p' : 'figcaption');
      cap.className = multi ? 'panel-caption' : '';
      cap.textContent = multi ? this.ctx.ui('head', { n: p.head + 1 }) : caption;
      fig.append(cap, svg);
      if (!multi) {
        const ex = document.createElement('pe-export');
        ex.configure({ kind: 'plot', ui: this.ctx.ui, svg: () => svg, filename: this.name });
        fig.append(ex);
      }
      return fig;
    });
    if (multi) {
      // One title, one legend and one export for the set.
      const set = document.createElement('figure');
      set.className = 'small-multiples';
      const cap = document.createElement('figcaption');
      cap.textContent = this.caption;
      const grid = document.createElement('div');
      grid.className = `panels cols-${gridColumns(panels.length)}`;
      grid.append(...figures);
      const lw = 240;
      const legendSvg = svgEl('svg', { viewBox: `0 0 ${lw + 24} 52`, width: lw + 24, height: 52, class: 'heatmap legend-only', role: 'img', 'font-size': 12 });
      legendSvg.append(svgEl('title', {}, `${this.ctx.ui('legend')}: ${formatNumber(range[0], String(this.digits))} … ${formatNumber(range[1], String(this.digits))}`));
      legendSvg.append(this.#legend(12, 18, lw, range));
      const ex = document.createElement('pe-export');
      ex.configure({ kind: 'plot', ui: this.ctx.ui, svg: () => this.handles[0].svg, filename: `${this.name}-head1` });
      set.append(cap, grid, legendSvg, ex);
      this.panelsBox.className = 'panel-set';
      this.panelsBox.replaceChildren(set);
    } else {
      this.panelsBox.className = 'panel';
      this.panelsBox.replaceChildren(...figures);
    }
    if (focused >= 0) this.handles[focused]?.svg.focus();
    if (changed) this.alternative.update(changed);
  }
}

if (!customElements.get('pe-heatmap')) customElements.define('pe-heatmap', PeHeatmap);
