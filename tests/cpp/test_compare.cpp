// test_compare.cpp: difference and max_abs_difference (compare.hpp) against hand-worked values.
#include "compare.hpp"
#include "helpers.hpp"

using namespace posenc;
using posenc::test::rows;

TEST_CASE("the difference of two matrices is taken value by value", "[compare]") {
    const Matrix a = rows({{1.5f, 2.0f}, {-1.0f, 0.25f}}), b = rows({{0.5f, 3.0f}, {-1.0f, 1.0f}});
    const Matrix d = difference(a, b);
    REQUIRE(d == rows({{1.0f, -1.0f}, {0.0f, -0.75f}}));
    REQUIRE(max_abs_difference(a, b) == 1.0);
    REQUIRE(max_abs_difference(a, a) == 0.0);
}

TEST_CASE("the largest difference is measured in double, not rounded to float", "[compare]") {
    // 1 − (1 − 2⁻²⁴) is 2⁻²⁴ exactly; with float32 inputs near 1e8 the gap is still exact in double.
    const Matrix a = rows({{1e8f}}), b = rows({{1e8f - 8.0f}});
    REQUIRE(max_abs_difference(a, b) == 8.0);
}

TEST_CASE("comparing refuses different shapes, non-finite values and overflowing differences", "[compare][errors]") {
    REQUIRE_THROWS_WITH(difference(Matrix::Zero(2, 3), Matrix::Zero(3, 2)),
                        "A is 2×3 but B is 3×2; the difference needs the same shape");
    REQUIRE_THROWS_WITH(max_abs_difference(rows({{NAN}}), rows({{0.0f}})), "A[0][0] is NaN; every value must be finite");
    REQUIRE_THROWS_WITH(difference(rows({{3e38f}}), rows({{-3e38f}})),
                        Catch::StartsWith("A[0][0] − B[0][0] = 6") && Catch::EndsWith("overflows float32"));
}

TEST_CASE("per-head tensors are compared head by head", "[compare]") {
    HeadTensor a(2, 1, 2), b(2, 1, 2);
    a.data = {1, 2, 3, 4};
    b.data = {1, 2, 3, 1.5f};
    REQUIRE(max_abs_difference(a, b) == 2.5);
    REQUIRE(difference(a, b).data == std::vector<float>{0, 0, 0, 2.5f});
    REQUIRE_THROWS_WITH(max_abs_difference(a, HeadTensor(1, 1, 2)),
                        "A is 2×1×2 but B is 1×1×2; the difference needs the same shape");
}
