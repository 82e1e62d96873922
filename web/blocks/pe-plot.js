// pe-plot.js: <pe-plot>, a `plot` block, drawn as SVG with the Okabe–Ito palette.
//   scatter: each series' rows as 2-d points (column 0 → x, column 1 → y), optionally arrows
//            from the origin, point labels (coinciding points share one label: "the · mat") and
//            the unit circle;
//   line:    one line per listed column of a matrix (or one for a vector) over the row index or
//            over `xs`; `yScale: "log"` for quantities spanning decades (wavelengths).
// Its text alternative is the table of each series (pe-matrix, built when opened); export gives
// SVG and PNG. Every point can be read: pointer (hover, touch) or keyboard focus on the chart,
// ← → along a series, ↑ ↓ between series; a live region says series, x and y (draw/readout.js).
// Series may set `marker: "ring"` and `size` (px radius) to stand out above points they overlap;
// later series are drawn on top.
// Leaves out: 3-d, zoom and pan.
import { svgEl, niceTicks, tickDigits } from '../draw/svg.js';
import { SERIES } from '../draw/colormap.js';
import { formatNumber } from '../lesson/format.js';
import { attachReadout, readoutRegion, readoutNumber } from '../draw/readout.js';
import { panelsOf, valuesDetails, showFailure, clearFailure } from './pe-matrix.js';
import { referencedNames } from '../lesson/dataflow.js';
import './pe-export.js';

let serial = 0;
const DASHES = [null, '6 3', '2 3', '8 3 2 3'];

class PePlot extends HTMLElement {
  setup(block, ctx) {
    this.ctx = ctx;
    this.block = block;
    this.kind = block.plot === 'line' ? 'line' : 'scatter';
    this.series = block.series ?? [];
    this.caption = block.caption ? ctx.label(block.caption) : '';
    this.deps = new Set();
    referencedNames([this.series, block.xs, block.range], this.deps);
    this.uid = `pe-plot-${++serial}`;
    this.className = 'figure-block plot-block';
  }

