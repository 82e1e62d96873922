// test_linear_map.cpp: apply_linear (linear_map.hpp) against products worked out by hand and in
// Python (sum(m[i][c] * x[c] for c in ...)), and its shape rule.
#include "helpers.hpp"
#include "linear_map.hpp"

using namespace posenc;
using posenc::test::rows;

TEST_CASE("apply_linear maps every row x to M times x", "[linear]") {
    const Matrix m = rows({{1, 2, 0}, {0, -1, 3}});
    const Matrix x = rows({{1, 1, 1}, {2, 0, -1}, {0.5f, 0.25f, 4}});
    const Matrix y = apply_linear(m, x);
    REQUIRE(y.rows() == 3);
    REQUIRE(y.cols() == 2);
    // By hand: [1+2+0, 0-1+3], [2+0+0, 0-0-3], [0.5+0.5+0, 0-0.25+12]
    REQUIRE(y == rows({{3, 2}, {2, -3}, {1, 11.75f}}));
}

TEST_CASE("apply_linear with the 2-d rotation by 90 degrees turns [1, 0] into [0, 1]", "[linear]") {
    const Matrix y = apply_linear(rows({{0, -1}, {1, 0}}), rows({{1, 0}, {0, 1}}));
    REQUIRE(y == rows({{0, 1}, {-1, 0}}));
}

TEST_CASE("apply_linear names a width that does not match", "[linear][errors]") {
    REQUIRE_THROWS_WITH(apply_linear(rows({{1, 0}, {0, 1}}), rows({{1, 2, 3}})),
                        "M is 2×2 but x has 3 columns; M·x needs as many columns in M as each row of x has values");
    Matrix bad = rows({{1, 0}, {0, 1}});
    bad(1, 0) = NAN;
    REQUIRE_THROWS(apply_linear(bad, rows({{1, 2}})));
}
