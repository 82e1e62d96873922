// layout.cpp: see layout.hpp.
#include "layout.hpp"

#include "error.hpp"

namespace posenc {

Layout parse_layout(const std::string& name) {
    if (name == "interleaved") return Layout::interleaved;
    if (name == "halves") return Layout::halves;
    throw Error("layout '" + name + "' must be 'interleaved' or 'halves'");
}

const char* layout_name(Layout layout) { return layout == Layout::interleaved ? "interleaved" : "halves"; }

}  // namespace posenc
