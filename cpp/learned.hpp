// learned.hpp: learned absolute position embeddings (BERT, GPT-2): one trained row per position.
//
//   P[r] = table[positions[r]]        table: Lmax×D (one row per supported position)  → n×D
//
// The table has a fixed number of rows, so a learned model has a hard maximum input length:
// position Lmax has no row, and the lookup is refused ("position id 7 is outside the table's
// 6 rows"). That refusal is the lesson, not a bug.
// Leaves out: how the rows are trained; the lessons use seeded random or hand-typed tables.
#pragma once

#include <vector>

#include "embedding.hpp"

namespace posenc {

// Rows 0..length-1 of the table (positions of a sequence of `length` tokens).
Matrix learned_positions(const Matrix& table, int length);

// Rows at arbitrary positions (each an integer in [0, Lmax)).
Matrix learned_positions_at(const Matrix& table, const std::vector<double>& positions);

}  // namespace posenc
