// attention-async.js: attentionAsync, the same attention as posenc's `attention` (cpp/attention.hpp)
// run on WebGPU where the browser has a usable GPU (web/api/gpu/) and on the WASM core elsewhere.
//
//   const { output, weights, backend, fallbackReason, fallbackCode } = await pe.attentionAsync(q, k, v, {
//     heads, causal, bias, weights, rope, alibi,       // as for pe.attention
//     backend: 'auto' | 'webgpu' | 'wasm' });           // 'auto' by default
//   await pe.backendInfo()   // { backend, fallbackReason?, fallbackCode?, adapter? }: what 'auto' uses now
//
// fallbackReason is an English sentence fragment (for scripts and logs); fallbackCode is a stable
// id of it that a page translates: 'no-gpu' (no navigator.gpu), 'no-adapter', 'gpu-failed' (the
// device or shader did not start), 'software-adapter' (the only adapter is a CPU one such as
// SwiftShader, many times slower than WASM: 'auto' does not pick it unless the shared engine's
// `allowSoftware` is set, as the GPU tests do to check the kernel; 'webgpu' may), 'relative' (Shaw
// vectors), 'head-width', 'too-large' (sizes past the device's limits), 'device-lost'.
//
// Arguments are copied into plain values first (arguments.js), then the core checks them
// (pe.checkAttention), so both backends refuse the same calls with the same messages; the core
// also decides what the options mean (alibi: true → the paper's slopes, RoPE's frequencies θ_i/scale)
// and the WebGPU path uses those numbers as given. 'auto' takes WebGPU when navigator.gpu gives an adapter and the sizes and
// options fit the device and kernel, else WASM, and then says why in `fallbackReason`. A device
// lost mid-use (its buffers are destroyed) sends that call and every later one to WASM.
// backend 'webgpu' refuses (throws) instead of falling back; 'wasm' never touches the GPU.
// Leaves out: running both and comparing (the tests do that), several devices.

import { copyArguments } from './arguments.js';

const BACKENDS = ['auto', 'webgpu', 'wasm'];
const SOFTWARE = { code: 'software-adapter', reason: 'the only WebGPU adapter is a software one (SwiftShader), slower than WebAssembly' };

// `api`: posenc's API object (checkAttention and attention, read when called).
export function createAttentionAsync(api) {
  let gpu = null;  // Promise of { engine } or { unavailable }

  const engine = () => {
    gpu ??= typeof navigator === 'object' && navigator.gpu
      ? import('./gpu/attention-gpu.js').then((m) => m.sharedGpuAttention(navigator.gpu))
      : Promise.resolve({ unavailable: 'navigator.gpu is not available here', code: 'no-gpu' });
    return gpu;
  };

  // Why WebGPU can't take this call ({ reason, code }, or null if it can), and the engine.
  async function gpuFor(q, k, v, opts) {
    const g = await engine();
    if (!g.engine) return { why: { reason: g.unavailable, code: g.code } };
    if (opts.backend === 'auto' && g.engine.adapterInfo?.software && !g.engine.allowSoftware) return { why: SOFTWARE };
    const shape = { queries: q.rows, keys: k.rows, width: q.cols, heads: opts.heads ?? 1 };
    return { why: g.engine.unsupportedWhy(shape, opts), engine: g.engine };
  }

  async function attentionAsync(...given) {
    const [q, k, v, opts] = copyArguments('attentionAsync', ['q', 'k', 'v', 'opts'], given);
    const isObject = opts !== null && typeof opts === 'object' && !Array.isArray(opts);
    const { backend = 'auto', ...coreOpts } = isObject ? opts : {};
    if (!BACKENDS.includes(backend))
      throw new Error(`backend ${JSON.stringify(backend)} must be one of ${BACKENDS.map((b) => `'${b}'`).join(', ')}`);
    const decided = api.checkAttention(q, k, v, isObject || opts == null ? coreOpts : opts);
    let fallbackReason, fallbackCode;
    if (backend !== 'wasm') {
      // Weights are returned unless weights: false, as the core does.
      const gpuOpts = { ...coreOpts, weights: coreOpts.weights ?? true };
      const { why, engine: gpuEngine } = await gpuFor(q, k, v, { ...gpuOpts, backend });
      if (why === null) {
        gpuOpts.slopes = decided.alibiSlopes ?? undefined;
        gpuOpts.ropeFrequencies = decided.ropeFrequencies ?? undefined;
        try {
          return { ...(await gpuEngine.run(q, k, v, gpuOpts)), backend: 'webgpu' };
        } catch (e) {
          const lost = await gpuEngine.lostReason();
          if (!lost) throw e;
          fallbackReason = lost;
          fallbackCode = 'device-lost';
        }
      } else {
        ({ reason: fallbackReason, code: fallbackCode } = why);
      }
      if (backend === 'webgpu') throw new Error(`backend 'webgpu' was asked for, but ${fallbackReason}`);
    }
    const result = { ...api.attention(q, k, v, coreOpts), backend: 'wasm' };
    if (fallbackReason) Object.assign(result, { fallbackReason, fallbackCode });
    return result;
  }

  // What 'auto' would use now (starting WebGPU if it has not started yet).
  async function backendInfo() {
    const g = await engine();
    if (!g.engine) return { backend: 'wasm', fallbackReason: g.unavailable, fallbackCode: g.code };
    if (g.engine.lost) return { backend: 'wasm', fallbackReason: g.engine.lost, fallbackCode: 'device-lost', adapter: g.engine.adapterInfo };
    if (g.engine.adapterInfo?.software && !g.engine.allowSoftware) return { backend: 'wasm', fallbackReason: SOFTWARE.reason, fallbackCode: SOFTWARE.code, adapter: g.engine.adapterInfo };
    return { backend: 'webgpu', adapter: g.engine.adapterInfo };
  }

  return { attentionAsync, backendInfo };
}
