// sinusoidal_exp_log.hpp: the sinusoidal encoding built as PyTorch builds it (the PositionalEncoding
// module of the PyTorch tutorial), in float32 step by step, shown beside the core's `sinusoidal`:
//
//   div_term = exp(arange(0, D, 2) · (−ln(base) / D))        (float32; −ln(base)/D rounded once)
//   pe[pos, 2i] = sin(pos · div_term[i]),  pe[pos, 2i+1] = cos(pos · div_term[i])
//
// Every intermediate (2i, the product, exp, pos·div_term, sin, cos) is rounded to float, as
// PyTorch's float32 tensors are. The frequencies are the same as sinusoidal.hpp's base^(−2i/D)
// mathematically; in float32 they differ in the last bits, and the angles pos·ω inherit that error
// growing with pos. Layout: interleaved only (as the tutorial writes it).
// Shapes: L×D, D even. Leaves out: the halves layout, batches, dropout.
#pragma once

#include "matrix.hpp"

namespace posenc {

Matrix exp_log_sinusoidal(int length, int dim, double base = 10000.0);

}  // namespace posenc
