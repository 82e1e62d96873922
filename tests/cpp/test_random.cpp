// test_random.cpp: the seeded generator against pcg-c's published demo output (pcg32-demo, seed 42,
// stream 54) and against a Python re-implementation of random.hpp's algorithms (PCG32, 53-bit
// uniforms, polar normals with math.log; and, for the bit-for-bit check, the same atanh series).
// The same expected numbers hold natively and in WebAssembly: that is the point.
#include <cmath>
#include <cstdint>
#include <cstring>
#include <set>
#include <vector>

#include "helpers.hpp"
#include "random.hpp"

using namespace posenc;

TEST_CASE("pcg32 with seed 42 and stream 54 gives pcg-c's published demo numbers", "[random]") {
    Pcg32 rng(42, 54);
    const std::uint32_t want[] = {0xa15c02b7u, 0x7b47f409u, 0xba1d3330u, 0x83d2f293u, 0xbfa4784bu, 0xcbed606eu};
    for (std::uint32_t w : want) REQUIRE(rng.next() == w);
}

TEST_CASE("uniform doubles take 53 bits from two outputs, as the Python model does", "[random]") {
    Pcg32 rng(0);
    const double want[] = {0.2803122753265841, 0.4892241428740438, 0.6123542393923406, 0.34110672967546707};
    for (double w : want) REQUIRE(rng.uniform() == w);  // exact: integer arithmetic and one scaling
}

TEST_CASE("normal matrices match the polar method computed in Python with math.log", "[random]") {
    RandomOptions o;
    o.seed = 7;
    const Matrix m = random_matrix(2, 3, o);
    const float want[] = {0.27019307017326355f, -0.7619497776031494f, 0.5891056656837463f,
                          0.830130934715271f,   0.08774250000715256f, -0.7561621069908142f};
    for (int i = 0; i < 6; ++i) REQUIRE(m.data()[i] == Approx(want[i]).epsilon(1e-6));
    o.distribution = Distribution::uniform;
    o.scale = 0.5;
    const Matrix u = random_matrix(3, 2, o);
    const float want_u[] = {0.14191780984401703f, -0.40021103620529175f, 0.22333110868930817f,
                            0.3147042691707611f,  0.04985911771655083f,  -0.4296843111515045f};
    for (int i = 0; i < 6; ++i) REQUIRE(u.data()[i] == want_u[i]);
}

TEST_CASE("a thousand normals are bit-identical to the Python re-implementation (FNV-1a of the floats)", "[random]") {
    RandomOptions o;
    o.seed = 123;
    const Matrix m = random_matrix(100, 10, o);
    std::uint32_t hash = 2166136261u;
    for (Eigen::Index i = 0; i < m.size(); ++i) {
        std::uint32_t bits;
        std::memcpy(&bits, m.data() + i, 4);
        for (int b = 0; b < 4; ++b) hash = (hash ^ ((bits >> (8 * b)) & 0xffu)) * 16777619u;
    }
    REQUIRE(hash == 2630783755u);
}

TEST_CASE("portable_log agrees with the platform log to a few ulp", "[random]") {
    for (double x : {1e-300, 1e-10, 0.001, 0.1, 0.5, 0.7071, 0.75, 0.999999, 1.0, 2.0, 10.0, 1e10})
        REQUIRE(portable_log(x) == Approx(std::log(x)).epsilon(1e-15).margin(1e-300));
}

TEST_CASE("normal samples have mean near 0 and variance near 1", "[random]") {
    const Matrix m = random_matrix(200, 100);
    const double mean = m.cast<double>().mean();
    const double var = (m.cast<double>().array() - mean).square().mean();
    REQUIRE(std::fabs(mean) < 0.02);  // 4 standard errors of 1/√20000
    REQUIRE(std::fabs(var - 1.0) < 0.04);
}

TEST_CASE("the same seed gives the same matrix and another seed another one", "[random]") {
    RandomOptions a, b;
    a.seed = b.seed = 9;
    REQUIRE(random_matrix(4, 4, a) == random_matrix(4, 4, b));
    b.seed = 10;
    REQUIRE(random_matrix(4, 4, a) != random_matrix(4, 4, b));
    a.seed = 9007199254740991.0;  // 2^53 − 1, the largest seed a JS number holds exactly
    REQUIRE(random_matrix(1, 1, a).allFinite());
}

TEST_CASE("random permutations are Fisher-Yates with pcg32's bounded draws", "[random]") {
    REQUIRE(random_permutation(10, 5) == std::vector<int>{4, 5, 6, 2, 7, 8, 9, 1, 0, 3});  // Python model
    const std::vector<int> p = random_permutation(1000, 1);
    REQUIRE(std::set<int>(p.begin(), p.end()).size() == 1000);
    REQUIRE(random_permutation(1) == std::vector<int>{0});
}

TEST_CASE("random refuses bad seeds, sizes, scales and distributions", "[random][errors]") {
    RandomOptions o;
    o.seed = -1;
    REQUIRE_THROWS_WITH(random_matrix(2, 2, o), "seed -1 must be an integer from 0 to 9007199254740991");
    o.seed = 1.5;
    REQUIRE_THROWS_WITH(random_matrix(2, 2, o), "seed 1.5 must be an integer from 0 to 9007199254740991");
    o.seed = 9007199254740992.0;
    REQUIRE_THROWS_WITH(random_matrix(2, 2, o), "seed 9007199254740992 must be an integer from 0 to 9007199254740991");
    o = RandomOptions{};
    o.scale = -2;
    REQUIRE_THROWS_WITH(random_matrix(2, 2, o), "scale -2 must be at least 0");
    o.scale = INFINITY;
    REQUIRE_THROWS_WITH(random_matrix(2, 2, o), "scale Infinity must be a finite number");
    REQUIRE_THROWS_WITH(random_matrix(0, 2), "rows 0 must be a finite positive integer");
    REQUIRE_THROWS_WITH(random_matrix(2, -3), "cols -3 must be a finite positive integer");
    REQUIRE_THROWS_WITH(parse_distribution("gauss"), "distribution 'gauss' must be 'normal' or 'uniform'");
    REQUIRE_THROWS_WITH(random_permutation(0), "length 0 must be a finite positive integer");
}
