// positions.hpp: the position lists the encodings walk, written once.
//
//   position_range(n, first) = first, first + 1, …, first + n − 1     (0 .. n−1 by default)
//   query_positions(L, S)    = i' = i + (S − L) for i = 0 .. L−1
//
// Attention aligns queries with keys bottom-right (attention.hpp): key j sits at position j and
// query i at i + (S − L), so the last query is the last key's position (a decoder with a cache).
// RoPE, ALiBi, Shaw et al. and the causal mask all use that alignment.
// Leaves out: the checks of the sizes (callers check n with their own names first).
#pragma once

#include <vector>

namespace posenc {

std::vector<double> position_range(int n, double first = 0.0);

inline std::vector<double> query_positions(int queries, int keys) {
    return position_range(queries, double(keys) - double(queries));
}

}  // namespace posenc
