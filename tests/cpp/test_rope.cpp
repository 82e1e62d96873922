// test_rope.cpp: RoPE against values computed independently in Python (/tmp formulas re-typed in
// the comments): interleaved follows Meta Llama's apply_rotary_emb (adjacent pairs as complex
// numbers times e^(i·m·θ)), halves follows Hugging Face's rotate_half (q·cos + rotate_half(q)·sin).
// Properties: q·k after rotation depends only on m − n, norms are kept, the layouts are a column
// permutation of each other; and RoPE inside attention.
#include <cmath>
#include <random>
#include <vector>

#include "attention.hpp"
#include "helpers.hpp"
#include "rope.hpp"

using namespace posenc;
using posenc::test::uniform_matrix;

namespace {

// x[r][c] = ((7r + 3c) mod 11 − 5) / 4, the same input the Python script builds.
Matrix pattern(int rows, int cols) {
    Matrix x(rows, cols);
    for (int r = 0; r < rows; ++r)
        for (int c = 0; c < cols; ++c) x(r, c) = float(((7 * r + 3 * c) % 11 - 5) / 4.0);
    return x;
}


void require_close(const Matrix& got, const std::vector<std::vector<double>>& want, double tol) {
    REQUIRE(got.rows() == Eigen::Index(want.size()));
    for (Eigen::Index r = 0; r < got.rows(); ++r)
        for (Eigen::Index c = 0; c < got.cols(); ++c) {
            INFO("row " << r << ", column " << c);
            REQUIRE(got(r, c) == Approx(want[std::size_t(r)][std::size_t(c)]).margin(tol));
        }
}

constexpr double kTol = 1e-6;  // one float rounding of values of size ≈ 1.5

// Python: Llama's complex form, x = pattern, positions [0, 1, 5, -2.5], D = 8, H = 2, base 10000.
const std::vector<std::vector<double>> kLlama = {
    {-1.25, -0.5, 0.25, 1.0, -1.0, -0.25, 0.5, 1.25},
    {-0.7816875780758008, 1.096113374739123, -0.749962500312499, -0.007499875000624998, 1.4570654604109756,
     -0.04427464372925238, -0.5024749585418743, 0.244987583437083},
    {0.09789997593417149, 0.5503776836973758, 1.0487294296656446, -0.9487710911242879, 0.4085465909657627,
     0.38156216139739774, 1.2859222024467165, -0.6865887337078768},
    {-1.4502836275116344, -0.14723246846974536, 0.018748046936034247, 0.7497656372067769, 0.7021934473816889,
     1.1486619879034126, 0.274919274983638, 0.9934381672970245}};
// Python: HF rotate_half, same input.
const std::vector<std::vector<double>> kNeox = {
    {-1.25, -0.5, 0.25, 1.0, -1.0, -0.25, 0.5, 1.25},
    {0.9012543915399922, 1.2499375005208315, 0.015508763002843429, 0.012499791667708331, 0.8259622218050531,
     -1.2524374588543732, 0.36095208567185244, 0.23748770843645797},
    {0.8170931819315254, 0.29966673436941993, 0.7631243227947955, -0.9862554680772967, 1.1277397969631164,
     0.5368595071504919, 0.5943088004948174, -0.7240731106608855},
    {-1.001429519433667, -0.7310175902707426, -0.7480901801299457, 0.7685136841428112, 1.1510475554596562,
     -0.474846362223139, 0.5478042762432123, 1.0121862142330589}};
// Python, positions [3, 100], D = 6, one head, base 100, scale 4 (angle = (pos/4)·100^(−2i/6)).
const std::vector<std::vector<double>> kLlamaScaled = {
    {-0.573791706080609, -1.2178928844660781, 0.085863083398044, 1.027194008408042, -0.9906929050767453,
     -0.284653417036576},
    {0.661041093553953, 1.1728276397804553, -0.46791008053082306, 0.5861400485699972, 1.4454335738360293,
     0.18900207307752936}};
const std::vector<std::vector<double>> kNeoxScaled = {
    {-1.5962498461156103, -0.3326065608704094, 0.25854975296547744, -0.12035958115534673, -1.0674141069266223,
     -0.2411473102514117},
    {0.4956014059317368, 1.3659901827880359, 0.846970569814775, -0.06617587504888651, -0.5089900004191722,
     -1.1864404131129533}};

}  // namespace

