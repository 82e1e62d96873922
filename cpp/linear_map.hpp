// linear_map.hpp: a matrix applied to every row of another, as the papers write a linear map of
// one vector: y = M·x (x a column vector). The lessons use it to check M_k·PE(pos) = PE(pos + k)
// (analysis_shift.hpp) for many positions at once.
//
//   Y[r] = M·X[r]  for every row r,  i.e.  Y = X·Mᵀ
// Shapes: M D'×D, X n×D → Y n×D'. Products are accumulated in double and rounded once to float.
// Leaves out: batching, heads and any fast path (the sizes in the lessons are small).
#pragma once

#include "matrix.hpp"

namespace posenc {

// "M is 8×8 but x has 6 columns; M·x needs as many columns in M as each row of x has values"
Matrix apply_linear(const Matrix& m, const Matrix& x);

}  // namespace posenc
