// analysis_readback.hpp: can the position be read back from X = E + P? (document 002's question
// "can the added values be extracted, or are they processed mixed?", measured.)
//
//   read_positions:  for each row x of X, the candidate position p in 0 .. N−1 whose sinusoid is
//                    nearest: argmin_p ‖x − PE(p)‖²  (ties: the smaller p).
//   readback_rate:   E = random_matrix(L, D, {seed + t, scale, distribution}) for trials t = 0 .. T−1,
//                    X = E + PE(0 .. L−1), the fraction of the L·T rows read back at their own
//                    position among N = L candidates.
//   readback_sweep:  readback_rate for every width in `dims` (rows) and scale in `scales` (columns),
//                    each cell with the same seeds.
// With scale 0 every position is read back; as the scale of E grows relative to ‖PE‖ = √(D/2),
// reading fails more often, and a wider D makes it succeed more often at the same scale.
// Distances are accumulated in double precision.
// Shapes: X n×D → n integers; sweep |dims|×|scales|.
// Leaves out: learned read-out (a linear probe), which is what Wang & Chen measure.
#pragma once

#include <vector>

#include "matrix.hpp"
#include "random.hpp"
#include "sinusoidal.hpp"

namespace posenc {

std::vector<int> read_positions(const Matrix& x, int candidates, const SinusoidalOptions& opts = {});

struct ReadbackOptions {
    double scale = 1.0;  // of E: normal(0, scale²) or uniform in [−scale, scale)
    double seed = 0;
    double trials = 1;
    Distribution distribution = Distribution::normal;
    SinusoidalOptions sinusoidal{};
};

double readback_rate(int length, int dim, const ReadbackOptions& opts = {});

Matrix readback_sweep(int length, const std::vector<double>& dims, const std::vector<double>& scales,
                      const ReadbackOptions& opts = {});

}  // namespace posenc
