// rope.hpp: rotary position embedding (RoPE; Su et al., RoFormer 2021), applied to q and k.
//
// Each head's Dh columns are split into Dh/2 pairs (a, b); the pair i of a row at position m is
// rotated by the angle m·θ_i:
//   θ_i = base^(−2i/Dh),  i = 0 .. Dh/2 − 1                 (base = 10000 in the paper)
//   angle = (m / scale)·θ_i                                  (scale: linear position interpolation,
//                                                             m·θ/N in 001; scale = 1 is plain RoPE)
//   x'_a = x_a·cos(angle) − x_b·sin(angle)
//   x'_b = x_a·sin(angle) + x_b·cos(angle)
// Pairing (layout.hpp): interleaved (a, b) = (2i, 2i+1) as in RoFormer and Meta's Llama (complex
// multiplication of adjacent pairs); halves (a, b) = (i, i + Dh/2) as in GPT-NeoX and Hugging Face's
// rotate_half. The two layouts give the same numbers in permuted columns.
// Because every pair is a rotation, q_m·k_n after rotation depends only on m − n (and on q, k), and
// every row keeps its norm.
// Angles, their sine and cosine and the rotation are computed in double precision and each result
// is rounded once to float.
// Shapes: x n×D with H heads of Dh = D/H columns each (Dh even); positions: n finite numbers
// (negative and fractional allowed), default 0 .. n−1. Result n×D.
// Leaves out: NTK-aware and YaRN scaling, partial rotary (rotating only some columns), caching.
#pragma once

#include <vector>

#include "layout.hpp"
#include "matrix.hpp"
#include "sinusoidal.hpp"

namespace posenc {

struct RopeOptions {
    double base = 10000.0;
    Layout layout = Layout::interleaved;  // pairs (2i, 2i+1), or halves (i, i + Dh/2)
    double scale = 1.0;                   // linear position interpolation: angle = (pos / scale)·θ_i
};

// Checks width, heads and options: "width 10 is not divisible by 3 heads", "head width 3 must be
// even" ("width 5 must be even" with one head), "base 0 must be a finite number greater than 0",
// "scale NaN must be a finite number greater than 0". Returns Dh.
int check_rope(int width, int heads, const RopeOptions& opts);

// θ_i = base^(−2i/Dh) for i = 0 .. Dh/2 − 1, in double precision (geometric_frequencies, the
// sinusoid's formula with width Dh).
std::vector<double> rope_frequencies(int head_dim, double base);

// θ_i / scale for i = 0 .. Dh/2 − 1: the angle per position step of each pair, what a kernel that
// rotates at position m multiplies m by (the WebGPU kernel takes these from the core).
std::vector<double> rope_angle_steps(int head_dim, const RopeOptions& opts);

// Rows of x rotated at positions 0 .. n−1.
Matrix rope(const Matrix& x, int heads = 1, const RopeOptions& opts = {});

// Row r of x rotated at positions[r]; positions must have one finite value per row.
Matrix rope_at(const Matrix& x, const std::vector<double>& positions, int heads = 1, const RopeOptions& opts = {});

// q (L×D) rotated at the query positions i + (S − L) and k (S×D) at the key positions j, the
// alignment of attention.hpp; both attention kernels rotate through this once, up front.
struct RotatedQK {
    Matrix q, k;
};
RotatedQK rope_for_attention(const Matrix& q, const Matrix& k, int heads, const RopeOptions& opts);

}  // namespace posenc
