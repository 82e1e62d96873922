// attention.wgsl: multi-head scaled dot-product attention on the GPU, fused and tiled, with an
// online (running max / running sum) softmax, so the L×S score matrix is never stored unless the
// weights are asked for. The same computation as the reference (cpp/attention.hpp):
//
//   scores_h = Q_h·K_hᵀ / √Dh + B_h − m_h·|i' − j|   (+ −∞ where j > i' when causal)
//   out[:, h·Dh : (h+1)·Dh] = softmax(scores_h) · V_h
//
// Shapes (row-major f32): q L×D, k S×D, v S×D, D = H·Dh; bias none, 1×L×S or H×L×S; slopes H;
// output L×D; weights H×L×S. Query i sits at position i' = i + (S − L), key j at position j (the
// causal mask, ALiBi and RoPE all use these positions).
// RoPE (Su et al. 2021): pair p of a head (interleaved (2p, 2p+1) or halves (p, p + Dh/2)) is
// rotated by the angle (pos/scale)·base^(−2p/Dh); `rope_rotate` writes rotated copies of q and k
// that the attention pass then reads. The host supplies freq[p] = base^(−2p/Dh)/scale (computed in
// double precision) so the shader's only rounding is the product pos·freq[p].
// Work split: one workgroup = WORKGROUP_SIZE query rows of one head, one thread per query row
// (its q row and accumulator are private); the workgroup loads TILE_K keys and values at a time
// into workgroup memory. Causal attention stops at the last key tile the workgroup's last query
// can see, so about half the tiles are skipped.
// Entry points: rope_rotate (pre-pass), attention (output only), attention_weights (output and the
// H×L×S weights, by a second sweep over the keys with the final row max and sum; meant for
// visualisation sizes).
// Leaves out: Shaw-style relative vectors, dropout, batches, f16; Dh above 4·MAX_HEAD_VEC = 128.

