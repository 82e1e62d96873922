// learned.cpp (bindings): learned absolute position embeddings (cpp/learned.hpp) for web/posenc.js.
//
//   learnedPositions(table, positions) → { rows, cols, data }: row r is table[positions[r]]
//   table Lmax×D, positions n integers in [0, Lmax) → n×D. A position past the table's end is the
//   core's refusal, returned as an Error: "position id 7 is outside the table's 6 rows".
// Thin: converts, calls learned_positions_at, converts back. Leaves out: learned_positions(table,
// length), which is learnedPositions(table, [0 … length − 1]).
#include <emscripten/bind.h>

#include "convert.hpp"
#include "learned.hpp"

namespace posenc::wasm {
namespace {

val learned_positions_js(val table, val positions) {
    return guard([&] {
        return from_matrix(learned_positions_at(to_matrix(table, "table"), to_numbers(positions, "positions")));
    });
}

}  // namespace
}  // namespace posenc::wasm

EMSCRIPTEN_BINDINGS(posenc_learned) { emscripten::function("learnedPositions", &posenc::wasm::learned_positions_js); }