TEST_CASE("rope interleaved matches Meta Llama's complex rotation of adjacent pairs, per head", "[rope]") {
    require_close(rope_at(pattern(4, 8), {0, 1, 5, -2.5}, 2), kLlama, kTol);
    RopeOptions o;
    o.base = 100;
    o.scale = 4;
    require_close(rope_at(pattern(2, 6), {3, 100}, 1, o), kLlamaScaled, kTol);
}

TEST_CASE("rope halves matches Hugging Face's rotate_half (GPT-NeoX), per head", "[rope]") {
    RopeOptions o;
    o.layout = Layout::halves;
    require_close(rope_at(pattern(4, 8), {0, 1, 5, -2.5}, 2, o), kNeox, kTol);
    o.base = 100;
    o.scale = 4;
    require_close(rope_at(pattern(2, 6), {3, 100}, 1, o), kNeoxScaled, kTol);
}

TEST_CASE("rope without positions rotates row r by position r, and position 0 changes nothing", "[rope]") {
    const Matrix x = pattern(5, 8);
    REQUIRE(rope(x, 2) == rope_at(x, {0, 1, 2, 3, 4}, 2));
    REQUIRE(rope(x).row(0) == x.row(0));
}

TEST_CASE("rope scale N at position m equals plain rope at position m / N (position interpolation)", "[rope]") {
    const Matrix x = pattern(3, 8);
    RopeOptions scaled;
    scaled.scale = 4;
    const Matrix a = rope_at(x, {8, 20, 2}, 1, scaled), b = rope_at(x, {2, 5, 0.5}, 1);
    for (Eigen::Index i = 0; i < a.size(); ++i) REQUIRE(a.data()[i] == Approx(b.data()[i]).margin(1e-6));
}

TEST_CASE("after rope, q at m dotted with k at n depends only on m - n, in both layouts", "[rope]") {
    std::mt19937 rng(11);
    const Matrix q = uniform_matrix(rng, 1, 16), k = uniform_matrix(rng, 1, 16);
    for (Layout layout : {Layout::interleaved, Layout::halves}) {
        RopeOptions o;
        o.layout = layout;
        for (double delta : {0.0, 1.0, 7.0, -3.0, 250.0}) {
            const double reference = double(rope_at(q, {delta}, 2, o).row(0).dot(rope_at(k, {0}, 2, o).row(0)));
            for (double n : {1.0, 13.0, 500.0, -40.0}) {
                INFO("layout " << layout_name(layout) << ", m − n = " << delta << ", n = " << n);
                const double d = rope_at(q, {n + delta}, 2, o).row(0).dot(rope_at(k, {n}, 2, o).row(0));
                REQUIRE(d == Approx(reference).margin(2e-5));
            }
        }
    }
}

TEST_CASE("rope keeps the norm of every row and of every head", "[rope]") {
    std::mt19937 rng(12);
    const Matrix x = uniform_matrix(rng, 6, 12);
    const Matrix y = rope_at(x, {0, 1, 2, 1000, -7, 0.5}, 3, {10000.0, Layout::halves, 1.0});
    for (Eigen::Index r = 0; r < 6; ++r)
        for (int h = 0; h < 3; ++h)
            REQUIRE(y.row(r).segment(4 * h, 4).norm() == Approx(x.row(r).segment(4 * h, 4).norm()).epsilon(1e-6));
}

TEST_CASE("the two rope layouts are the same rotation on permuted columns", "[rope]") {
    // Column 2i of interleaved ↔ column i of halves, 2i+1 ↔ i + Dh/2, within each head.
    std::mt19937 rng(13);
    const int H = 2, Dh = 6;
    const Matrix x = uniform_matrix(rng, 4, H * Dh);
    Matrix x_halves(4, H * Dh);
    for (int h = 0; h < H; ++h)
        for (int i = 0; i < Dh / 2; ++i) {
            x_halves.col(h * Dh + i) = x.col(h * Dh + 2 * i);
            x_halves.col(h * Dh + i + Dh / 2) = x.col(h * Dh + 2 * i + 1);
        }
    const Matrix a = rope_at(x, {0, 3, 9, 40}, H);
    const Matrix b = rope_at(x_halves, {0, 3, 9, 40}, H, {10000.0, Layout::halves, 1.0});
    for (int h = 0; h < H; ++h)
        for (int i = 0; i < Dh / 2; ++i) {
            REQUIRE(a.col(h * Dh + 2 * i) == b.col(h * Dh + i));
            REQUIRE(a.col(h * Dh + 2 * i + 1) == b.col(h * Dh + i + Dh / 2));
        }
}

