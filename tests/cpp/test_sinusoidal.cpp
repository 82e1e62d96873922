// test_sinusoidal.cpp: sinusoidal position encodings against values computed independently
// (Python's math module, double precision, from the paper's formula), in both layouts.
#include <cmath>

#include "helpers.hpp"
#include "rope.hpp"
#include "sinusoidal.hpp"
#include "sinusoidal_exp_log.hpp"

using namespace posenc;

namespace {
// sin/cos of position 1 at D = 512 for pair indices i: math.sin(10000 ** (-2 * i / 512)) etc.
struct Pair { int i; double s, c; };
const Pair kPos1D512[] = {
    {0, 0.8414709848078965, 0.5403023058681398},     {1, 0.8218561900175317, 0.5696950086931312},
    {2, 0.8019617952147853, 0.5973753250812079},     {10, 0.642556912358053, 0.7662379619810581},
    {100, 0.027380773929257772, 0.9996250763256367}, {255, 0.00010366329265810749, 0.9999999946269609},
};
constexpr float kFloatTol = 1e-6f;  // float32 rounding of values in [-1, 1]
}  // namespace

TEST_CASE("position 0 is sin 0 = 0 and cos 0 = 1 in every pair", "[sinusoidal]") {
    for (Layout layout : {Layout::interleaved, Layout::halves}) {
        const Matrix pe = sinusoidal(1, 8, {10000.0, layout});
        for (int i = 0; i < 4; ++i) {
            REQUIRE(pe(0, pair_first(layout, i, 8)) == 0.0f);
            REQUIRE(pe(0, pair_second(layout, i, 8)) == 1.0f);
        }
    }
}

TEST_CASE("position 1 of d = 512 matches sin and cos of 10000^(-2i/512), interleaved", "[sinusoidal]") {
    const Matrix pe = sinusoidal(2, 512);
    for (const Pair& p : kPos1D512) {
        INFO("pair " << p.i);
        REQUIRE(pe(1, 2 * p.i) == Approx(p.s).margin(kFloatTol));
        REQUIRE(pe(1, 2 * p.i + 1) == Approx(p.c).margin(kFloatTol));
    }
}

TEST_CASE("position 1 of d = 512 matches the same values in halves, sines first", "[sinusoidal]") {
    const Matrix pe = sinusoidal(2, 512, {10000.0, Layout::halves});
    for (const Pair& p : kPos1D512) {
        INFO("pair " << p.i);
        REQUIRE(pe(1, p.i) == Approx(p.s).margin(kFloatTol));
        REQUIRE(pe(1, p.i + 256) == Approx(p.c).margin(kFloatTol));
    }
}

TEST_CASE("the two layouts hold the same numbers in different columns", "[sinusoidal]") {
    const Matrix a = sinusoidal(20, 16, {10000.0, Layout::interleaved});
    const Matrix b = sinusoidal(20, 16, {10000.0, Layout::halves});
    for (int i = 0; i < 8; ++i) {
        REQUIRE(a.col(2 * i) == b.col(i));
        REQUIRE(a.col(2 * i + 1) == b.col(i + 8));
    }
}

TEST_CASE("with d = 2 the encoding is [sin pos, cos pos], unlike 004's assumed P", "[sinusoidal][doc004]") {
    const Matrix pe = sinusoidal(6, 2);
    posenc::test::require_printed_row(pe, 0, {0.0, 1.0}, 3);
    posenc::test::require_printed_row(pe, 1, {0.841, 0.540}, 3);
    posenc::test::require_printed_row(pe, 2, {0.909, -0.416}, 3);
    posenc::test::require_printed_row(pe, 3, {0.141, -0.990}, 3);
    posenc::test::require_printed_row(pe, 4, {-0.757, -0.654}, 3);
    posenc::test::require_printed_row(pe, 5, {-0.959, 0.284}, 3);
}

TEST_CASE("arbitrary positions, negative and fractional, and another base", "[sinusoidal]") {
    // math.sin(7 * 10000 ** (-2 * i / 4)) ... and math.sin(-3.5 * 100 ** (-2 * i / 6)) ...
    const Matrix a = sinusoidal_at({7}, 4);
    const double a_expected[] = {0.6569865987187891, 0.7539022543433046, 0.06994284733753277, 0.9975510002532796};
    for (int j = 0; j < 4; ++j) REQUIRE(a(0, j) == Approx(a_expected[j]).margin(kFloatTol));
    const Matrix b = sinusoidal_at({-3.5}, 6, {100.0, Layout::interleaved});
    const double b_expected[] = {0.35078322768961984, -0.9364566872907963, -0.6845980625525485,
                                 0.7289207726147587,  -0.1617419682087106, 0.9868330840217977};
    for (int j = 0; j < 6; ++j) REQUIRE(b(0, j) == Approx(b_expected[j]).margin(kFloatTol));
}

