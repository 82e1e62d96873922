// test_matrix_finite.cpp: the vectorised finiteness test (finite_values.hpp's all_finite) against its plain
// std::isfinite reference, for one non-finite value (NaN, +∞, −∞) at every position of arrays whose
// lengths cover the 16-wide loop, the 4-wide loop and the scalar tail; and the largest finite
// floats, denormals and −0, which are finite. Exact agreement (a yes/no answer, no tolerance).
#include <limits>
#include <vector>

#include "finite_values.hpp"
#include "helpers.hpp"

using namespace posenc;

TEST_CASE("the vectorised finiteness test agrees with std::isfinite for every position of a bad value", "[matrix]") {
    const float bad[] = {std::numeric_limits<float>::quiet_NaN(), std::numeric_limits<float>::infinity(),
                         -std::numeric_limits<float>::infinity()};
    for (std::size_t n : {0u, 1u, 3u, 4u, 5u, 15u, 16u, 17u, 21u, 35u, 64u}) {
        std::vector<float> x(n);
        for (std::size_t i = 0; i < n; ++i) x[i] = float(i) - 7.5f;
        REQUIRE(all_finite(x.data(), n));
        REQUIRE(all_finite_reference(x.data(), n));
        for (float b : bad)
            for (std::size_t i = 0; i < n; ++i) {
                std::vector<float> y = x;
                y[i] = b;
                INFO("n = " << n << ", bad value " << b << " at " << i);
                REQUIRE_FALSE(all_finite_reference(y.data(), n));
                REQUIRE_FALSE(all_finite(y.data(), n));
            }
    }
}

TEST_CASE("the largest floats, denormals and negative zero count as finite", "[matrix]") {
    const float m = std::numeric_limits<float>::max(), d = std::numeric_limits<float>::denorm_min();
    const std::vector<float> x = {m, -m, d, -d, -0.0f, 0.0f, 1e-40f, -3.4e38f, m, d, -0.0f, m, d, -m, 1.0f, 2.0f, m};
    REQUIRE(all_finite_reference(x.data(), x.size()));
    REQUIRE(all_finite(x.data(), x.size()));
}

TEST_CASE("require_finite_values names the first non-finite entry of a matrix", "[matrix][errors]") {
    Matrix a = Matrix::Zero(5, 7);
    a(3, 6) = std::numeric_limits<float>::infinity();
    a(4, 1) = std::numeric_limits<float>::quiet_NaN();
    REQUIRE_THROWS_WITH(require_finite_values(a, "q"), "q[3][6] is Infinity; every value must be finite");
}
