// colormap.js: colour-blind-safe sequential colormaps for heatmaps, and the series palette.
//   viridis: matplotlib's viridis (van der Walt & Smith), sampled at 11 stops, linear in between.
//   cividis: Nuñez, Anderton & Renslow (2018), optimised for colour-vision deficiency, 11 stops.
//   SERIES: the Okabe–Ito palette (without black, unreadable in dark mode).
// colorAt(t, name) → [r, g, b] (0–255) for t in [0, 1] (clamped; NaN → grey).
// Leaves out: diverging maps (a signed range still reads as one ordered scale here).

const STOPS = {
  viridis: ['#440154', '#482475', '#414487', '#355f8d', '#2a788e', '#21918c', '#22a884', '#44bf70', '#7ad151', '#bddf26', '#fde725'],
  cividis: ['#00224e', '#123570', '#3b496c', '#575d6d', '#707173', '#8a8779', '#a69d75', '#c4b56c', '#e4cf5b', '#fde745', '#fee838'],
};

const rgb = (hex) => [1, 3, 5].map((k) => parseInt(hex.slice(k, k + 2), 16));
const TABLES = Object.fromEntries(Object.entries(STOPS).map(([k, v]) => [k, v.map(rgb)]));

export const SERIES = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#F0E442'];

export function colorAt(t, name = 'viridis') {
  const table = TABLES[name] ?? TABLES.viridis;
  if (Number.isNaN(t)) return [128, 128, 128];
  const x = Math.min(Math.max(t, 0), 1) * (table.length - 1);
  const i = Math.min(Math.floor(x), table.length - 2);
  const f = x - i;
  return table[i].map((c, k) => Math.round(c + (table[i + 1][k] - c) * f));
}

export const cssColor = ([r, g, b]) => `rgb(${r}, ${g}, ${b})`;

// Black or white text, whichever reads better on the colour.
export function inkOn([r, g, b]) {
  const lum = (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
  return lum > 0.5 ? '#111111' : '#ffffff';
}
