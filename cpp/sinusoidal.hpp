// sinusoidal.hpp: the fixed sinusoidal position encoding of "Attention Is All You Need" (§3.5).
//
//   ω_i = base^(−2i/D),  i = 0 .. D/2 − 1                          (base = 10000 in the paper)
//   interleaved:  PE(pos, 2i) = sin(pos·ω_i),   PE(pos, 2i+1)   = cos(pos·ω_i)
//   halves:       PE(pos, i)  = sin(pos·ω_i),   PE(pos, i + D/2) = cos(pos·ω_i)
//
// The wavelengths 2π/ω_i form a geometric progression from 2π to base·2π (as D grows).
// Angles are computed in double precision and rounded once to float, so every value is the
// float nearest the exact sinusoid. (PyTorch's exp(−ln(base)·2i/D) construction in float32 can
// differ in the last bits; the `sinusoidal` lesson shows both.)
// `pos` may be any finite real: negative and fractional positions are allowed (003's RPE applies
// the same formula to signed differences).
// Leaves out: tensor2tensor's variant, whose frequencies are base^(−i/(D/2 − 1)).
#pragma once

#include <vector>

#include "layout.hpp"
#include "matrix.hpp"

namespace posenc {

struct SinusoidalOptions {
    double base = 10000.0;
    Layout layout = Layout::interleaved;
};

// PE at positions 0 .. L−1: an L×D matrix. D must be even.
Matrix sinusoidal(int length, int dim, const SinusoidalOptions& opts = {});

// PE at arbitrary finite positions: an n×D matrix, row r for positions[r].
Matrix sinusoidal_at(const std::vector<double>& positions, int dim, const SinusoidalOptions& opts = {});

// ω_i = base^(−2i/D) for i = 0 .. D/2 − 1, in double precision.
std::vector<double> sinusoidal_frequencies(int dim, double base);

// The one frequency formula of the sinusoid and of RoPE (rope_frequencies with width Dh):
// base^(−2i/width) for i = 0 .. width/2 − 1. Unchecked: callers check width and base by name.
std::vector<double> geometric_frequencies(int width, double base);

}  // namespace posenc
