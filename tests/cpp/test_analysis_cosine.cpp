// test_analysis_cosine.cpp: cosine similarity of rows and its means by offset, against a plain
// double-precision loop written here and against values worked by hand.
#include <cmath>
#include <random>

#include "analysis_cosine.hpp"
#include "error.hpp"
#include "helpers.hpp"

using namespace posenc;
using posenc::test::rows;

TEST_CASE("the cosine of (1, 0) with (0, 1) is 0 and with (1, 1) is one over root 2", "[analysis][cosine]") {
    const Matrix s = row_cosine_similarity(rows({{1, 0}, {0, 1}, {1, 1}, {-2, 0}}));
    CHECK(s(0, 0) == Approx(1.0f));
    CHECK(s(0, 1) == Approx(0.0f).margin(1e-7));
    CHECK(s(0, 2) == Approx(1.0 / std::sqrt(2.0)).epsilon(1e-6));
    CHECK(s(2, 1) == Approx(1.0 / std::sqrt(2.0)).epsilon(1e-6));
    CHECK(s(0, 3) == Approx(-1.0f));  // a row and its negative (scaled) point opposite ways
}

TEST_CASE("row cosine similarity matches a plain double loop on random rows within 1e-6", "[analysis][cosine]") {
    std::mt19937 rng(7);
    const Matrix m = posenc::test::uniform_matrix(rng, 9, 5);
    const Matrix s = row_cosine_similarity(m);
    for (int i = 0; i < 9; ++i) {
        for (int j = 0; j < 9; ++j) {
            double dot = 0, ni = 0, nj = 0;
            for (int k = 0; k < 5; ++k) { dot += double(m(i, k)) * m(j, k); ni += double(m(i, k)) * m(i, k); nj += double(m(j, k)) * m(j, k); }
            CHECK(s(i, j) == Approx(dot / std::sqrt(ni * nj)).margin(1e-6));
        }
    }
}

TEST_CASE("the mean by offset averages each diagonal: 1 on the main one, the band's values beside it", "[analysis][cosine]") {
    const Matrix m = mean_by_offset(rows({{1, 0.5f, 0}, {0.5f, 1, 0.25f}, {0, 0.25f, 1}}));
    REQUIRE(m.rows() == 1);
    REQUIRE(m.cols() == 3);
    CHECK(m(0, 0) == Approx(1.0f));
    CHECK(m(0, 1) == Approx(0.375f));  // (0.5 + 0.25) / 2
    CHECK(m(0, 2) == Approx(0.0f).margin(1e-7));
}

TEST_CASE("a zero row, a non-finite value and a non-square matrix are refused with the reason", "[analysis][cosine]") {
    CHECK_THROWS_WITH(row_cosine_similarity(rows({{1, 2}, {0, 0}})), "row 1 has norm 0: its cosine similarity is undefined");
    CHECK_THROWS_WITH(row_cosine_similarity(rows({{1, NAN}})), Catch::Contains("value [0][1] is NaN"));
    CHECK_THROWS_WITH(mean_by_offset(rows({{1, 2, 3}, {4, 5, 6}})), "mean_by_offset needs a square matrix, not 2×3");
}
