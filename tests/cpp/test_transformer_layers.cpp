// test_transformer_layers.cpp: the 4-lane float layer norm (forward and backward) and softmax row
// (forward and backward) against the plain references of transformer_layers.hpp, run in float on
// the same inputs. Layer norm: widths that exercise the vector loop, the scalar tail and both
// (D = 1, 3, 4, 7, 32, 64, 66), dx assigned and accumulated, tolerance |fast − reference| ≤
// 1e-5·(1 + |reference|) per entry (a row's sums are taken in another order). Softmax: row lengths
// 1 … 64, tolerance 1e-6·(1 + |reference|) (the vectorised exp, relative error ≤ 2e-7). The whole
// model's gradients are checked against finite differences in test_transformer_gradients.cpp; this
// file only pins each fast path to its reference.
#include <random>
#include <vector>

#include "helpers.hpp"
#include "transformer_layers.hpp"

using namespace posenc;
using layers::Col;
using layers::Mat;

namespace {

Mat<float> random_mat(std::mt19937& rng, int rows, int cols, float lo, float hi) {
    std::uniform_real_distribution<float> u(lo, hi);
    Mat<float> m(rows, cols);
    for (Eigen::Index i = 0; i < m.size(); ++i) m.data()[i] = u(rng);
    return m;
}

void require_close(const Mat<float>& fast, const Mat<float>& ref, const char* what) {
    REQUIRE(fast.rows() == ref.rows());
    REQUIRE(fast.cols() == ref.cols());
    for (Eigen::Index i = 0; i < ref.size(); ++i) {
        INFO(what << " entry " << i << ": fast " << fast.data()[i] << ", reference " << ref.data()[i]);
        REQUIRE(std::abs(fast.data()[i] - ref.data()[i]) <= 1e-5f * (1.0f + std::abs(ref.data()[i])));
    }
}

}  // namespace

TEST_CASE("the 4-lane layer norm forward equals the reference in float for every width", "[transformer]") {
    std::mt19937 rng(11);
    for (int D : {1, 3, 4, 7, 32, 64, 66}) {
        INFO("D = " << D);
        const Mat<float> x = random_mat(rng, 37, D, -3.0f, 5.0f);
        const Mat<float> w = random_mat(rng, 1, D, 0.5f, 1.5f), b = random_mat(rng, 1, D, -0.2f, 0.2f);
        Mat<float> xh_f, y_f, xh_r, y_r;
        Col<float> rs_f, rs_r;
        layers::layer_norm_forward_fast(x, w, b, xh_f, rs_f, y_f);
        layers::layer_norm_forward_reference<float>(x, w, b, xh_r, rs_r, y_r);
        require_close(xh_f, xh_r, "x̂");
        require_close(y_f, y_r, "y");
        require_close(Mat<float>(rs_f.transpose()), Mat<float>(rs_r.transpose()), "ρ");
    }
}

TEST_CASE("the 4-lane layer norm backward equals the reference in float, assigning and accumulating", "[transformer]") {
    std::mt19937 rng(12);
    for (int D : {1, 3, 4, 7, 32, 64, 66})
        for (bool accumulate : {false, true}) {
            INFO("D = " << D << (accumulate ? ", accumulating" : ", assigning"));
            const Mat<float> x = random_mat(rng, 29, D, -2.0f, 2.0f), dy = random_mat(rng, 29, D, -1.0f, 1.0f);
            const Mat<float> w = random_mat(rng, 1, D, 0.5f, 1.5f), b = random_mat(rng, 1, D, -0.2f, 0.2f);
            Mat<float> xh, y;
            Col<float> rs;
            layers::layer_norm_forward_reference<float>(x, w, b, xh, rs, y);
            Mat<float> dx_f = random_mat(rng, 29, D, -1.0f, 1.0f), dx_r = dx_f;
            Mat<float> dw_f = random_mat(rng, 1, D, -1.0f, 1.0f), dw_r = dw_f;
            Mat<float> db_f = random_mat(rng, 1, D, -1.0f, 1.0f), db_r = db_f;
            layers::layer_norm_backward_fast(dy, xh, rs, w, dx_f, dw_f, db_f, accumulate);
            layers::layer_norm_backward_reference<float>(dy, xh, rs, w, dx_r, dw_r, db_r, accumulate);
            require_close(dx_f, dx_r, "dx");
            require_close(dw_f, dw_r, "dw");
            require_close(db_f, db_r, "db");
        }
}

TEST_CASE("the 4-lane softmax row and its backward equal the reference in float for every length", "[transformer]") {
    std::mt19937 rng(13);
    std::uniform_real_distribution<float> u(-6.0f, 6.0f);
    for (int n : {1, 2, 3, 4, 5, 7, 8, 16, 17, 63, 64}) {
        INFO("n = " << n);
        std::vector<float> s(static_cast<std::size_t>(n)), d(s.size());
        for (float& x : s) x = u(rng);
        for (float& x : d) x = u(rng);
        std::vector<float> fast = s, ref = s;
        layers::softmax_in_place_fast(fast.data(), n);
        layers::softmax_in_place_reference<float>(ref.data(), n);
        double total = 0;
        for (int j = 0; j < n; ++j) {
            REQUIRE(std::abs(fast[std::size_t(j)] - ref[std::size_t(j)]) <= 1e-6f * (1.0f + std::abs(ref[std::size_t(j)])));
            total += fast[std::size_t(j)];
        }
        REQUIRE(std::abs(total - 1.0) <= 1e-5);
        std::vector<float> dfast = d, dref = d;
        layers::softmax_backward_in_place_fast(ref.data(), dfast.data(), n);
        layers::softmax_backward_in_place_reference<float>(ref.data(), dref.data(), n);
        for (int j = 0; j < n; ++j)
            REQUIRE(std::abs(dfast[std::size_t(j)] - dref[std::size_t(j)]) <= 1e-6f * (1.0f + std::abs(dref[std::size_t(j)])));
    }
}