struct Params {
  queries: u32,       // L
  keys: u32,          // S
  width: u32,         // D = H·Dh
  heads: u32,         // H
  causal: u32,        // 0 or 1
  bias_heads: u32,    // 0 (no bias), 1 (shared) or H (one per head)
  alibi: u32,         // 0 or 1: add −slopes[h]·|i' − j|
  rope: u32,          // 0 none, 1 interleaved pairs (2p, 2p+1), 2 halves (p, p + Dh/2)
  scale: f32,         // 1/√Dh
  _pad0: u32,
  _pad1: u32,
  _pad2: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> q: array<f32>;
@group(0) @binding(2) var<storage, read> k: array<f32>;
@group(0) @binding(3) var<storage, read> v: array<f32>;
@group(0) @binding(4) var<storage, read> bias: array<f32>;
@group(0) @binding(5) var<storage, read> slopes: array<f32>;
@group(0) @binding(6) var<storage, read_write> out: array<f32>;
@group(0) @binding(7) var<storage, read_write> weights: array<f32>;
@group(0) @binding(8) var<storage, read> rope_freq: array<f32>;
@group(0) @binding(9) var<storage, read_write> q_rot: array<f32>;
@group(0) @binding(10) var<storage, read_write> k_rot: array<f32>;

override WORKGROUP_SIZE: u32 = 64;  // query rows per workgroup (one thread each)
override HEAD_DIM: u32 = 64;        // Dh
override TILE_K: u32 = 32;          // keys per shared tile; 2·TILE_K·HEAD_DIM·4 bytes of workgroup memory

override HEAD_VEC: u32 = (HEAD_DIM + 3u) / 4u;  // Dh in vec4s (the last one zero-padded)

const MAX_HEAD_VEC: u32 = 32u;      // private q row and accumulator: Dh ≤ 128
const MAX_TILE_K: u32 = 64u;        // private score buffer size
const NEG_BIG: f32 = -3.0e38;

var<workgroup> k_tile: array<vec4<f32>, TILE_K * HEAD_VEC>;
var<workgroup> v_tile: array<vec4<f32>, TILE_K * HEAD_VEC>;

// ---- RoPE pre-pass: one thread per (row, pair of dimensions); rows 0..L−1 are q, then k. ----

// cos and sin of a non-negative angle, reduced to [−π, π] first (2π split in two parts so that
// k·TWO_PI_HI is exact), because GPU sin/cos are only accurate near zero.
fn cos_sin(angle: f32) -> vec2<f32> {
  const TWO_PI_HI: f32 = 6.28125;
  const TWO_PI_LO: f32 = 0.0019353071795864769;
  let turns = round(angle / 6.283185307179586);
  let r = (angle - turns * TWO_PI_HI) - turns * TWO_PI_LO;
  return vec2<f32>(cos(r), sin(r));
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn rope_rotate(@builtin(global_invocation_id) gid: vec3<u32>) {
  let half_width = params.width / 2u;
  let pair = gid.x;                   // 0 .. D/2 − 1: head h = pair / (Dh/2), p = pair % (Dh/2)
  let row = gid.y;                    // 0 .. L + S − 1
  if (pair >= half_width || row >= params.queries + params.keys) { return; }
  let half_head = HEAD_DIM / 2u;
  let h = pair / half_head;
  let p = pair % half_head;
  var first = h * HEAD_DIM + 2u * p;
  var second = first + 1u;
  if (params.rope == 2u) {
    first = h * HEAD_DIM + p;
    second = first + half_head;
  }
  let is_query = row < params.queries;
  var pos: u32;
  var base: u32;
  if (is_query) {
    pos = row + params.keys - params.queries;
    base = row * params.width;
  } else {
    pos = row - params.queries;
    base = pos * params.width;
  }
  let cs = cos_sin(f32(pos) * rope_freq[p]);
  if (is_query) {
    let a = q[base + first];
    let b = q[base + second];
    q_rot[base + first] = a * cs.x - b * cs.y;
    q_rot[base + second] = a * cs.y + b * cs.x;
  } else {
    let a = k[base + first];
    let b = k[base + second];
    k_rot[base + first] = a * cs.x - b * cs.y;
    k_rot[base + second] = a * cs.y + b * cs.x;
  }
}

// ---- Attention ----

struct RowState {
  m: f32,                               // running max of the scores
  l: f32,                               // running sum of exp(score − m)
}

// Keys [0, end) that any query of the workgroup can see (causal: up to its last query's position).
fn key_end(first_row: u32) -> u32 {
  if (params.causal == 0u) { return params.keys; }
  let last_row = min(first_row + WORKGROUP_SIZE, params.queries) - 1u;
  return min(params.keys, last_row + params.keys - params.queries + 1u);
}

// Columns 4c .. 4c+3 of head h in row `row` of q (which = 0), k (1) or v (2); zeros past Dh.
fn read_f32(which: u32, index: u32) -> f32 {
  switch (which) {
    case 0u: { return q[index]; }
    case 1u: { return k[index]; }
    default: { return v[index]; }
  }
}

fn head_vec4(which: u32, row: u32, h: u32, c: u32) -> vec4<f32> {
  let g = row * params.width + h * HEAD_DIM + 4u * c;
  var x = vec4<f32>(0.0);
  for (var t = 0u; t < 4u && 4u * c + t < HEAD_DIM; t++) { x[t] = read_f32(which, g + t); }
  return x;
}

// All threads copy keys [j0, j0 + TILE_K) of head h into the shared tiles (zeros past the end).
fn load_tile(j0: u32, h: u32, lid: u32, with_values: bool) {
  for (var e = lid; e < TILE_K * HEAD_VEC; e += WORKGROUP_SIZE) {
    let j = j0 + e / HEAD_VEC;
    let c = e % HEAD_VEC;
    var kv = vec4<f32>(0.0);
    var vv = vec4<f32>(0.0);
    if (j < params.keys) {
      kv = head_vec4(1u, j, h, c);
      if (with_values) { vv = head_vec4(2u, j, h, c); }
    }
    k_tile[e] = kv;
    if (with_values) { v_tile[e] = vv; }
  }
}

// Score of query row i (its q row in `qrow`) against tile key jj (global index j), head h.
fn score(qrow: ptr<function, array<vec4<f32>, MAX_HEAD_VEC>>, jj: u32, i: u32, j: u32, h: u32) -> f32 {
  var acc = vec4<f32>(0.0);
  for (var c = 0u; c < HEAD_VEC; c++) { acc += (*qrow)[c] * k_tile[jj * HEAD_VEC + c]; }
  var s = (acc.x + acc.y + acc.z + acc.w) * params.scale;
  if (params.bias_heads != 0u) {
    let hb = select(0u, h, params.bias_heads != 1u);
    s += bias[(hb * params.queries + i) * params.keys + j];
  }
  if (params.alibi != 0u) {
    let query_pos = i + params.keys - params.queries;
    s -= slopes[h] * abs(f32(query_pos) - f32(j));
  }
  return s;
}

// Number of keys of the tile at j0 that query i sees (0 for rows past L).
fn visible_in_tile(i: u32, j0: u32) -> u32 {
  if (i >= params.queries) { return 0u; }
  var end = params.keys;
  if (params.causal != 0u) { end = i + params.keys - params.queries + 1u; }
  return min(TILE_K, select(0u, end - j0, end > j0));
}

// The fused sweep: writes the output row of query i and returns its final softmax state.
fn attend(i: u32, h: u32, first_row: u32, lid: u32, qrow: ptr<function, array<vec4<f32>, MAX_HEAD_VEC>>) -> RowState {
  var acc: array<vec4<f32>, MAX_HEAD_VEC>;
  var p: array<f32, MAX_TILE_K>;
  var state = RowState(NEG_BIG, 0.0);
  let end = key_end(first_row);
  for (var j0 = 0u; j0 < end; j0 += TILE_K) {
    workgroupBarrier();
    load_tile(j0, h, lid, true);
    workgroupBarrier();
    let n = visible_in_tile(i, j0);
    if (n > 0u) {  // no `continue`: the barriers above must stay in uniform control flow
      var tile_max = NEG_BIG;
      for (var jj = 0u; jj < n; jj++) {
        p[jj] = score(qrow, jj, i, j0 + jj, h);
        tile_max = max(tile_max, p[jj]);
      }
      let m_new = max(state.m, tile_max);
      let correction = exp(state.m - m_new);
      var tile_sum = 0.0;
      for (var jj = 0u; jj < n; jj++) {
        p[jj] = exp(p[jj] - m_new);
        tile_sum += p[jj];
      }
      for (var c = 0u; c < HEAD_VEC; c++) { acc[c] *= correction; }
      for (var jj = 0u; jj < n; jj++) {
        let pj = p[jj];
        for (var c = 0u; c < HEAD_VEC; c++) { acc[c] += pj * v_tile[jj * HEAD_VEC + c]; }
      }
      state = RowState(m_new, state.l * correction + tile_sum);
    }
  }
  if (i < params.queries) {
    let inv = 1.0 / state.l;
    let o = i * params.width + h * HEAD_DIM;
    for (var d = 0u; d < HEAD_DIM; d++) { out[o + d] = acc[d / 4u][d % 4u] * inv; }
  }
  return state;
}

fn load_query(i: u32, h: u32) -> array<vec4<f32>, MAX_HEAD_VEC> {
  var qrow: array<vec4<f32>, MAX_HEAD_VEC>;
  if (i < params.queries) {
    for (var c = 0u; c < HEAD_VEC; c++) { qrow[c] = head_vec4(0u, i, h, c); }
  }
  return qrow;
}

// Both entry points: workgroup (x, y) takes query rows x·WORKGROUP_SIZE … of head y, this thread
// row i. first_row is computed from the workgroup id alone so that it stays uniform (the loops
// around the barriers depend on it).
// The first sweep of this thread's row, shared by both entry points (each keeps its own bindings:
// only attention_weights touches `weights`): the query loaded into qrow, the output written, the
// row's final max m and sum l returned.
fn first_sweep(wg: vec3<u32>, lid: u32, qrow: ptr<function, array<vec4<f32>, MAX_HEAD_VEC>>) -> RowState {
  let first_row = wg.x * WORKGROUP_SIZE;
  *qrow = load_query(first_row + lid, wg.y);
  return attend(first_row + lid, wg.y, first_row, lid, qrow);
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn attention(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  var qrow: array<vec4<f32>, MAX_HEAD_VEC>;
  _ = first_sweep(wg, lid, &qrow);
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn attention_weights(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  var qrow: array<vec4<f32>, MAX_HEAD_VEC>;
  let state = first_sweep(wg, lid, &qrow);
  let i = wg.x * WORKGROUP_SIZE + lid;
  let h = wg.y;
  // Second sweep: weight = exp(score − m)/l with the final m and l; masked keys get exactly 0.
  let inv = 1.0 / state.l;
  let row = (h * params.queries + i) * params.keys;
  for (var j0 = 0u; j0 < params.keys; j0 += TILE_K) {
    workgroupBarrier();
    load_tile(j0, h, lid, false);
    workgroupBarrier();
    if (i < params.queries) {
      let n = visible_in_tile(i, j0);
      let last = min(TILE_K, params.keys - j0);
      for (var jj = 0u; jj < last; jj++) {
        var w = 0.0;
        if (jj < n) { w = exp(score(&qrow, jj, i, j0 + jj, h) - state.m) * inv; }
        weights[row + j0 + jj] = w;
      }
    }
  }
}
