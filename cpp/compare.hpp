// compare.hpp: how far apart two matrices of the same shape are, as the lessons show it (the
// sinusoid built two ways, a shift map against the true shift, RoPE before and after).
//
//   difference(A, B)[r][c] = A[r][c] − B[r][c]           (rounded once to float)
//   max_abs_difference(A, B) = max over r, c of |A[r][c] − B[r][c]|   (in double)
//
// Shapes: A and B both n×m; difference is n×m. Every value must be finite, and so must every
// difference (1e38 − (−1e38) overflows float32 and is refused by name).
// Leaves out: relative errors, norms other than the maximum.
#pragma once

#include "matrix.hpp"

namespace posenc {

// "A is 2×3 but B is 3×2; the difference needs the same shape"
Matrix difference(const Matrix& a, const Matrix& b);
double max_abs_difference(const Matrix& a, const Matrix& b);
// The same for per-head tensors (attention weights, biases), H×L×S each: head by head.
HeadTensor difference(const HeadTensor& a, const HeadTensor& b);
double max_abs_difference(const HeadTensor& a, const HeadTensor& b);

}  // namespace posenc
