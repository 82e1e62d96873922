// analysis_dot.hpp: dot products that answer document 002's question "does adding harm?".
//
//   position_similarity:  S[i][j] = PE(i)·PE(j) = Σ_k cos((i − j)·ω_k)   (sinusoidal.hpp)
//       depends on i − j only (and is symmetric): the sinusoids carry relative distance.
//   dot_terms: with X = E + P, the attention logit of two tokens expands into four terms,
//       (E_i + P_i)·(E_j + P_j) = E_i·E_j + E_i·P_j + P_i·E_j + P_i·P_j
//       token–token, token–position, position–token, position–position; total is their sum.
// Products are accumulated in double precision and rounded once to float.
// Shapes: position_similarity L×L; dot_terms: E, P L×D → five L×L matrices.
// Leaves out: the projections W_Q, W_K a real model applies before the dot product.
#pragma once

#include "matrix.hpp"
#include "sinusoidal.hpp"

namespace posenc {

Matrix position_similarity(int length, int dim, const SinusoidalOptions& opts = {});

struct DotTerms {
    Matrix token_token, token_position, position_token, position_position, total;
};

// E and P must have the same shape.
DotTerms dot_terms(const Matrix& tokens, const Matrix& positions);

}  // namespace posenc
