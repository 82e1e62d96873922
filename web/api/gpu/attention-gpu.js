// attention-gpu.js: the host side of web/api/gpu/attention.wgsl: one WebGPU device per page, its
// pipelines and buffers, and attention runs on it.
//
//   const gpu = await sharedGpuAttention();          // null reason in gpu.unavailable when no GPU
//   gpu.unsupported(shape, opts)                     // null, or why these sizes/options can't run
//   const { output, weights } = await gpu.run(q, k, v, { heads, causal, bias, weights, rope, slopes, ropeFrequencies })
//
// Shapes as in cpp/attention.hpp: q L×D, k and v S×D, D = H·Dh, bias 1×L×S or H×L×S, slopes H
// (ALiBi's m_h) and ropeFrequencies Dh/2 (θ_i/scale), both decided by the core (pe.checkAttention),
// weights H×L×S. Inputs are assumed valid: the
// caller runs the core's checks first (posenc.js → attention-async.js).
// Buffers are kept per role and reused between calls, replaced (and the old one destroyed) when a
// call needs more room, and all destroyed after idleReleaseMs without a call; pipelines are cached
// per head width. Runs are serialised (the readback
// buffers are shared). When the device is lost every buffer is destroyed, `lost` says why, and
// every later call is refused with that reason (the caller then stays on WASM).
// Leaves out: Shaw-style relative vectors, Dh > MAX_HEAD_DIM, several devices, f16.

export const MAX_HEAD_DIM = 128;      // attention.wgsl's private arrays
const MAX_TILE_K = 64;                // attention.wgsl's private score buffer
const WORKGROUP_SIZE = 64;            // query rows per workgroup
const PARAMS_BYTES = 48;              // struct Params
const f32 = 4;

const limitNames = ['maxStorageBufferBindingSize', 'maxBufferSize', 'maxComputeWorkgroupStorageSize'];

// True for a software (CPU) adapter: the browser flags it as a fallback adapter, or its info names
// SwiftShader (Chromium's CPU implementation of WebGPU) or llvmpipe / lavapipe.
export function softwareAdapter(adapter) {
  if (adapter?.isFallbackAdapter || adapter?.info?.isFallbackAdapter) return true;
  const a = adapter?.info ?? {};
  return /swiftshader|llvmpipe|lavapipe|software/i.test(`${a.vendor ?? ''} ${a.architecture ?? ''} ${a.description ?? ''} ${a.device ?? ''}`);
}

export class GpuAttention {
  #device;
  #module;
  #pipelines = new Map();    // `${entry}/${Dh}` → GPUComputePipeline
  #buffers = new Map();      // role → GPUBuffer
  #live = new Set();         // every buffer created and not yet destroyed
  #queue = Promise.resolve();
  #idleTimer;
  #pending = 0;              // runs queued or in progress
  idleReleaseMs = 30000;     // buffers are destroyed after this long without a call
  lost = null;               // why the device was lost (a string), or null
  adapterInfo;
  // 'auto' skips a software adapter (adapterInfo.software) unless this is set (tests of the kernel).
  allowSoftware = false;

