// test_analysis.cpp: the numbers the tutorials use to answer document 002 and 001, against values
// computed independently: wavelengths and dot products from Python (math module, the paper's
// formula; the 000 example's E and P typed from the document), the shift matrix against the
// angle-addition identity, read-back against a brute-force search written here, and the
// permutation experiment's equivariance.
#include <cmath>
#include <vector>

#include "analysis_dot.hpp"
#include "analysis_permutation.hpp"
#include "analysis_readback.hpp"
#include "analysis_shift.hpp"
#include "helpers.hpp"
#include "random.hpp"

using namespace posenc;
using posenc::test::rows;

TEST_CASE("wavelengths run geometrically from 2 pi towards 10000 times 2 pi", "[analysis]") {
    // Python: [2 * math.pi * 10000 ** (2 * i / 8) for i in range(4)]
    const std::vector<double> w = wavelengths(8);
    const double want[] = {6.283185307179586, 62.83185307179586, 628.3185307179587, 6283.185307179586};
    REQUIRE(w.size() == 4);
    for (int i = 0; i < 4; ++i) REQUIRE(w[std::size_t(i)] == Approx(want[i]).epsilon(1e-14));
    const std::vector<double> wide = wavelengths(512);
    REQUIRE(wide.back() == Approx(2 * M_PI * std::pow(10000.0, 510.0 / 512)).epsilon(1e-14));
    REQUIRE(wide.back() < 2 * M_PI * 10000);
}

TEST_CASE("the shift matrix moves PE(pos) to PE(pos + k) for every pos, in both layouts", "[analysis]") {
    for (Layout layout : {Layout::interleaved, Layout::halves})
        for (double k : {1.0, 5.0, -3.0, 0.5}) {
            const SinusoidalOptions o{10000.0, layout};
            const Matrix m = shift_matrix(16, k, o);
            for (double pos : {0.0, 1.0, 7.0, 42.0, -9.0}) {
                INFO("layout " << layout_name(layout) << ", k = " << k << ", pos = " << pos);
                const Eigen::VectorXf shifted = m * sinusoidal_at({pos}, 16, o).row(0).transpose();
                const Matrix want = sinusoidal_at({pos + k}, 16, o);
                for (int c = 0; c < 16; ++c) REQUIRE(shifted(c) == Approx(want(0, c)).margin(2e-6));
            }
            // A rotation: Mᵀ·M = I.
            REQUIRE((m.transpose() * m).isIdentity(1e-6f));
        }
}

TEST_CASE("the 2-d shift by 1 is the rotation [[cos 1, sin 1], [-sin 1, cos 1]]", "[analysis]") {
    const Matrix m = shift_matrix(2, 1);
    REQUIRE(m(0, 0) == float(std::cos(1.0)));
    REQUIRE(m(0, 1) == float(std::sin(1.0)));
    REQUIRE(m(1, 0) == float(-std::sin(1.0)));
    REQUIRE(m(1, 1) == float(std::cos(1.0)));
}

TEST_CASE("PE(i) dot PE(j) is the sum of cos((i - j) w_k) and depends only on i - j", "[analysis]") {
    const int L = 12, D = 16;
    const Matrix s = position_similarity(L, D);
    for (int i = 0; i < L; ++i)
        for (int j = 0; j < L; ++j) {
            double want = 0;
            for (int k = 0; k < D / 2; ++k) want += std::cos((i - j) * std::pow(10000.0, -2.0 * k / D));
            REQUIRE(s(i, j) == Approx(want).margin(1e-5));
            if (i > 0 && j > 0) REQUIRE(s(i, j) == Approx(s(i - 1, j - 1)).margin(1e-5));
        }
    REQUIRE(s(3, 3) == Approx(D / 2.0).margin(1e-5));
}

