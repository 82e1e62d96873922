// lines.js: a small SVG line chart for measured curves (training loss against step, accuracy or
// loss against length): several named series, each a list of [x, y] points (y null = no point:
// the curve breaks there and a hollow mark says "refused"), a legend, axis titles, nice ticks.
//   lineChart({ series: [{ id, label, color, dash, points }], x: 'step', y: 'loss',
//               yRange: [0, 1], xRange: [1, 500], xLog2: true, yFormat: '%0', width, height }) → <svg>
// svg.redraw(series) moves the lines of the same series on the same axes (false if they no longer fit).
// Long curves are thinned to at most `maxPoints` points so that a redraw stays cheap while the
// page trains. Colours come from the caller (the Okabe–Ito palette, draw/colormap.js).
// Leaves out: hover readouts (the results table gives exact values), zoom.
import { svgEl, niceTicks, tickDigits } from './svg.js';
import { formatNumber } from '../lesson/format.js';

function thin(points, max) {
  if (points.length <= max) return points;
  const every = points.length / max;
  const out = [];
  for (let i = 0; i < max; i++) out.push(points[Math.floor(i * every)]);
  out.push(points.at(-1));
  return out;
}

export function lineChart({ series, x = '', y = '', yRange = null, xRange = null, xLog2 = false, yFormat = null, width = 560, height = 260, maxPoints = 160, caption = '' }) {
  const m = { l: 52, r: 14, t: 14, b: 40 };
  const all = series.flatMap((s) => s.points).filter((p) => p[1] !== null && Number.isFinite(p[1]));
  const xs = series.flatMap((s) => s.points.map((p) => p[0]));
  const fx = (v) => (xLog2 ? Math.log2(v) : v);
  let [x0, x1] = xRange ? xRange.map(fx) : xs.length ? [Math.min(...xs.map(fx)), Math.max(...xs.map(fx))] : [0, 1];
  if (x1 === x0) { x0 -= 1; x1 += 1; }
  let [y0, y1] = yRange ?? (all.length ? [Math.min(0, ...all.map((p) => p[1])), Math.max(...all.map((p) => p[1]))] : [0, 1]);
  if (!(y1 > y0)) y1 = y0 + 1;
  const W = width - m.l - m.r, H = height - m.t - m.b;
  const sx = (v) => m.l + ((fx(v) - x0) / (x1 - x0)) * W;
  const sy = (v) => m.t + H - ((v - y0) / (y1 - y0)) * H;
  const svg = svgEl('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', class: 'plot line chart', 'font-size': 12 });
  if (caption) svg.append(svgEl('title', {}, caption));
  const grid = svgEl('g', { class: 'grid', stroke: 'currentColor', 'stroke-opacity': 0.15 });
  const yt = niceTicks(y0, y1, 5);
  const yd = String(tickDigits(yt));
  for (const t of yt) {
    grid.append(svgEl('line', { x1: m.l, y1: sy(t), x2: m.l + W, y2: sy(t) }));
    svg.append(svgEl('text', { x: m.l - 6, y: sy(t) + 4, 'text-anchor': 'end', fill: 'currentColor', 'font-size': 11, class: 'y-tick' }, yFormat ? formatNumber(t, yFormat) : formatNumber(t, yd)));
  }
  const xticks = xLog2 ? [...new Set(xs)].sort((a, b) => a - b) : niceTicks(x0, x1, 6, { integer: true });
  for (const t of xticks) {
    grid.append(svgEl('line', { x1: sx(t), y1: m.t, x2: sx(t), y2: m.t + H }));
    svg.append(svgEl('text', { x: sx(t), y: m.t + H + 16, 'text-anchor': 'middle', fill: 'currentColor', 'font-size': 11, class: 'x-tick' }, formatNumber(t, '')));
  }
  svg.append(grid);
  svg.append(svgEl('text', { x: m.l + W, y: height - 4, 'text-anchor': 'end', fill: 'currentColor', 'font-size': 12 }, x));
  svg.append(svgEl('text', { x: 4, y: m.t - 2, 'text-anchor': 'start', fill: 'currentColor', 'font-size': 12, 'dominant-baseline': 'hanging' }, y));
  const pathOf = (points) => {
    let d = '';
    let pen = false;
    for (const [px, py] of thin(points, maxPoints)) {
      if (py === null || !Number.isFinite(py)) { pen = false; continue; }
      d += `${pen ? 'L' : 'M'}${sx(px).toFixed(1)} ${sy(Math.min(y1, Math.max(y0, py))).toFixed(1)} `;
      pen = true;
    }
    return d;
  };
  const paths = new Map();
  for (const s of series) {
    const g = svgEl('g', { class: 'series', 'data-id': s.id });
    const d = pathOf(s.points);
    const path = svgEl('path', { d: d || 'M0 0', fill: 'none', stroke: s.color, 'stroke-width': 2, 'stroke-dasharray': s.dash ?? null });
    if (!d) path.setAttribute('visibility', 'hidden');
    paths.set(s.id, path);
    g.append(path);
    if (s.marks) {
      for (const [px, py] of s.points) {
        if (py === null || !Number.isFinite(py)) {
          g.append(svgEl('circle', { cx: sx(px), cy: m.t + H, r: 4, fill: 'none', stroke: s.color, class: 'refused' }));
        } else {
          g.append(svgEl('circle', { cx: sx(px), cy: sy(py), r: 3.5, fill: s.color }));
        }
      }
    }
    svg.append(g);
  }
  // Redraws only the lines (same series, same axes): what a growing curve needs, cheaply.
  // Returns false when a point falls outside the axes (the caller then draws a new chart).
  svg.redraw = (next) => {
    for (const s of next) {
      const path = paths.get(s.id);
      if (!path) return false;
      for (const [px, py] of s.points) if (fx(px) > x1 || (py !== null && (py > y1 || py < y0))) return false;
    }
    for (const s of next) {
      const d = pathOf(s.points);
      const path = paths.get(s.id);
      path.setAttribute('d', d || 'M0 0');
      if (d) path.removeAttribute('visibility');
    }
    return true;
  };
  return svg;
}

// The legend as HTML (wraps with the page; the labels are the page's language).
export function legend(series) {
  const ul = document.createElement('ul');
  ul.className = 'chart-legend';
  for (const s of series) {
    const li = document.createElement('li');
    const sw = svgEl('svg', { viewBox: '0 0 24 8', width: 24, height: 8, 'aria-hidden': 'true' });
    sw.append(svgEl('line', { x1: 0, y1: 4, x2: 24, y2: 4, stroke: s.color, 'stroke-width': 3, 'stroke-dasharray': s.dash ?? null }));
    li.append(sw, document.createTextNode(` ${s.label}`));
    ul.append(li);
  }
  return ul;
}
