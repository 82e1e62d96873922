// analysis_cosine.hpp: how alike the rows of a matrix are, the picture behind "what a learned
// position table learns" (Wang & Chen 2020 read trained BERT and GPT-2 tables this way).
//
//   row_cosine_similarity:  S[i][j] = (M_i · M_j) / (‖M_i‖ ‖M_j‖)        M: L×D  →  S: L×L
//   mean_by_offset:         m[d] = (1 / (L − d)) Σ_{i=0}^{L−1−d} S[i][i+d],  d = 0 … L−1  (1×L)
// A band along the diagonal (m[1] well above m[d] for large d) means neighbouring positions have
// similar vectors: local position information. Sums are accumulated in double precision and
// rounded once to float.
// Refuses (posenc::Error) a row of norm 0 ("row 3 has norm 0: its cosine similarity is
// undefined"), a non-finite value, a non-square S for mean_by_offset, and an L×L result over the
// size limit, before allocating the result.
// Leaves out: centring the rows first (the papers compare raw rows), other distances.
#pragma once

#include "matrix.hpp"

namespace posenc {

Matrix row_cosine_similarity(const Matrix& m);
Matrix mean_by_offset(const Matrix& s);

}  // namespace posenc
