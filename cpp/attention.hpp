// attention.hpp: scaled dot-product attention, multi-head, with an optional causal mask and one
// optional additive bias. This is the plain reference implementation; fast paths live beside it
// (attention_fused.hpp) and are tested against it.
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

#include "matrix.hpp"

namespace posenc {

struct AttentionOptions {
    int heads = 1;
    bool causal = false;
    const HeadTensor* bias = nullptr;  // none, 1×L×S or H×L×S
    bool weights = true;               // false: weights are not returned (and not kept)
};

struct AttentionResult {
    Matrix output;       // L×D
    HeadTensor weights;  // H×L×S, empty when opts.weights is false
};

// Checks shapes, finiteness and options; throws Error naming the first problem.
void check_attention_inputs(const Matrix& q, const Matrix& k, const Matrix& v, const AttentionOptions& opts);

AttentionResult attention(const Matrix& q, const Matrix& k, const Matrix& v, const AttentionOptions& opts = {});

}  // namespace posenc
