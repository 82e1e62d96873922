// playground-config.js: the playground's configuration (no DOM): URL parameters → a valid
// configuration (fixing what is not valid, and saying which fields were fixed), the configuration →
// URL parameters, and → the experiment spec that lesson/experiment.js runs.
//   configFromParams(new URLSearchParams('task=copy&schemes=rope,alibi&D=32&L=16'))
//     → { config: { task, schemes, pi, width, heads, layers, length, steps, lr, batch, seed, test }, fixed: [[uiKey, value]…] }
// Leaves out: the form and the page (page/playground.js).
import { SCHEMES } from './experiment.js';

export const TASKS = ['copy', 'reverse', 'recall', 'position', 'masked'];

// Field → [url name, ui key, default, min, max, integer]
export const NUMBERS = {
  width: ['D', 'pgWidth', 32, 4, 128, true],
  heads: ['H', 'pgHeads', 2, 1, 8, true],
  layers: ['N', 'pgLayers', 2, 1, 4, true],
  length: ['L', 'pgTrainLength', 16, 4, 64, true],
  steps: ['steps', 'pgSteps', 200, 10, 5000, true],
  lr: ['lr', 'pgLr', 0.003, 1e-5, 0.1, false],
  batch: ['batch', 'pgBatch', 16, 1, 64, true],
  seed: ['seed', 'pgSeed', 1, 0, 9999, true],
};
const DEFAULT_SCHEMES = ['none', 'rope', 'alibi'];

// URL parameters → a valid configuration and the list of fields that had to be fixed (pure).
export function configFromParams(params) {
  const fixed = [];
  const c = {};
  const task = params.get('task');
  c.task = TASKS.includes(task) ? task : 'copy';
  if (task !== null && c.task !== task) fixed.push(['pgTask', c.task]);
  const raw = params.get('schemes');
  const schemes = raw === null ? DEFAULT_SCHEMES : raw.split(',').filter((s) => SCHEMES.includes(s));
  c.schemes = SCHEMES.filter((s) => schemes.includes(s));
  if (!c.schemes.length) { c.schemes = DEFAULT_SCHEMES; fixed.push(['pgSchemes', DEFAULT_SCHEMES.join(', ')]); }
  c.pi = params.get('pi') === '1' && c.schemes.includes('rope');
  for (const [field, [name, key, def, min, max, integer]] of Object.entries(NUMBERS)) {
    const s = params.get(name);
    const x = s === null || s.trim() === '' ? NaN : Number(s);
    let v = Number.isFinite(x) ? Math.min(max, Math.max(min, integer ? Math.round(x) : x)) : def;
    if (s !== null && v !== x) fixed.push([key, String(v)]);
    c[field] = v;
  }
  if (c.width % c.heads !== 0 || (c.width / c.heads) % 2 !== 0) {
    const w = c.width;
    c.width = Math.max(2 * c.heads, Math.round(w / (2 * c.heads)) * 2 * c.heads);
    fixed.push(['pgWidth', String(c.width)]);
  }
  const test = (params.get('test') ?? '').split(',').map((t) => Number(t)).filter((t) => Number.isInteger(t) && t >= 4 && t <= 256);
  c.test = test.length ? [...new Set(test)].sort((a, b) => a - b).slice(0, 8) : [c.length, 2 * c.length, 4 * c.length];
  if (params.get('test') !== null && !test.length) fixed.push(['pgTestLengths', c.test.join(', ')]);
  // one notice per field: its final value
  const last = new Map(fixed.map(([key, value]) => [key, value]));
  return { config: c, fixed: [...last] };
}

export function paramsFromConfig(c, lang) {
  const p = new URLSearchParams({ lang, task: c.task, schemes: c.schemes.join(',') });
  if (c.pi) p.set('pi', '1');
  for (const [field, [name]] of Object.entries(NUMBERS)) p.set(name, String(c[field]));
  p.set('test', c.test.join(','));
  return p;
}

// The experiment spec (lesson/experiment.js) of a configuration.
export function specFromConfig(c) {
  const every = Math.max(10, Math.round(c.steps / 5 / 10) * 10);
  return {
    task: c.task,
    schemes: c.schemes,
    interpolate: c.pi ? 'rope' : undefined,
    model: { vocab: 12, width: c.width, heads: c.heads, layers: c.layers, seed: c.seed, causal: c.task !== 'masked' },
    train: { steps: c.steps, batch: c.batch, length: c.length, seed: c.seed, lr: c.lr, chunk: 10 },
    evalLengths: c.test,
    eval: { batches: 2, batch: 16, seed: 777 },
    evalEvery: every,
    attention: true,
    attentionEvery: every,
  };
}

