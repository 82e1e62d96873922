// bindings_cosine.cpp: the Embind surface of analysis_cosine.hpp (row cosine similarity and its
// means by offset), used only through web/api/posenc.js. No logic lives here.
#include <emscripten/bind.h>

#include "analysis_cosine.hpp"
#include "convert.hpp"

namespace posenc::wasm {
namespace {

val cosine_similarity_js(val m) {
    return guard([&] { return from_matrix(row_cosine_similarity(to_matrix(m, "matrix"))); });
}

val mean_by_offset_js(val s) {
    return guard([&] { return from_matrix(mean_by_offset(to_matrix(s, "similarity"))); });
}

}  // namespace

EMSCRIPTEN_BINDINGS(posenc_cosine) {
    emscripten::function("cosineSimilarity", &cosine_similarity_js);
    emscripten::function("meanByOffset", &mean_by_offset_js);
}

}  // namespace posenc::wasm
