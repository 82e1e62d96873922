// layout.hpp: which columns form the (sin, cos) or rotation pairs, the convention real
// implementations disagree on.
//
//   interleaved: pair i is columns (2i, 2i+1)   the paper, the PyTorch tutorial, RoFormer, Meta's Llama
//   halves:      pair i is columns (i, i + D/2)  the TensorFlow tutorial, GPT-NeoX, HF rotate_half
//
// Leaves out: tensor2tensor's slightly different frequency spacing (a different formula, not a
// different layout).
#pragma once

#include <string>

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

}  // namespace posenc
