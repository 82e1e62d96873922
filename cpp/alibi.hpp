// alibi.hpp: ALiBi, attention with linear biases (Press, Smith & Lewis, "Train Short, Test Long",
// 2022): no position is added to the tokens; each head h adds −m_h·distance to its scores.
//
//   bias[h][i][j] = −m_h·|i' − j|,  i' = i + (S − L)
// Keys j sit at positions 0 .. S−1 and query i at i + (S − L), aligned like the causal mask of
// attention.hpp (with L = S this is the plain −m_h·|i − j|; with L < S the queries are the last L
// positions, as in a decoder with cached keys). The absolute value is the symmetric (bidirectional)
// form; with a causal mask only j ≤ i' is seen, where it equals the paper's −m_h·(i' − j).
//
// Slopes (the paper's get_slopes, from its reference code):
//   H a power of two:  m_h = 2^(−8h/H), h = 1 .. H            (8 heads: 1/2, 1/4, …, 1/256)
//   otherwise, with p the largest power of two below H: the p slopes of the p-head sequence, then
//   the slopes at 0-based indices 0, 2, 4, … of the 2p-head sequence, the first H − p of them
//   (12 heads: 2^−1 … 2^−8, then 2^−0.5, 2^−1.5, 2^−2.5, 2^−3.5).
// Slopes are computed in double precision and rounded once to float.
// Shapes: slopes H; bias H×L×S.
// Leaves out: ALiBi variants with learned or per-layer slopes.
#pragma once

#include <vector>

#include "matrix.hpp"

namespace posenc {

// The paper's H slopes m_1 .. m_H. heads must be a positive integer.
std::vector<float> alibi_slopes(int heads);

// bias[h][i][j] = −slopes[h]·|i + (S − L) − j| for the given slopes (one per head, finite).
HeadTensor alibi_bias(int queries, int keys, const std::vector<float>& slopes);

// The same with the paper's slopes for `heads` heads.
HeadTensor alibi_bias(int queries, int keys, int heads);

}  // namespace posenc
