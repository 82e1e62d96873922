// long-attention.js: the plan of the long-attention experiment (web/api/attention-worker.js) and
// what its timings say, without the DOM.
//
//   plan({ length: 1024, heads: 4, headDim: 32 })
//     → { lengths: [128, 256, 512, 1024], work: 5.2e8, limit: 2e9, ok: true }
//   fitSquare([{ length: 512, ms: 10 }, { length: 1024, ms: 41 }]) → c with ms ≈ c·L²
//   causalFact({ fullMs: 40, causalMs: 22 }) → { ratio: 0.55, key: 'longCausalSentence' }
// work counts multiply-adds of every planned call: per length l, 2·H·l²·Dh for the scores and the
// weighted sum, once without and once with the causal mask (about half): 3·H·Dh·l². The limit keeps
// a run of the WASM kernel to seconds; sizes past it are refused by the page before anything runs,
// whichever input makes them large (each input alone is within its own min … max).
// Leaves out: measuring (the worker does) and drawing (blocks/pe-long-attention.js).

export const WORK_LIMIT = 2e9;
// The causal time over the full time below which a run is said to show the causal saving (the
// mask leaves about half of the scores to compute). At or above it, as a busy machine can make a
// short timing come out, the page says the run did not show the saving.
export const CAUSAL_SAVING = 0.75;

export function plan({ length, heads, headDim }) {
  const lengths = [];
  for (let l = length; l >= 16 && lengths.length < 4; l = Math.floor(l / 2 / 16) * 16) lengths.unshift(l);
  const work = lengths.reduce((sum, l) => sum + 3 * heads * headDim * l * l, 0);
  return { lengths, work, limit: WORK_LIMIT, ok: work <= WORK_LIMIT };
}

// Least squares of ms ≈ c·L² (through the origin): c = Σ ms·L² / Σ L⁴.
export function fitSquare(points) {
  let num = 0, den = 0;
  for (const { length, ms } of points) { num += ms * length ** 2; den += length ** 4; }
  return den > 0 ? num / den : NaN;
}

// What a point's two timings say about the causal mask: the ratio, and the UI sentence that fits it
// (the saving explained, or the run said not to show it).
export function causalFact({ fullMs, causalMs }) {
  const ratio = causalMs / fullMs;
  return { ratio, key: ratio < CAUSAL_SAVING ? 'longCausalSentence' : 'longCausalNoSaving' };
}
