// attention.hpp: scaled dot-product attention, multi-head, with an optional causal mask and one
// optional additive bias. `attention` is what callers use: it runs the fused kernel
// (attention_fused.hpp) when that computes the same thing, else `attention_reference`, the plain
// implementation every fast path is tested against.
//
//   for each head h:   Q_h = q[:, h·Dh : (h+1)·Dh]   (likewise K_h, V_h)
//   scores_h = Q_h·K_hᵀ / √Dh + B_h  (+ −∞ where j > i + (S − L) when causal)
//   A_h      = softmax(scores_h)  row by row
//   out[:, h·Dh : (h+1)·Dh] = A_h · V_h
//
// Shapes: q L×D, k S×D, v S×D, H heads with Dh = D/H, bias B either 1×L×S (shared by every head)
// or H×L×S (one per head), output L×D, weights H×L×S.
// Position schemes that act on attention (ALiBi, T5, Shaw et al.) produce that one additive bias
// (ggml's soft_max_ext with max_bias is the model).
// The causal mask is aligned bottom-right: query i sees keys j ≤ i + (S − L), the usual j ≤ i when
// L = S, and the last query sees every key (a decoder with a cache of earlier keys).
// Leaves out: dropout, batches, projections W_Q/W_K/W_V/W_O (the lessons show them separately).
#pragma once

#include <vector>

#include "layout.hpp"
#include "matrix.hpp"
#include "rope.hpp"

namespace posenc {

// Positions inside attention (RoPE, ALiBi, Shaw et al.): key j is at position j, query i at
// position i + (S − L) (aligned like the causal mask). RopeOptions is declared in rope.hpp.
//   rope:           q and k rotated by rope_at(…, heads, *rope) at those positions before the scores.
//   alibi_slopes:   scores_h[i][j] += −m_h·|i + (S − L) − j|  (float(−m_h)·float(distance), alibi.hpp).
//   relative_keys:  scores_h[i][j] += q_i·aᴷ[clip(j − i', −k, k) + k] / √Dh   (Shaw et al. 2018)
//   relative_values: out_i += Σ_j A_h[i][j]·aⱽ[clip(j − i', −k, k) + k], k = max_distance,
//                    aᴷ and aⱽ (2k+1)×Dh, shared by every head (relative.hpp).
// Added to the scores in this order: q·k/√Dh, Shaw's q·aᴷ/√Dh, bias, ALiBi.

struct AttentionOptions {
    int heads = 1;
    bool causal = false;
    const HeadTensor* bias = nullptr;                 // none, 1×L×S or H×L×S
    const std::vector<float>* alibi_slopes = nullptr; // H slopes m_h: adds −m_h·|i' − j| (alibi.hpp)
    const RopeOptions* rope = nullptr;                // rotate q and k before the scores (rope.hpp)
    const Matrix* relative_keys = nullptr;            // Shaw et al. aᴷ, (2k+1)×Dh (relative.hpp)
    const Matrix* relative_values = nullptr;          // Shaw et al. aⱽ, (2k+1)×Dh
    int max_distance = 0;                             // Shaw et al.'s clipping distance k
    bool weights = true;                              // false: weights are not returned (and not kept)
};

struct AttentionResult {
    Matrix output;       // L×D
    HeadTensor weights;  // H×L×S, empty when opts.weights is false
};

// The cost of one call, counted as visible (query, key) pairs × (D + 16·H): D multiply-adds for
// q·k and as many for A·V per pair, and about 16 operations per pair and head for the softmax.
// Visible pairs: L·S, or L·(S − L) + L(L + 1)/2 with the causal mask.
double attention_work(double L, double S, double D, double H, bool causal);
// Largest accepted attention_work: 4·10¹⁰, about 10–30 s on one WASM thread. L = S = 8192 at
// D = 512, H = 8 (causal: 2.2·10¹⁰; not causal: 4.3·10¹⁰, refused) and a 65536×8 self-attention
// (10¹¹, refused) mark its two sides.
inline constexpr double kMaxAttentionWork = 4e10;

// Checks shapes, finiteness, options and the cost limit; throws Error naming the first problem.
void check_attention_inputs(const Matrix& q, const Matrix& k, const Matrix& v, const AttentionOptions& opts);

// What callers use: attention_fused when fused_attention_supports(q, k, opts), else the reference.
// The one place that decides between the kernels.
AttentionResult attention(const Matrix& q, const Matrix& k, const Matrix& v, const AttentionOptions& opts = {});

// The plain reference (weights, Shaw vectors, any finite input; refuses overflowing scores by name).
AttentionResult attention_reference(const Matrix& q, const Matrix& k, const Matrix& v,
                                    const AttentionOptions& opts = {});

}  // namespace posenc
