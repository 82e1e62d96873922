// attention_callgrind.mjs: the WASM core's attention through the JS API (pe.attention, as npm run bench
// calls it) at L = S = 1024, H = 8, Dh = 64, for instruction counts under callgrind: a small warm-up,
// then N calls.   node --single-threaded [--no-liftoff] bench/attention_callgrind.mjs none|plain|causal N
// (--no-liftoff: V8's optimising compiler from the start, the steady state; without it the one
// large call starts in the baseline compiler).
// cost(variant) = Ir(variant) − Ir(none) (the none run loads, compiles and warms up only).
// TIME=1: also the CPU time of 5 calls of each, twice. Leaves out: other engines (bench/attention.mjs).
import { loadPosenc } from '../web/posenc.js';
const [variant, n] = [process.argv[2], Number(process.argv[3] ?? 1)];
const pe = await loadPosenc();
const L = 1024, D = 512;
const m = (rows, seed) => pe.randomMatrix(rows, D, { seed, distribution: 'uniform' });
const q = m(L, 1), k = m(L, 2), v = m(L, 3);
const small = [m(64, 4), m(64, 5), m(64, 6)];
for (const causal of [false, true]) pe.attention(...small, { heads: 8, causal, weights: false });
if (variant !== 'none') for (let i = 0; i < n; i++) pe.attention(q, k, v, { heads: 8, causal: variant === 'causal', weights: false });
if (process.env.TIME)
  for (const causal of [false, true, false, true]) {
    const c0 = process.cpuUsage();
    for (let i = 0; i < 5; i++) pe.attention(q, k, v, { heads: 8, causal, weights: false });
    const u = process.cpuUsage(c0);
    console.log(causal ? 'causal' : 'plain', ((u.user + u.system) / 5e3).toFixed(1), 'ms');
  }
