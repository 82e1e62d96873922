// svg.js: small helpers to build SVG through the DOM (never from markup strings): elements with
// attributes, "nice" axis ticks, and a canvas-made data: URL for pixel images (heatmaps).
// Text and axes use fill/stroke "currentColor" so the page's CSS (light or dark) colours them;
// pe-export.js swaps in explicit colours for downloads.
// Leaves out: general charting (the blocks draw only what lessons need).

export const SVG_NS = 'http://www.w3.org/2000/svg';

export function svgEl(tag, attrs = {}, text) {
  const e = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined && v !== null) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  return e;
}

// About n evenly spaced round numbers covering [lo, hi]. integer: the axis counts something (an
// index, a position), so the ticks are whole numbers (step 1, 2, 5, 10, 20, 25, …, never 0.5).
export function niceTicks(lo, hi, n = 5, { integer = false } = {}) {
  if (!(hi > lo)) return [lo];
  const raw = integer ? Math.max(1, (hi - lo) / n) : (hi - lo) / n;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw && (!integer || Number.isInteger(s))) ?? 10 * mag;
  const out = [];
  for (let v = Math.ceil(lo / step - 1e-9) * step; v <= hi + step * 1e-9; v += step) out.push(Math.abs(v) < step * 1e-9 ? 0 : v);
  return out;
}

// Decimals that show a tick step without noise (0.25 → 2, 10 → 0).
export function tickDigits(ticks) {
  if (ticks.length < 2) return 2;
  const step = Math.abs(ticks[1] - ticks[0]);
  return Math.max(0, Math.min(6, -Math.floor(Math.log10(step) + 1e-9) + (String(step).includes('5') ? 1 : 0)));
}

// A width × height pixel image as a PNG data: URL (img-src allows data:).
export function pixelImage(width, height, paint) {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const g = canvas.getContext('2d');
  const img = g.createImageData(width, height);
  paint(img.data);
  g.putImageData(img, 0, 0);
  return canvas.toDataURL('image/png');
}

// Columns of a small-multiples grid of n panels, rows as even as possible and at most 4 wide:
// 4 → 2 × 2, 6 → 3 × 2, 8 → 4 × 2 (never 3 + 1).
export function gridColumns(n) {
  if (n <= 3) return n;
  const rows = n <= 8 ? 2 : Math.ceil(n / 4);
  return Math.ceil(n / rows);
}
