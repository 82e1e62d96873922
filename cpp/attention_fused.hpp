// attention_fused.hpp: the same attention as attention.hpp, fused so that the L×S scores are never
// stored: for each head and each tile of kQueryTile queries it walks the keys in tiles of
// kKeyTile with an online softmax (FlashAttention's running max and running sum):
//
//   s_ij = q_i·k_j/√Dh + b_ij − m_h·|i' − j| (ALiBi, i' = i + (S − L)),  −∞ where j > i' (causal)
//   m'_i = max(m_i, max_j s_ij);   c_i = e^(m_i − m'_i)
//   l_i ← c_i·l_i + Σ_j e^(s_ij − m'_i);   o_i ← c_i·o_i + Σ_j e^(s_ij − m'_i)·v_j
//   out_i = o_i / l_i   after the last tile
//
// Inner loops are 128-bit SIMD (simd128.hpp; SSE natively, SIMD128 in WASM) with a vectorised
// exp. Causal attention stops at each query tile's last visible key, so it costs about half.
// RoPE rotates q and k once up front (rope.hpp) into L×D and S×D copies.
// Shapes: q L×D, k S×D, v S×D, H heads of Dh = D/H, bias 1×L×S or H×L×S, output L×D.
// Scratch: O(kQueryTile·(Dh + kKeyTile)) floats (four query tiles' state and one score tile)
// beyond inputs, output and the rotated copies.
// Leaves out: the weights (ask the reference for them), Shaw relative vectors (the reference
// handles them), threads. attention_auto picks this kernel or the reference.
#pragma once

#include "attention.hpp"

namespace posenc {

inline constexpr int kQueryTile = 16;  // queries per tile: 4 SIMD lanes × 4 vectors
inline constexpr int kKeyTile = 64;    // keys per tile

// True when attention_fused computes what attention() would: no weights requested and no Shaw
// relative vectors.
bool fused_attention_supports(const AttentionOptions& opts);

// The fused kernel. Checks inputs like attention(); throws Error if !fused_attention_supports(opts).
// The result's weights are empty.
AttentionResult attention_fused(const Matrix& q, const Matrix& k, const Matrix& v, const AttentionOptions& opts = {});

// attention_fused when it supports the options, else the reference attention(). Every caller
// that does not need a particular implementation (the JS bindings) calls this.
AttentionResult attention_auto(const Matrix& q, const Matrix& k, const Matrix& v, const AttentionOptions& opts = {});

// eˣ for n values with the kernel's vectorised exp (exposed for its accuracy test).
void fused_exp(const float* x, float* y, int n);

}  // namespace posenc
