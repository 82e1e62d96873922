// finite_values.hpp: whether a run of floats holds any NaN or ±∞, the test behind
// require_finite_values (matrix.hpp), which runs over every input of a call (O(L·D), a fixed cost
// beside attention's O(L²·D)).
//
//   all_finite(x, n) = ∧_i isfinite(x_i);   a float is finite exactly when its 8 exponent bits
//                                           are not all ones
//
// all_finite tests the exponent bits of four floats at a time (simd128.hpp; SSE natively, SIMD128
// in WebAssembly); all_finite_reference is the plain std::isfinite loop it is tested against
// (tests/cpp/test_matrix_finite.cpp, exact agreement). Leaves out: locating the bad value
// (require_finite_values does that with the plain loop, once it knows there is one).
#pragma once

#include <cstddef>

namespace posenc {

bool all_finite(const float* values, std::size_t n);
bool all_finite_reference(const float* values, std::size_t n);

}  // namespace posenc