TEST_CASE("rope_frequencies are base^(-2i/Dh)", "[rope]") {
    // Python: [10000 ** (-2 * i / 8) for i in range(4)]
    const std::vector<double> theta = rope_frequencies(8, 10000);
    const double want[] = {1.0, 0.1, 0.01, 0.001};
    for (int i = 0; i < 4; ++i) REQUIRE(theta[std::size_t(i)] == Approx(want[i]).epsilon(1e-14));
}

TEST_CASE("attention with rope equals attention of q and k rotated at aligned positions", "[rope][attention]") {
    std::mt19937 rng(14);
    const int L = 3, S = 7, H = 2, D = 8;
    const Matrix q = uniform_matrix(rng, L, D), k = uniform_matrix(rng, S, D), v = uniform_matrix(rng, S, D);
    for (Layout layout : {Layout::interleaved, Layout::halves}) {
        const RopeOptions ro{500.0, layout, 2.0};
        AttentionOptions with;
        with.heads = H;
        with.rope = &ro;
        with.causal = true;
        AttentionOptions plain = with;
        plain.rope = nullptr;
        // Query i sits at position i + (S − L) = i + 4, key j at j.
        const AttentionResult a = attention(q, k, v, with);
        const AttentionResult b = attention(rope_at(q, {4, 5, 6}, H, ro), rope(k, H, ro), v, plain);
        for (Eigen::Index i = 0; i < a.output.size(); ++i)
            REQUIRE(a.output.data()[i] == Approx(b.output.data()[i]).margin(1e-6));
        for (std::size_t i = 0; i < a.weights.data.size(); ++i)
            REQUIRE(a.weights.data[i] == Approx(b.weights.data[i]).margin(1e-6));
    }
}

TEST_CASE("rope refuses odd widths, heads that do not divide the width and bad options", "[rope][errors]") {
    REQUIRE_THROWS_WITH(rope(Matrix::Zero(2, 5)), "width 5 must be even");
    REQUIRE_THROWS_WITH(rope(Matrix::Zero(2, 6), 2), "head width 3 must be even");
    REQUIRE_THROWS_WITH(rope(Matrix::Zero(2, 10), 3), "width 10 is not divisible by 3 heads");
    REQUIRE_THROWS_WITH(rope(Matrix::Zero(2, 4), 0), "heads 0 must be a finite positive integer");
    REQUIRE_THROWS_WITH(rope(Matrix::Zero(2, 4), 1, {0.0, Layout::interleaved, 1.0}),
                        "base 0 must be a finite number greater than 0");
    REQUIRE_THROWS_WITH(rope(Matrix::Zero(2, 4), 1, {10000.0, Layout::interleaved, NAN}),
                        "scale NaN must be a finite number greater than 0");
    REQUIRE_THROWS_WITH(rope_at(Matrix::Zero(2, 4), {1}), "positions has 1 values but x has 2 rows; every row needs one position");
    REQUIRE_THROWS_WITH(rope_at(Matrix::Zero(1, 4), {INFINITY}), "position Infinity must be a finite number");
    const Matrix x = Matrix::Zero(2, 6);
    const RopeOptions ro;
    AttentionOptions o;
    o.heads = 2;
    o.rope = &ro;
    REQUIRE_THROWS_WITH(attention(x, x, x, o), "head width 3 must be even");
}

TEST_CASE("RoPE's angle steps are the frequencies divided by the interpolation scale", "[rope]") {
    RopeOptions o;
    o.base = 100.0;
    o.scale = 4.0;
    const std::vector<double> steps = rope_angle_steps(6, o), theta = rope_frequencies(6, 100.0);
    REQUIRE(steps.size() == 3);
    for (std::size_t i = 0; i < steps.size(); ++i) REQUIRE(steps[i] == theta[i] / 4.0);
    o.scale = 0;
    REQUIRE_THROWS_WITH(rope_angle_steps(6, o), "scale 0 must be a finite number greater than 0");
}
