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
// handles them), scores that might overflow float32 (the reference refuses them by name), threads.
// attention() (attention.hpp) decides between this kernel and the reference.
#pragma once

#include "attention.hpp"

namespace posenc {

inline constexpr int kQueryTile = 16;  // queries per tile: 4 SIMD lanes × 4 vectors
inline constexpr int kKeyTile = 64;    // keys per tile

// True when attention_fused computes what attention_reference would: no weights requested, no
// Shaw relative vectors, and no score q·k/√Dh + bias + ALiBi that could overflow float32 (bounded
// by Dh·max|q_h|·max|k_h| per head (×2 with RoPE), O((L + S)·D)). Inputs already checked.
bool fused_attention_supports(const Matrix& q, const Matrix& k, const AttentionOptions& opts);

// What one call of the fused kernel computed, counted over every head, for tests of the causal
// skipping (a count, not a time): key_tiles = query-tile × key-tile steps (calls of the inner step),
// scored_pairs = Σ over those steps of kQueryTile·(keys in the step), padding lanes included: the
// scores, exps and P·V products actually computed. Full attention at L = S: H·⌈L/16⌉·16·S pairs;
// causal: each query tile stops at its own last visible key.
struct FusedAttentionStats {
    long long key_tiles = 0;
    long long scored_pairs = 0;
};

// The fused kernel. Checks inputs like attention_reference; throws Error when
// !fused_attention_supports(q, k, opts), naming why. The result's weights are empty. When stats is
// given, it receives the counts above (added to what it holds).
AttentionResult attention_fused(const Matrix& q, const Matrix& k, const Matrix& v, const AttentionOptions& opts = {},
                                FusedAttentionStats* stats = nullptr);

// The kernel alone, for attention() (attention.hpp), which has already run check_attention_inputs
// and found fused_attention_supports true: the same result without checking the inputs a second time
// (the checks are O(L·D); at L = 1024 they were about a twentieth of a causal call).
AttentionResult attention_fused_unchecked(const Matrix& q, const Matrix& k, const Matrix& v,
                                          const AttentionOptions& opts, FusedAttentionStats* stats = nullptr);

// eˣ for n values with the kernel's vectorised exp (exposed for its accuracy test).
void fused_exp(const float* x, float* y, int n);

}  // namespace posenc
