// helpers.hpp: small conveniences shared by the Catch2 tests.
#pragma once

#include <catch.hpp>
#include <cmath>
#include <initializer_list>
#include <random>
#include <string>
#include <vector>

#include "matrix.hpp"

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

}  // namespace posenc::test
