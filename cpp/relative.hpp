// relative.hpp: relative positions, two ways.
//
// 1. Shaw, Uszkoreit & Vaswani (2018), "Self-Attention with Relative Position Representations":
//    the distance of key j from query i, clipped to k = maxDistance,
//      d_ij = clip(j − i', −k, k)      (key position minus query position, i' = i + (S − L) as in
//                                       attention.hpp; with L = S simply j − i)
//    indexes 2k+1 learned vectors aᴷ, aⱽ (row d + k; shared by every head, Dh wide each):
//      e_ij = q_i·(k_j + aᴷ_d) / √Dh,   z_i = Σ_j α_ij (v_j + aⱽ_d)
//    attention() computes these when given relative_keys / relative_values (attention.hpp).
//    relative_distances returns the L×S matrix of d_ij; shaw_key_bias the key term as a bias.
//
// 2. The formulation of source document 003: the sinusoid applied to the signed difference
//      rel_pos = pos1 − pos2  (query position minus key position: the opposite sign to Shaw and T5)
//      RPE(rel_pos, 2i) = sin(rel_pos / base^(2i/D)),  RPE(rel_pos, 2i+1) = cos(…)
//      Token_Encoding(pos1, pos2) = PE(pos1) + RPE(pos1 − pos2)
//    relative_sinusoidal builds that L×L×D tensor (L·L·D floats: the memory cost 003 mentions).
//
// Shapes: distances L×S integers; relative_sinusoidal L×L×D as a HeadTensor {heads = L (pos1),
// rows = L (pos2), cols = D}.
// Leaves out: Transformer-XL and DeBERTa's relative schemes, learning aᴷ and aⱽ.
#pragma once

#include <limits>
#include <vector>

#include "matrix.hpp"
#include "sinusoidal.hpp"

namespace posenc {

// L×S row-major distances clip(j − (i + S − L), −k, k). max_distance: a count ≥ 0, or +∞ (the
// default) for no clipping.
std::vector<int> relative_distances(int queries, int keys,
                                    double max_distance = std::numeric_limits<double>::infinity());

// Shaw et al.'s table aᴷ or aⱽ must be (2k+1)×Dh: "relativeKeys is 2×4 but must be 3×4
// (2·maxDistance + 1 = 3 rows of head width 4)". The one statement of that rule (attention too).
void require_relative_table(const Matrix& table, int max_distance, int head_dim, const std::string& name);

// Shaw et al.'s key term as one additive bias (what attention() adds for relative_keys):
//   bias[h][i][j] = q_i^h·aᴷ[clip(j − i', −k, k) + k] / √Dh,  q L×D with H heads, aᴷ (2k+1)×Dh.
// The value term Σ α_ij aⱽ is not a bias; attention() applies it.
HeadTensor shaw_key_bias(const Matrix& q, int keys, const Matrix& relative_keys, int heads, int max_distance);

// 003's T[pos1][pos2] = PE(pos1) + RPE(pos1 − pos2) for pos1, pos2 in 0 .. L−1, width D (even).
HeadTensor relative_sinusoidal(int length, int dim, const SinusoidalOptions& opts = {});

}  // namespace posenc
