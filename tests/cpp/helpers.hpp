// helpers.hpp: small conveniences shared by the Catch2 tests.
#pragma once

#include <catch.hpp>
#include <cmath>
#include <initializer_list>
#include <random>
#include <string>
#include <vector>

#include "matrix.hpp"
#include "transformer.hpp"

namespace posenc::test {

// A matrix typed row by row, as the documents print them.
inline Matrix rows(std::initializer_list<std::initializer_list<float>> values) {
    Matrix m(Eigen::Index(values.size()), Eigen::Index(values.begin()->size()));
    Eigen::Index i = 0;
    for (auto row : values) {
        Eigen::Index j = 0;
        for (float x : row) m(i, j++) = x;
        ++i;
    }
    return m;
}

// A rows × cols matrix of values drawn uniformly from [−amplitude, amplitude) (random test inputs;
// the seeded generator of random.hpp is what the lessons use).
inline Matrix uniform_matrix(std::mt19937& rng, int rows, int cols, float amplitude = 1.0f) {
    std::uniform_real_distribution<float> u(-amplitude, amplitude);
    Matrix m(rows, cols);
    for (Eigen::Index i = 0; i < m.size(); ++i) m.data()[i] = u(rng);
    return m;
}

// Rounds to `digits` decimals the way a document prints a value (0.30000001 → 0.3).
inline double printed(double x, int digits) {
    const double scale = std::pow(10.0, digits);
    return std::round(x * scale) / scale;
}

// Every entry of `row` of `m` equals `expected` when rounded as the document prints it.
inline void require_printed_row(const Matrix& m, Eigen::Index row, std::initializer_list<double> expected,
                                int digits) {
    REQUIRE(m.cols() == Eigen::Index(expected.size()));
    Eigen::Index j = 0;
    for (double e : expected) {
        INFO("row " << row << ", column " << j);
        REQUIRE(printed(m(row, j), digits) == Approx(e).margin(1e-12));
        REQUIRE(m(row, j) == Approx(e).margin(0.5 * std::pow(10.0, -digits) + 1e-6));
        ++j;
    }
}

// A small transformer configuration for the model tests: the sizes given, every scheme's options
// fixed (t5: 8 buckets up to distance 16; shaw: k = 2), the learned table max_length rows (other
// schemes: 0). combine = concat with Dp = position_width when position_width > 0.
struct TinySizes {
    int vocab, width, heads, layers, mlp_width, max_length;
    double seed;
};
inline TransformerConfig tiny_config(PositionScheme scheme, bool causal, const TinySizes& s,
                                     int position_width = 0) {
    TransformerConfig c;
    c.vocab = s.vocab;
    c.width = s.width;
    c.heads = s.heads;
    c.layers = s.layers;
    c.mlp_width = s.mlp_width;
    c.max_length = scheme == PositionScheme::Learned ? s.max_length : 0;
    c.position = scheme;
    if (position_width > 0) {
        c.combine = PositionCombine::Concat;
        c.position_width = position_width;
    }
    c.causal = causal;
    c.t5.num_buckets = 8;
    c.t5.max_distance = 16;
    c.shaw_max_distance = 2;
    c.seed = s.seed;
    return c;
}

}  // namespace posenc::test
