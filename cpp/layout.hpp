// layout.hpp: which columns form the (sin, cos) or rotation pairs, the convention real
// implementations disagree on.
//
//   interleaved: pair i is columns (2i, 2i+1)   the paper, the PyTorch tutorial, RoFormer, Meta's Llama
//   halves:      pair i is columns (i, i + D/2)  the TensorFlow tutorial, GPT-NeoX, HF rotate_half
//
// pair(M, i) selects pair i's two columns of every row (n×D → n×2); regroup(M, from, to) puts
// the same pairs in the other layout's column order (n×D → n×D): regroup of a halves-layout PE is
// the interleaved PE.
// Leaves out: tensor2tensor's slightly different frequency spacing (a different formula, not a
// different layout).
#pragma once

#include <string>
#include <vector>

#include "matrix.hpp"

namespace posenc {

enum class Layout { interleaved, halves };

// "interleaved" or "halves"; anything else: "layout 'x' must be 'interleaved' or 'halves'".
Layout parse_layout(const std::string& name);
const char* layout_name(Layout layout);

// Columns of pair i in a width-D vector.
inline int pair_first(Layout layout, int i, int /*width*/) { return layout == Layout::interleaved ? 2 * i : i; }
inline int pair_second(Layout layout, int i, int width) {
    return layout == Layout::interleaved ? 2 * i + 1 : i + width / 2;
}

// Pair i of every row of m (n×D, D even, 0 ≤ i < D/2): the n×2 matrix of its columns
// (pair_first, pair_second). "pair 4 is outside 0 … 3 (width 8 has 4 pairs)".
Matrix pair(const Matrix& m, int i, Layout layout);

// Source column of each target column when pairs move from `from`'s order to `to`'s (D values).
std::vector<int> regroup_columns(int width, Layout from, Layout to);
// m (n×D, D even) with its columns in `to`'s order: out[:, c] = m[:, regroup_columns(D, from, to)[c]].
Matrix regroup(const Matrix& m, Layout from, Layout to);

}  // namespace posenc
