// readout.js: reading a chart's values by pointer (mouse, pen, touch) and by keyboard. A chart SVG
// becomes focusable; the pointer or the arrow keys pick one target (a heatmap cell, a plot point),
// which gets a ring drawn around it, and a polite live region beside the chart says what it is
// ("Row pos 3 · column 5 · value 0.25", worded by the caller in the page's language).
//
//   attachReadout(svg, live, { first, move(target, key) → target, hit(x, y) → target | null,
//                              text(target) → string, ring(target) → { x, y, w, h } | { cx, cy, r },
//                              label })
// x, y are the SVG's own (viewBox) coordinates. Keys: ← → ↑ ↓ move, Home / End jump (move receives
// the key name). Returns { set(target), get() } so a redrawn chart keeps the learner's place.
// Leaves out: tooltips that cover the chart (the live region sits below it) and multi-selection.
import { svgEl } from './svg.js';

const KEYS = new Set(['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', 'Home', 'End']);

export function attachReadout(svg, live, { first, move, hit, text, ring, label }) {
  let current = null;
  let mark = null;
  svg.setAttribute('tabindex', '0');
  svg.setAttribute('focusable', 'true');
  if (label) svg.setAttribute('aria-label', label);
  if (live.id) svg.setAttribute('aria-describedby', live.id);
  svg.classList.add('readable');

  const show = (target) => {
    current = target;
    mark?.remove();
    mark = null;
    if (target === null) return;
    const r = ring(target);
    mark = 'r' in r
      ? svgEl('circle', { cx: r.cx, cy: r.cy, r: r.r, class: 'focus-ring' })
      : svgEl('rect', { x: r.x, y: r.y, width: r.w, height: r.h, class: 'focus-ring' });
    svg.append(mark);
    live.textContent = text(target);
  };

  const toSvg = (e) => {
    const m = svg.getScreenCTM();
    if (!m) return null;
    const p = new DOMPoint(e.clientX, e.clientY).matrixTransform(m.inverse());
    return [p.x, p.y];
  };
  const pointer = (e) => {
    const p = toSvg(e);
    const t = p && hit(p[0], p[1]);
    if (t !== null && t !== undefined) show(t);
  };
  svg.addEventListener('pointermove', pointer);
  svg.addEventListener('pointerdown', pointer);
  svg.addEventListener('pointerleave', () => { if (document.activeElement !== svg) { mark?.remove(); mark = null; } });
  svg.addEventListener('focus', () => show(current ?? first));
  svg.addEventListener('blur', () => { mark?.remove(); mark = null; });
  svg.addEventListener('keydown', (e) => {
    if (!KEYS.has(e.key) || e.altKey || e.ctrlKey || e.metaKey) return;
    e.preventDefault();
    show(move(current ?? first, e.key));
  });
  return { set: (t) => { current = t; }, get: () => current, show };
}

// The live region a block's charts share: polite, so reading a value never interrupts.
let serial = 0;
export function readoutRegion() {
  const p = document.createElement('p');
  p.className = 'readout';
  p.id = `pe-readout-${++serial}`;
  p.setAttribute('role', 'status');
  p.setAttribute('aria-live', 'polite');
  return p;
}

// Moving on a rows × cols grid: arrows by one cell, Home / End to the row's ends.
export function gridMove({ i, j }, key, rows, cols) {
  if (key === 'ArrowLeft') j = Math.max(0, j - 1);
  if (key === 'ArrowRight') j = Math.min(cols - 1, j + 1);
  if (key === 'ArrowUp') i = Math.max(0, i - 1);
  if (key === 'ArrowDown') i = Math.min(rows - 1, i + 1);
  if (key === 'Home') j = 0;
  if (key === 'End') j = cols - 1;
  return { i, j };
}

// A value as the readout says it: `digits` decimals, or two significant digits in scientific form
// when those decimals would show a small non-zero value as 0.
export function readoutNumber(x, digits, format) {
  if (typeof x === 'number' && x !== 0 && Math.abs(x) < 0.5 * 10 ** -digits) return format(x, 'e2');
  return format(x, String(digits));
}