TEST_CASE("the four terms of (E_i + P_i).(E_j + P_j) for 000's example add up to the total", "[analysis][doc000]") {
    const Matrix E = rows({{0.2f, 0.7f, 0.5f, 0.1f}, {0.4f, 0.1f, 0.8f, 0.5f}, {0.6f, 0.3f, 0.2f, 0.9f}});
    const Matrix P = rows({{0.1f, 0.0f, 0.1f, 0.2f}, {0.2f, 0.1f, 0.0f, 0.1f}, {0.3f, 0.1f, 0.1f, 0.0f}});
    const DotTerms t = dot_terms(E, P);
    // Python, sum(x*y) over the typed values.
    const double ee[3][3] = {{0.79, 0.6, 0.52}, {0.6, 1.06, 0.88}, {0.52, 0.88, 1.3}};
    const double ep[3][3] = {{0.09, 0.12, 0.18}, {0.22, 0.14, 0.21}, {0.26, 0.24, 0.23}};
    const double pp[3][3] = {{0.06, 0.04, 0.04}, {0.04, 0.06, 0.07}, {0.04, 0.07, 0.11}};
    const double total[3][3] = {{1.03, 0.98, 1.0}, {0.98, 1.4, 1.4}, {1.0, 1.4, 1.87}};
    for (int i = 0; i < 3; ++i)
        for (int j = 0; j < 3; ++j) {
            REQUIRE(t.token_token(i, j) == Approx(ee[i][j]).margin(1e-6));
            REQUIRE(t.token_position(i, j) == Approx(ep[i][j]).margin(1e-6));
            REQUIRE(t.position_token(i, j) == Approx(ep[j][i]).margin(1e-6));
            REQUIRE(t.position_position(i, j) == Approx(pp[i][j]).margin(1e-6));
            REQUIRE(t.total(i, j) == Approx(total[i][j]).margin(1e-6));
            REQUIRE(t.total(i, j) == Approx(t.token_token(i, j) + t.token_position(i, j) + t.position_token(i, j) +
                                            t.position_position(i, j)).margin(1e-6));
        }
    REQUIRE_THROWS_WITH(dot_terms(E, P.topRows(2)), "E is 3×4 but P is 2×4; E and P need the same shape");
}

TEST_CASE("exact sinusoids are read back at their own positions, and nearby vectors too", "[analysis]") {
    const Matrix pe = sinusoidal(20, 8);
    const std::vector<int> got = read_positions(pe, 20);
    for (int p = 0; p < 20; ++p) REQUIRE(got[std::size_t(p)] == p);
    Matrix near = sinusoidal_at({3, 17}, 8);
    near.array() += 0.01f;
    REQUIRE(read_positions(near, 20) == std::vector<int>{3, 17});
}

TEST_CASE("read-back rate equals a brute-force nearest-sinusoid count over the same random E", "[analysis]") {
    const int L = 16, D = 8;
    // PE written here from the paper's formula, rounded to float as the encoding is stored.
    auto pe = [&](int p, int c) {
        const double angle = p * std::pow(10000.0, -double(c - c % 2) / D);
        return float(c % 2 == 0 ? std::sin(angle) : std::cos(angle));
    };
    int correct = 0;
    for (int t = 0; t < 3; ++t) {
        RandomOptions ro;
        ro.seed = 4 + t;
        ro.scale = 0.5;
        const Matrix e = random_matrix(L, D, ro);
        for (int r = 0; r < L; ++r) {
            int best = -1;
            double best_d = INFINITY;
            for (int p = 0; p < L; ++p) {
                double d = 0;
                for (int c = 0; c < D; ++c) {
                    const double diff = double(e(r, c) + pe(r, c)) - double(pe(p, c));
                    d += diff * diff;
                }
                if (d < best_d) best_d = d, best = p;
            }
            correct += best == r;
        }
    }
    ReadbackOptions o;
    o.scale = 0.5;
    o.seed = 4;
    o.trials = 3;
    REQUIRE(correct < 48);  // the example is not trivial: some rows are misread
    REQUIRE(readback_rate(L, D, o) == Approx(correct / 48.0).margin(1e-12));
}

