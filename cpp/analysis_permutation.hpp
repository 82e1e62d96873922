// analysis_permutation.hpp: the permutation experiment of document 001. Self-attention without
// position information is permutation-equivariant: shuffling the input rows shuffles the output
// rows the same way and changes nothing else. Adding positions (P, after the shuffle: the tokens
// move, the positions stay) breaks that.
//
//   π(X)[r] = X[π[r]]
//   original = attention(X + P, X + P, X + P)      (P = 0 when no positions are given)
//   permuted = attention(π(X) + P, π(X) + P, π(X) + P)
//   expected = π(original)
//   max_difference = max |permuted − expected|  (float rounding only, ~1e-7, without positions)
// Shapes: X, P L×D; π a permutation of 0 .. L−1; every result L×D.
// Leaves out: causal masks and RoPE/ALiBi in the experiment (the lesson shows them with attention()).
#pragma once

#include <vector>

#include "matrix.hpp"

namespace posenc {

// π(X); π must hold each of 0 .. L−1 once: "permutation has 3 values but x has 4 rows",
// "permutation value 5 is outside 0..3", "permutation holds 2 twice".
Matrix permute_rows(const Matrix& x, const std::vector<double>& permutation);

struct PermutationResult {
    Matrix original, permuted, expected;
    double max_difference = 0;
};

PermutationResult permutation_experiment(const Matrix& x, const std::vector<double>& permutation, int heads = 1,
                                         const Matrix* positions = nullptr);

}  // namespace posenc
