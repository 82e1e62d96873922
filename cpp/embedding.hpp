// embedding.hpp: token embedding lookup and the element-wise sum X = E + P.
//
//   lookup:  X[r] = table[ids[r]]            table: V×D, ids: n integers in [0, V)  → n×D
//   add:     X = E + P                       E, P: L×D                               → L×D
//
// The sum keeps the width: D in, D out (000's point). Learned absolute position embeddings
// (BERT, GPT-2) are the same lookup with positions as ids: see learned.hpp.
// Leaves out: training the tables, scaling E by sqrt(D) (some models do; the documents do not).
#pragma once

#include <string>
#include <vector>

#include "matrix.hpp"

namespace posenc {

// Rows of `table` (V×D) picked by `ids`. Each id must be an integer in [0, V):
// "id 7 is outside the table's 6 rows". `noun` names the ids in messages ("id", "position id").
Matrix embedding_lookup(const Matrix& table, const std::vector<double>& ids, const std::string& noun = "id");

// Element-wise a + b of two matrices of equal shape (L×D each).
Matrix add_embeddings(const Matrix& a, const Matrix& b);

}  // namespace posenc