  constructor(device, module, adapterInfo) {
    this.#device = device;
    this.#module = module;
    this.adapterInfo = adapterInfo;
    device.lost.then((info) => this.#onLost(`the WebGPU device was lost (${info.reason}): ${info.message || 'no message'}`));
  }

  // A device from `gpu` (navigator.gpu) and the compiled shader, or { unavailable: reason, code }
  // (code: a stable id of the reason, 'no-gpu' or 'no-adapter', for pages that translate it).
  static async create(gpu = globalThis.navigator?.gpu) {
    if (!gpu) return { unavailable: 'navigator.gpu is not available in this browser', code: 'no-gpu' };
    const adapter = await gpu.requestAdapter();
    if (!adapter) return { unavailable: 'navigator.gpu gave no adapter', code: 'no-adapter' };
    const requiredLimits = {};
    for (const name of limitNames) requiredLimits[name] = adapter.limits[name];
    const device = await adapter.requestDevice({ requiredLimits });
    const response = await fetch(new URL('./attention.wgsl', import.meta.url));
    if (!response.ok) throw new Error(`attention.wgsl could not be loaded: HTTP ${response.status}`);
    const module = device.createShaderModule({ label: 'attention.wgsl', code: await response.text() });
    const info = await module.getCompilationInfo();
    const errors = info.messages.filter((m) => m.type === 'error');
    if (errors.length) {
      device.destroy();
      throw new Error(`attention.wgsl does not compile: ${errors.map((m) => `${m.lineNum}:${m.linePos} ${m.message}`).join('; ')}`);
    }
    const a = adapter.info ?? {};
    const about = { vendor: a.vendor ?? '', architecture: a.architecture ?? '', description: a.description ?? '' };
    // A software adapter (SwiftShader: the CPU pretending to be a GPU) runs this kernel many times
    // slower than the WASM core; 'auto' does not pick it (attention-async.js), 'webgpu' still can.
    about.software = softwareAdapter(adapter);
    return { engine: new GpuAttention(device, module, about) };
  }

  get limits() { return this.#device.limits; }

  // Keys per shared tile for head width Dh: K and V tiles (Dh padded to whole vec4s) must fit the
  // workgroup memory.
  tileKeys(headDim) {
    const rowBytes = Math.ceil(headDim / 4) * 4 * f32;
    return Math.min(MAX_TILE_K, Math.floor(this.limits.maxComputeWorkgroupStorageSize / (2 * rowBytes)));
  }

  // null when these sizes and options run here, else the reason (a sentence fragment).
  unsupported(shape, opts = {}) {
    return this.unsupportedWhy(shape, opts)?.reason ?? null;
  }

  // The same as { reason, code }: code is a stable id of the reason ('device-lost', 'relative',
  // 'head-width', 'too-large') that a page can translate; the reason stays English for scripts.
  unsupportedWhy({ queries: L, keys: S, width: D, heads: H }, opts = {}) {
    const why = (code, reason) => ({ code, reason });
    if (this.lost) return why('device-lost', this.lost);
    if (opts.relativeKeys || opts.relativeValues) return why('relative', 'Shaw relative position vectors are not in the WebGPU kernel');
    const Dh = D / H;
    if (Dh > MAX_HEAD_DIM) return why('head-width', `head width ${Dh} exceeds the WebGPU kernel's ${MAX_HEAD_DIM}`);
    if (this.tileKeys(Dh) < 1) return why('head-width', `head width ${Dh} does not fit the device's workgroup memory`);
    const lim = this.limits;
    const dims = lim.maxComputeWorkgroupsPerDimension;
    if (Math.ceil(L / WORKGROUP_SIZE) > dims || H > dims) return why('too-large', `${L} queries × ${H} heads exceed the device's ${dims} workgroups per dimension`);
    if (opts.rope && L + S > dims) return why('too-large', `RoPE over ${L + S} rows exceeds the device's ${dims} workgroups per dimension`);
    const maxBytes = Math.min(lim.maxStorageBufferBindingSize, lim.maxBufferSize);
    const sizes = { q: L * D, k: S * D, bias: (opts.bias?.heads ?? 1) * L * S * Boolean(opts.bias), weights: H * L * S * Boolean(opts.weights) };
    for (const [name, n] of Object.entries(sizes)) {
      if (n * f32 > maxBytes) return why('too-large', `${name} needs ${n * f32} bytes, more than the device's ${maxBytes}-byte buffers`);
    }
    return null;
  }

  // Attention on the GPU; resolves to { output, weights? } as the core returns them.
  run(q, k, v, opts) {
    clearTimeout(this.#idleTimer);
    this.#pending++;
    const job = this.#queue.then(() => this.#run(q, k, v, opts));
    this.#queue = job.catch(() => {}).then(() => {
      if (--this.#pending === 0) this.#idleTimer = setTimeout(() => this.release(), this.idleReleaseMs);
    });
    return job;
  }

  // After a failed run: the loss reason if the device was lost (waiting briefly for the lost
  // promise, which can settle after the failed mapAsync), else null.
  async lostReason() {
    await Promise.race([this.#device.lost, new Promise((r) => setTimeout(r, 250))]);
    return this.lost;
  }

  // Buffers alive now (for leak checks).
  liveBuffers() { return this.#live.size; }

  // Destroys every buffer (the next run creates what it needs again).
  release() {
    for (const b of this.#live) b.destroy();
    this.#live.clear();
    this.#buffers.clear();
  }

  // Ends the device for good (later runs are refused).
  destroy() {
    this.#onLost('the WebGPU device was released');
    this.#device.destroy();
  }

  // Test hook: destroys the device without telling the engine, as a driver reset would.
  loseDevice() { this.#device.destroy(); }

  #onLost(reason) {
    this.lost ??= reason;
    this.release();
    this.#pipelines.clear();
  }

  #pipeline(entryPoint, headDim) {
    const key = `${entryPoint}/${headDim}`;
    if (!this.#pipelines.has(key)) {
      this.#pipelines.set(key, this.#device.createComputePipeline({
        label: key,
        layout: 'auto',
        compute: {
          module: this.#module,
          entryPoint,
          constants: { WORKGROUP_SIZE, HEAD_DIM: headDim, TILE_K: this.tileKeys(headDim) },
        },
      }));
    }
    return this.#pipelines.get(key);
  }

  // The buffer kept for `role`, replaced by a larger one when `bytes` don't fit.
  #buffer(role, bytes, usage) {
    let b = this.#buffers.get(role);
    if (!b || b.size < bytes) {
      if (b) { b.destroy(); this.#live.delete(b); }
      const size = Math.max(256, 2 ** Math.ceil(Math.log2(bytes)));
      b = this.#device.createBuffer({ label: role, size: Math.max(bytes, Math.min(size, this.limits.maxBufferSize)), usage });
      this.#buffers.set(role, b);
      this.#live.add(b);
    }
    return b;
  }

  #input(role, data) {
    const arr = data instanceof Float32Array ? data : Float32Array.from(data);
    const b = this.#buffer(role, Math.max(arr.byteLength, 16), GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST);
    if (arr.byteLength) this.#device.queue.writeBuffer(b, 0, arr.buffer, arr.byteOffset, arr.byteLength);
    return b;
  }

  async #run(q, k, v, opts) {
    if (this.lost) throw new Error(this.lost);
    const device = this.#device;
    const L = q.rows, S = k.rows, D = q.cols, H = opts.heads ?? 1, Dh = D / H;
    const wantWeights = Boolean(opts.weights);
    const ropeLayout = opts.rope ? (opts.rope.layout ?? 'interleaved') : null;
    const storage = GPUBufferUsage.STORAGE;
    device.pushErrorScope('validation');

    const params = new ArrayBuffer(PARAMS_BYTES);
    const u = new Uint32Array(params);
    const fl = new Float32Array(params);
    u.set([L, S, D, H, opts.causal ? 1 : 0, opts.bias ? (opts.bias.heads ?? 1) : 0, opts.slopes ? 1 : 0,
      ropeLayout === null ? 0 : ropeLayout === 'halves' ? 2 : 1]);
    fl[8] = 1 / Math.sqrt(Dh);
    const paramsBuf = this.#buffer('params', PARAMS_BYTES, GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST);
    device.queue.writeBuffer(paramsBuf, 0, params);

    let qBuf = this.#input('q', q.data);
    let kBuf = this.#input('k', k.data);
    const vBuf = this.#input('v', v.data);
    const biasBuf = this.#input('bias', opts.bias ? opts.bias.data : []);
    const slopesBuf = this.#input('slopes', opts.slopes ?? []);
    const outBytes = L * D * f32, weightBytes = H * L * S * f32;
    const outBuf = this.#buffer('out', outBytes, storage | GPUBufferUsage.COPY_SRC);
    const readOut = this.#buffer('read-out', outBytes, GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST);
    const weightBuf = wantWeights ? this.#buffer('weights', weightBytes, storage | GPUBufferUsage.COPY_SRC) : null;
    const readWeights = wantWeights ? this.#buffer('read-weights', weightBytes, GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST) : null;

    const encoder = device.createCommandEncoder({ label: 'attention' });
    if (ropeLayout !== null) {
      // θ_p / scale as the core computed them (pe.checkAttention's ropeFrequencies, rope.hpp).
      const freqBuf = this.#input('rope-freq', opts.ropeFrequencies);
      const qRot = this.#buffer('q-rot', L * D * f32, storage);
      const kRot = this.#buffer('k-rot', S * D * f32, storage);
      const pipeline = this.#pipeline('rope_rotate', Dh);
      const pass = encoder.beginComputePass({ label: 'rope_rotate' });
      pass.setPipeline(pipeline);
      pass.setBindGroup(0, device.createBindGroup({
        layout: pipeline.getBindGroupLayout(0),
        entries: [[0, paramsBuf], [1, qBuf], [2, kBuf], [8, freqBuf], [9, qRot], [10, kRot]]
          .map(([binding, buffer]) => ({ binding, resource: { buffer } })),
      }));
      pass.dispatchWorkgroups(Math.ceil(D / 2 / WORKGROUP_SIZE), L + S);
      pass.end();
      qBuf = qRot;
      kBuf = kRot;
    }
    const entry = wantWeights ? 'attention_weights' : 'attention';
    const pipeline = this.#pipeline(entry, Dh);
    const bindings = [[0, paramsBuf], [1, qBuf], [2, kBuf], [3, vBuf], [4, biasBuf], [5, slopesBuf], [6, outBuf]];
    if (wantWeights) bindings.push([7, weightBuf]);
    const pass = encoder.beginComputePass({ label: entry });
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, device.createBindGroup({
      layout: pipeline.getBindGroupLayout(0),
      entries: bindings.map(([binding, buffer]) => ({ binding, resource: { buffer } })),
    }));
    pass.dispatchWorkgroups(Math.ceil(L / WORKGROUP_SIZE), H);
    pass.end();
    encoder.copyBufferToBuffer(outBuf, 0, readOut, 0, outBytes);
    if (wantWeights) encoder.copyBufferToBuffer(weightBuf, 0, readWeights, 0, weightBytes);
    device.queue.submit([encoder.finish()]);
    const error = await device.popErrorScope();
    if (error) throw new Error(`WebGPU attention: ${error.message}`);

    const read = async (buffer, bytes) => {
      await buffer.mapAsync(GPUMapMode.READ, 0, bytes);
      const copy = new Float32Array(buffer.getMappedRange(0, bytes).slice(0));
      buffer.unmap();
      return copy;
    };
    const result = { output: { rows: L, cols: D, data: await read(readOut, outBytes) } };
    if (wantWeights) result.weights = { heads: H, rows: L, cols: S, data: await read(readWeights, weightBytes) };
    return result;
  }
}

let shared = null;

// The page's one engine: resolves to { engine } or { unavailable: reason, code }; created on first use.
export function sharedGpuAttention(gpu) {
  shared ??= GpuAttention.create(gpu).catch((e) => ({ unavailable: `WebGPU could not start: ${e.message}`, code: 'gpu-failed' }));
  return shared;
}