TEST_CASE("sinusoidal at 0..L-1 equals sinusoidal_at the same positions", "[sinusoidal]") {
    REQUIRE(sinusoidal(5, 6) == sinusoidal_at({0, 1, 2, 3, 4}, 6));
}

TEST_CASE("the frequencies are base^(-2i/D), a geometric progression", "[sinusoidal]") {
    const auto omega = sinusoidal_frequencies(8, 10000.0);
    REQUIRE(omega.size() == 4);
    REQUIRE(omega[0] == 1.0);
    for (int i = 1; i < 4; ++i) REQUIRE(omega[i] / omega[i - 1] == Approx(std::pow(10000.0, -2.0 / 8)));
}

TEST_CASE("sinusoidal refuses odd widths, bad sizes, bad bases and huge results", "[sinusoidal][errors]") {
    REQUIRE_THROWS_WITH(sinusoidal(4, 5), "width 5 must be even");
    REQUIRE_THROWS_WITH(sinusoidal(0, 4), "length 0 must be a finite positive integer");
    REQUIRE_THROWS_WITH(sinusoidal(-3, 4), "length -3 must be a finite positive integer");
    REQUIRE_THROWS_WITH(sinusoidal(4, 0), "width 0 must be a finite positive integer");
    REQUIRE_THROWS_WITH(sinusoidal(4, 4, {0.0, Layout::interleaved}), "base 0 must be a finite number greater than 0");
    REQUIRE_THROWS_WITH(sinusoidal(4, 4, {NAN, Layout::interleaved}), "base NaN must be a finite number greater than 0");
    REQUIRE_THROWS_WITH(sinusoidal(1000000000, 512),
                        "a 1000000000×512 position encoding needs 2048000000000 bytes, over the limit of "
                        "268435456 bytes (256 MiB)");
    REQUIRE_THROWS_WITH(sinusoidal_at({1, NAN}, 4), "position NaN must be a finite number");
    REQUIRE_THROWS_WITH(sinusoidal_at({}, 4), "the list of positions is empty; give at least one position");
    REQUIRE_THROWS_WITH(parse_layout("rows"), "layout 'rows' must be 'interleaved' or 'halves'");
    REQUIRE_THROWS_WITH(require_size(2e9, "length"), "length 2000000000 is too large (at most 1073741824)");
}

TEST_CASE("the sinusoid's and RoPE's frequencies are one formula", "[sinusoidal][rope]") {
    REQUIRE(sinusoidal_frequencies(16, 500.0) == geometric_frequencies(16, 500.0));
    REQUIRE(rope_frequencies(16, 500.0) == geometric_frequencies(16, 500.0));
    REQUIRE(geometric_frequencies(4, 10000.0)[1] == std::pow(10000.0, -0.5));
}

TEST_CASE("PyTorch's exp–log sinusoid matches a float32 step-by-step computation", "[sinusoidal]") {
    // Independently: each step in double, rounded to float, as PyTorch's float32 tensors round.
    const int L = 60, D = 64;
    const double base = 10000.0;
    const Matrix got = exp_log_sinusoidal(L, D, base);
    const float factor = float(-std::log(base) / D);
    for (int i = 0; i < D / 2; ++i) {
        const float w = float(std::exp(double(float(double(float(2 * i)) * double(factor)))));
        for (int pos = 0; pos < L; ++pos) {
            const float angle = float(double(float(pos)) * double(w));
            // sinf/cosf of a float argument: within one float32 step of the correctly rounded value.
            REQUIRE(std::fabs(got(pos, 2 * i) - float(std::sin(double(angle)))) <= 6e-8f);
            REQUIRE(std::fabs(got(pos, 2 * i + 1) - float(std::cos(double(angle)))) <= 6e-8f);
        }
    }
    // Python: math.sin(1 * math.exp(2 * (-math.log(10000) / 4))) = sin(0.01) = 0.009999833334166664
    REQUIRE(exp_log_sinusoidal(2, 4)(1, 2) == Approx(0.009999833334166664).margin(1e-9));
}

TEST_CASE("PyTorch's exp–log sinusoid differs from the pow form only in the last bits", "[sinusoidal]") {
    const int L = 100, D = 128;
    const Matrix a = exp_log_sinusoidal(L, D), b = sinusoidal(L, D);
    const float worst = (a - b).cwiseAbs().maxCoeff();
    REQUIRE(worst > 0.0f);     // the two constructions do differ …
    REQUIRE(worst < 2e-5f);    // … by float32 rounding of ω and of pos·ω (pos < 100: ≲ 100·2⁻²⁴ rad)
    REQUIRE_THROWS_WITH(exp_log_sinusoidal(4, 5), "width 5 must be even");
}
