// linear_map.cpp (bindings): applyLinear(M, x) → { rows, cols, data }, row r = M·x[r]
// (cpp/linear_map.hpp). Thin: converts, calls apply_linear, converts back.
#include <emscripten/bind.h>

#include "convert.hpp"
#include "linear_map.hpp"

namespace posenc::wasm {
namespace {

val apply_linear_js(val m, val x) {
    return guard([&] { return from_matrix(apply_linear(to_matrix(m, "M"), to_matrix(x, "x"))); });
}

}  // namespace
}  // namespace posenc::wasm

EMSCRIPTEN_BINDINGS(posenc_linear_map) { emscripten::function("applyLinear", &posenc::wasm::apply_linear_js); }
