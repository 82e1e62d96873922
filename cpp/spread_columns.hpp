// spread_columns.hpp: which columns of a D-wide sinusoidal encoding a line plot shows, so that it
// draws slow and fast waves rather than four neighbouring columns: the sine columns (even indices,
// the interleaved layout's sin(p·ω_i) at column 2i) nearest below 0, D/8, D/4 and D/2,
//
//   spread_columns(D) = sorted distinct { 0, 2⌊D/16⌋, 2⌊D/8⌋, 2⌊D/4⌋ } ∩ [0, D)
//
// e.g. D = 128 → 0, 16, 32, 64;  D = 8 → 0, 2, 4;  D = 1 or 2 → 0.
// Leaves out: the halves layout (its sines are the first D/2 columns; a lesson picks those itself).
#pragma once

#include <vector>

namespace posenc {

// width D ≥ 1 (require_size: "width 0 must be a finite positive integer"), and a width whose
// encoding could exist: one 1×D row within the 256 MiB result limit, D ≤ 2²⁶ (require_result_fits:
// "a 1×536870912 encoding row needs 2147483648 bytes, over the limit of …").
std::vector<int> spread_columns(double width);

}  // namespace posenc
