// analysis_shift.hpp: the two facts of "Attention Is All You Need" §3.5 that document 002 quotes,
// as numbers: the wavelengths of the sinusoidal encoding (sinusoidal.hpp) form a geometric
// progression, and PE(pos + k) is a linear function of PE(pos).
//
//   wavelength_i = 2π / ω_i = 2π·base^(2i/D),  i = 0 .. D/2 − 1    (from 2π towards base·2π)
//   M_k: for every pair i (columns s = sin, c = cos of the layout) the 2×2 block
//        [ cos kω_i   sin kω_i ]      so that  M_k·PE(pos) = PE(pos + k)  for every pos
//        [ −sin kω_i  cos kω_i ]      (sin(a + b) = sin a cos b + cos a sin b, likewise cos)
// M_k depends on k only, not on pos: that is the linear function. It is a rotation (orthogonal).
// Shapes: wavelengths D/2 doubles; M_k D×D (acting on PE as a column vector).
// Leaves out: the analogous statement for RoPE (rope.hpp's rotation is the same block).
#pragma once

#include <vector>

#include "matrix.hpp"
#include "sinusoidal.hpp"

namespace posenc {

// 2π·base^(2i/D) for i = 0 .. D/2 − 1; D even.
std::vector<double> wavelengths(int dim, double base = 10000.0);

// The D×D matrix M_k with M_k·PE(pos) = PE(pos + offset); offset any finite number.
Matrix shift_matrix(int dim, double offset, const SinusoidalOptions& opts = {});

}  // namespace posenc