  #frame(width, height) {
    const svg = svgEl('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', class: `plot ${this.kind}`, 'font-size': 12 });
    if (this.caption) svg.append(svgEl('title', {}, this.caption));
    return svg;
  }

  // Legend entries left to right, wrapping onto new lines; returns the height used.
  #legend(svg, x, y, width) {
    let at = x, line = 0;
    this.series.forEach((s, k) => {
      const listed = typeof s.columns === 'string' ? this.ctx.resolve(s.columns) : s.columns;
      const cols = this.kind === 'line' && Array.isArray(listed) ? listed : [null];
      cols.forEach((c, n) => {
        const color = SERIES[(k + n) % SERIES.length];
        const label = `${s.label ? this.ctx.label(s.label) : ''}${c === null ? '' : `${s.label ? ' ' : ''}[${c}]`}`;
        if (!label) return;
        const w = 24 + [...label].reduce((sum, ch) => sum + (ch.charCodeAt(0) > 0x2e80 ? 12 : 6.8), 0) + 18;
        if (at > x && at + w > width) { at = x; line += 1; }
        const yy = y + line * 18;
        svg.append(svgEl('line', { x1: at, y1: yy - 4, x2: at + 18, y2: yy - 4, stroke: color, 'stroke-width': 3, 'stroke-dasharray': DASHES[n % DASHES.length] }));
        svg.append(svgEl('text', { x: at + 24, y: yy, fill: 'currentColor' }, label));
        at += w;
      });
    });
    return (line + 1) * 18;
  }

  #fit(svg, width, height) {
    svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  }

  #scatter(data) {
    const size = 440, m = 44;
    let max = this.block.circle ? 1.1 : 0.5;
    for (const d of data) for (const [x, y] of d.points) max = Math.max(max, Math.abs(x) * 1.15, Math.abs(y) * 1.15);
    let [lo, hi] = [-max, max];
    const fixed = this.ctx.resolve(this.block.range ?? null);
    if (Array.isArray(fixed)) [lo, hi] = fixed;
    const sx = (x) => m + ((x - lo) / (hi - lo)) * (size - 2 * m);
    const sy = (y) => size - m - ((y - lo) / (hi - lo)) * (size - 2 * m);
    const svg = this.#frame(size, size + 24);
    const ticks = niceTicks(lo, hi, 6);
    const digits = String(tickDigits(ticks));
    const grid = svgEl('g', { class: 'grid', stroke: 'currentColor', 'stroke-opacity': 0.15 });
    for (const t of ticks) {
      grid.append(svgEl('line', { x1: sx(t), y1: sy(lo), x2: sx(t), y2: sy(hi) }));
      grid.append(svgEl('line', { x1: sx(lo), y1: sy(t), x2: sx(hi), y2: sy(t) }));
      svg.append(svgEl('text', { x: sx(t), y: size - m + 16, 'text-anchor': 'middle', fill: 'currentColor', 'font-size': 10 }, formatNumber(t, digits)));
      svg.append(svgEl('text', { x: m - 6, y: sy(t) + 3, 'text-anchor': 'end', fill: 'currentColor', 'font-size': 10 }, formatNumber(t, digits)));
    }
    svg.append(grid);
    if (lo < 0 && hi > 0) {
      svg.append(svgEl('line', { x1: sx(0), y1: sy(lo), x2: sx(0), y2: sy(hi), stroke: 'currentColor', 'stroke-opacity': 0.5 }));
      svg.append(svgEl('line', { x1: sx(lo), y1: sy(0), x2: sx(hi), y2: sy(0), stroke: 'currentColor', 'stroke-opacity': 0.5 }));
    }
    if (this.block.circle) {
      svg.append(svgEl('circle', { cx: sx(0), cy: sy(0), r: sx(1) - sx(0), fill: 'none', stroke: 'currentColor', 'stroke-opacity': 0.45, 'stroke-dasharray': '4 4' }));
    }
    if (this.block.x) svg.append(svgEl('text', { x: size - m, y: size - m + 32, 'text-anchor': 'end', fill: 'currentColor', 'font-size': 11 }, this.ctx.label(this.block.x)));
    if (this.block.y) svg.append(svgEl('text', { x: m, y: m - 10, 'text-anchor': 'start', fill: 'currentColor', 'font-size': 11 }, this.ctx.label(this.block.y)));
    const defs = svgEl('defs');
    svg.append(defs);
    const labelled = new Map();
    svg.points = data.map(() => []);
    data.forEach((d, k) => {
      const color = SERIES[k % SERIES.length];
      const marker = `${this.uid}-arrow-${k}`;
      if (d.arrows) {
        const mk = svgEl('marker', { id: marker, viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' });
        mk.append(svgEl('path', { d: 'M 0 0 L 10 5 L 0 10 z', fill: color }));
        defs.append(mk);
      }
      d.points.forEach(([x, y], i) => {
        if (d.arrows) svg.append(svgEl('line', { x1: sx(0), y1: sy(0), x2: sx(x), y2: sy(y), stroke: color, 'stroke-width': 2, 'marker-end': `url(#${marker})` }));
        else if (d.marker === 'ring') svg.append(svgEl('circle', { cx: sx(x), cy: sy(y), r: d.size ?? 7, fill: 'none', stroke: color, 'stroke-width': 2 }));
        else svg.append(svgEl('circle', { cx: sx(x), cy: sy(y), r: d.size ?? 5, fill: color, stroke: 'currentColor', 'stroke-opacity': 0.4 }));
        const label = d.labels?.[i];
        svg.points[k].push({ x, y, sx: sx(x), sy: sy(y), label });
        if (label) {
          const key = `${k}:${x.toFixed(3)},${y.toFixed(3)}`;
          if (labelled.has(key)) labelled.get(key).textContent += ` · ${label}`;
          else {
            const text = svgEl('text', { x: sx(x) + 8, y: sy(y) - 8, fill: color, 'font-weight': 600, class: 'point-label' }, label);
            labelled.set(key, text);
            svg.append(text);
          }
        }
      });
    });
    this.#fit(svg, size, size + 6 + this.#legend(svg, m, size + 16, size - 8));
    return svg;
  }

  #line(data) {
    const width = 640, height = 320, m = { l: 56, r: 16, t: 16, b: 40 };
    const log = this.block.yScale === 'log';
    let xlo = Infinity, xhi = -Infinity, ylo = Infinity, yhi = -Infinity;
    for (const d of data) for (const line of d.lines) for (const [x, y] of line.points) {
      if (log && !(y > 0)) continue;
      xlo = Math.min(xlo, x); xhi = Math.max(xhi, x); ylo = Math.min(ylo, y); yhi = Math.max(yhi, y);
    }
    if (!Number.isFinite(xlo)) { xlo = 0; xhi = 1; ylo = 0; yhi = 1; }
    if (xlo === xhi) xhi = xlo + 1;
    const fy = log ? Math.log10 : (y) => y;
    let [ya, yb] = log ? [Math.floor(Math.log10(ylo)), Math.ceil(Math.log10(yhi))] : [ylo, yhi];
    if (ya === yb) { ya -= 1; yb += 1; }
    if (!log) { const pad = (yb - ya) * 0.06; ya -= pad; yb += pad; }
    const sx = (x) => m.l + ((x - xlo) / (xhi - xlo)) * (width - m.l - m.r);
    const sy = (y) => height - m.b - ((fy(y) - ya) / (yb - ya)) * (height - m.t - m.b);
    const svg = this.#frame(width, height + 24);
    const grid = svgEl('g', { stroke: 'currentColor', 'stroke-opacity': 0.15 });
    const yt = log ? Array.from({ length: yb - ya + 1 }, (_, i) => 10 ** (ya + i)) : niceTicks(ya, yb, 5);
    const yd = String(log ? 0 : tickDigits(yt));
    for (const t of yt) {
      grid.append(svgEl('line', { x1: m.l, y1: sy(t), x2: width - m.r, y2: sy(t) }));
      svg.append(svgEl('text', { x: m.l - 6, y: sy(t) + 3, 'text-anchor': 'end', fill: 'currentColor', 'font-size': 10 }, log ? formatNumber(t, 'e0').replace(/^1 × /, '') : formatNumber(t, yd)));
    }
    // Over a row index (or integer xs) the ticks are whole numbers: no pair 0.5.
    const integerX = data.every((d) => d.lines.every((line) => line.points.every(([x]) => Number.isInteger(x))));
    const xt = niceTicks(xlo, xhi, 8, { integer: integerX });
    const xd = String(tickDigits(xt));
    for (const t of xt) {
      grid.append(svgEl('line', { x1: sx(t), y1: m.t, x2: sx(t), y2: height - m.b }));
      svg.append(svgEl('text', { x: sx(t), y: height - m.b + 16, 'text-anchor': 'middle', fill: 'currentColor', 'font-size': 10, class: 'x-tick' }, formatNumber(t, xd)));
    }
    svg.append(grid);
    if (this.block.x) svg.append(svgEl('text', { x: width - m.r, y: height - 6, 'text-anchor': 'end', fill: 'currentColor', 'font-size': 11 }, this.ctx.label(this.block.x)));
    if (this.block.y) svg.append(svgEl('text', { x: 4, y: 10, fill: 'currentColor', 'font-size': 11 }, this.ctx.label(this.block.y)));
    svg.points = [];
    data.forEach((d, k) => d.lines.forEach((line, n) => {
      svg.points.push(line.points.filter(([, y]) => !log || y > 0).map(([x, y]) => ({ x, y, sx: sx(x), sy: sy(y), series: line.name })));
      const color = SERIES[(k + n) % SERIES.length];
      const pts = line.points.filter(([, y]) => !log || y > 0).map(([x, y]) => `${sx(x).toFixed(1)},${sy(y).toFixed(1)}`).join(' ');
      svg.append(svgEl('polyline', { points: pts, fill: 'none', stroke: color, 'stroke-width': 2, 'stroke-dasharray': DASHES[n % DASHES.length] }));
      if (this.block.marks || line.points.length <= 16) {
        for (const [x, y] of line.points) if (!log || y > 0) svg.append(svgEl('circle', { cx: sx(x), cy: sy(y), r: 3, fill: color }));
      }
    }));
    this.#fit(svg, width, height + 6 + this.#legend(svg, m.l, height + 16, width - 8));
    return svg;
  }

  #data() {
    const xs = this.block.xs ? this.ctx.resolve(this.block.xs) : null;
    return this.series.map((s) => {
      const v = this.ctx.resolve(s.data);
      if (v instanceof Error) throw v;
      const panel = panelsOf(v)?.[0];
      if (!panel) throw new Error(`${s.data} is not a matrix or vector`);
      const labels = s.pointLabels ? this.ctx.labels(s.pointLabels, panel.rows.length) : null;
      this.names ??= [];
      this.names[this.series.indexOf(s)] = s.label ? this.ctx.label(s.label) : String(s.data);
      if (this.kind === 'scatter') {
        return { arrows: !!s.arrows, labels, marker: s.marker, size: s.size, points: panel.rows.map((r) => [r[0], r[1] ?? 0]) };
      }
      const isVector = panel.rows.length === 1;
      const listed = typeof s.columns === 'string' ? this.ctx.resolve(s.columns) : s.columns;
      if (listed instanceof Error) throw listed;
      const cols = isVector ? [null] : (listed ? Array.from(listed) : [0]);
      const lines = cols.map((c) => {
        const ys = c === null ? panel.rows[0] : panel.rows.map((r) => r[c]);
        const name = `${s.label ? this.ctx.label(s.label) : ''}${c === null ? '' : `${s.label ? ' ' : ''}[${c}]`}` || String(s.data);
        return { name, points: ys.map((y, i) => [Array.isArray(xs) || ArrayBuffer.isView(xs) ? xs[i] : i, y]) };
      });
      return { lines };
    });
  }

  // Pointer and keyboard reading of the points: ← → along a series, ↑ ↓ to the next series.
  #readable(svg, keep) {
    const series = svg.points.map((pts, k) => ({ pts, k })).filter(({ pts }) => pts.length > 0);
    if (series.length === 0) return;
    const first = { s: 0, i: 0 };
    const xName = this.block.x ? this.ctx.label(this.block.x) : 'x';
    const yName = this.block.y ? this.ctx.label(this.block.y) : 'y';
    this.handle = attachReadout(svg, this.live, {
      first,
      label: `${this.caption || this.ctx.ui('legend')}. ${this.ctx.ui('readoutHint')}`,
      move: ({ s, i }, key) => {
        if (key === 'ArrowUp' || key === 'ArrowDown') s = (s + (key === 'ArrowDown' ? 1 : series.length - 1)) % series.length;
        const n = series[s].pts.length;
        if (key === 'ArrowLeft') i -= 1;
        if (key === 'ArrowRight') i += 1;
        if (key === 'Home') i = 0;
        if (key === 'End') i = n - 1;
        return { s, i: Math.min(Math.max(i, 0), n - 1) };
      },
      hit: (x, y) => {
        let best = null, bestD = 24 * 24;
        series.forEach(({ pts }, s) => pts.forEach((p, i) => {
          const d = (p.sx - x) ** 2 + (p.sy - y) ** 2;
          if (d <= bestD) { bestD = d; best = { s, i }; }
        }));
        return best;
      },
      text: ({ s, i }) => {
        const p = series[s].pts[i];
        const name = p.series ?? this.names?.[series[s].k] ?? '';
        const label = p.label ? ` (${p.label})` : '';
        return this.ctx.ui('readoutPoint', { series: `${name}${label}`, xName, yName, x: Number.isInteger(p.x) ? formatNumber(p.x, '0') : readoutNumber(p.x, 4, formatNumber), y: readoutNumber(p.y, 4, formatNumber) });
      },
      ring: ({ s, i }) => ({ cx: series[s].pts[i].sx, cy: series[s].pts[i].sy, r: 9 }),
    });
    if (keep && series[keep.s] && keep.i < series[keep.s].pts.length) this.handle.set(keep);
  }

  update(changed) {
    let svg;
    try {
      const data = this.#data();
      svg = this.kind === 'scatter' ? this.#scatter(data) : this.#line(data);
      clearFailure(this);
    } catch (err) {
      showFailure(this, this.ctx, err);
      return;
    }
    if (!this.figure) {
      this.figure = document.createElement('figure');
      if (this.caption) {
        const cap = document.createElement('figcaption');
        cap.textContent = this.caption;
        this.figure.append(cap);
      }
      this.exporter = document.createElement('pe-export');
      this.exporter.configure({ kind: 'plot', ui: this.ctx.ui, svg: () => this.svg, filename: this.block.caption ?? 'plot' });
      this.figure.append(this.exporter);
      // The text alternative: each series' table (series given by a plain reference).
      const tables = this.series.map((s) => ({ ref: String(s.data).replace(/^@/, ''), s }))
        .filter(({ ref }) => /^[A-Za-z_][\w-]*$/.test(ref))
        .map(({ ref, s }) => ({ matrix: ref, caption: s.label ?? ref, rowLabels: s.pointLabels ?? 'positions' }));
      this.alternative = valuesDetails(this.ctx, tables);
      this.live = readoutRegion();
      this.append(this.figure, this.live, this.alternative.details);
    }
    const hadFocus = this.svg && document.activeElement === this.svg;
    const keep = this.handle?.get();
    if (this.svg) this.svg.replaceWith(svg); else this.exporter.before(svg);
    this.svg = svg;
    this.#readable(svg, keep);
    if (hadFocus) svg.focus();
    if (changed) this.alternative.update(changed);
  }
}

if (!customElements.get('pe-plot')) customElements.define('pe-plot', PePlot);