TEST_CASE("read-back succeeds always without E and less often as E grows or D shrinks", "[analysis]") {
    ReadbackOptions o;
    o.trials = 4;
    o.scale = 0;
    REQUIRE(readback_rate(32, 16, o) == 1.0);
    const Matrix sweep = readback_sweep(32, {4, 16, 64}, {0.0, 0.3, 1.0, 3.0}, o);
    REQUIRE((sweep.rows() == 3 && sweep.cols() == 4));
    for (int a = 0; a < 3; ++a) {
        REQUIRE(sweep(a, 0) == 1.0f);
        REQUIRE(sweep(a, 3) < sweep(a, 0));
    }
    REQUIRE(sweep(2, 2) > sweep(0, 2));  // D = 64 beats D = 4 at scale 1
    REQUIRE(sweep(0, 3) < 0.5f);         // D = 4 drowned by E of scale 3
}

TEST_CASE("attention without positions permutes its output exactly as its input", "[analysis][doc001]") {
    RandomOptions ro;
    ro.seed = 3;
    const Matrix x = random_matrix(6, 8, ro);
    const std::vector<double> perm = {2, 0, 5, 1, 4, 3};
    const PermutationResult r = permutation_experiment(x, perm, 2);
    REQUIRE(r.max_difference < 1e-6);
    for (int i = 0; i < 6; ++i) REQUIRE(r.expected.row(i) == r.original.row(int(perm[std::size_t(i)])));
    // With sinusoidal positions added after the shuffle, the outputs are no longer a permutation.
    const Matrix pe = sinusoidal(6, 8);
    const PermutationResult with = permutation_experiment(x, perm, 2, &pe);
    REQUIRE(with.max_difference > 0.01);
}

TEST_CASE("analysis functions refuse odd widths, bad permutations and bad sizes", "[analysis][errors]") {
    REQUIRE_THROWS_WITH(wavelengths(5), "width 5 must be even");
    REQUIRE_THROWS_WITH(shift_matrix(6, NAN), "offset NaN must be a finite number");
    REQUIRE_THROWS_WITH(shift_matrix(-2, 1), "width -2 must be a finite positive integer");
    REQUIRE_THROWS_WITH(position_similarity(0, 4), "length 0 must be a finite positive integer");
    REQUIRE_THROWS_WITH(read_positions(Matrix::Zero(2, 3), 4), "width 3 must be even");
    REQUIRE_THROWS_WITH(readback_rate(8, 7), "width 7 must be even");
    ReadbackOptions o;
    o.scale = -1;
    REQUIRE_THROWS_WITH(readback_rate(8, 8, o), "scale -1 must be at least 0");
    o.scale = 1;
    o.trials = 0;
    REQUIRE_THROWS_WITH(readback_rate(8, 8, o), "trials 0 must be a finite positive integer");
    REQUIRE_THROWS_WITH(readback_sweep(8, {}, {1}), "the list of widths is empty; give at least one width");
    REQUIRE_THROWS_WITH(readback_sweep(8, {4, 5}, {1}), "width 5 must be even");
    REQUIRE_THROWS_WITH(readback_rate(4096, 4096), "this read-back experiment needs 68719476736 distance terms "
                                                   "(length² × width × trials, summed), over the limit of 4000000000");
    const Matrix x = Matrix::Zero(4, 2);
    REQUIRE_THROWS_WITH(permute_rows(x, {0, 1, 2}), "permutation has 3 values but x has 4 rows");
    REQUIRE_THROWS_WITH(permute_rows(x, {0, 1, 2, 4}), "permutation value 4 is outside 0..3");
    REQUIRE_THROWS_WITH(permute_rows(x, {0, 1, 1.5, 3}), "permutation value 1.5 is outside 0..3");
    REQUIRE_THROWS_WITH(permute_rows(x, {0, 2, 2, 3}), "permutation holds 2 twice");
    const Matrix wrong = Matrix::Zero(3, 2);
    REQUIRE_THROWS_WITH(permutation_experiment(x, {0, 1, 2, 3}, 1, &wrong), "positions is 3×2 but must have the shape of x, 4×2");
}

TEST_CASE("read_positions counts its work in rows, candidates and width, not trials", "[analysis][errors]") {
    const Matrix x = Matrix::Zero(2000, 2000);
    REQUIRE_THROWS_WITH(read_positions(x, 2000),
                        "reading positions back needs 8000000000 distance terms (rows × candidates × width), "
                        "over the limit of 4000000000");
}
