// test_attention.cpp: the reference attention against a naive triple loop written here in double
// precision, which follows the formula of attention.hpp literally.
#include <cmath>
#include <random>
#include <vector>

#include "attention.hpp"
#include "helpers.hpp"

using namespace posenc;
using posenc::test::uniform_matrix;

namespace {


// out[i, h·Dh + c] = Σ_j softmax_j(q_i·k_j/√Dh + b_ij) v[j, h·Dh + c], masked keys skipped.
struct Naive { std::vector<double> out, weights; };
Naive naive_attention(const Matrix& q, const Matrix& k, const Matrix& v, int H, bool causal, const HeadTensor* bias) {
    const int L = int(q.rows()), S = int(k.rows()), D = int(q.cols()), Dh = D / H;
    Naive r{std::vector<double>(std::size_t(L) * D, 0.0), std::vector<double>(std::size_t(H) * L * S, 0.0)};
    for (int h = 0; h < H; ++h)
        for (int i = 0; i < L; ++i) {
            std::vector<double> e(S);
            double m = -1e300;
            for (int j = 0; j < S; ++j) {
                double dot = 0;
                for (int c = 0; c < Dh; ++c) dot += double(q(i, h * Dh + c)) * k(j, h * Dh + c);
                e[j] = dot / std::sqrt(double(Dh));
                if (bias) e[j] += bias->head(bias->heads == 1 ? 0 : h)(i, j);
                if (!(causal && j > i + (S - L))) m = std::max(m, e[j]);
            }
            double sum = 0;
            for (int j = 0; j < S; ++j) {
                e[j] = (causal && j > i + (S - L)) ? 0.0 : std::exp(e[j] - m);
                sum += e[j];
            }
            for (int j = 0; j < S; ++j) {
                const double a = e[j] / sum;
                r.weights[(std::size_t(h) * L + i) * S + j] = a;
                for (int c = 0; c < Dh; ++c) r.out[std::size_t(i) * D + h * Dh + c] += a * v(j, h * Dh + c);
            }
        }
    return r;
}

void require_matches_naive(const Matrix& q, const Matrix& k, const Matrix& v, const AttentionOptions& o) {
    const AttentionResult got = attention_reference(q, k, v, o);
    const Naive want = naive_attention(q, k, v, o.heads, o.causal, o.bias);
    constexpr double tol = 2e-5;  // float32 products of length ≤ 128 against double
    for (Eigen::Index i = 0; i < got.output.size(); ++i) REQUIRE(got.output.data()[i] == Approx(want.out[i]).margin(tol));
    REQUIRE(got.weights.data.size() == want.weights.size());
    for (std::size_t i = 0; i < want.weights.size(); ++i) REQUIRE(got.weights.data[i] == Approx(want.weights[i]).margin(tol));
}

}  // namespace

TEST_CASE("attention matches the naive formula on random inputs, 1 to 4 heads", "[attention]") {
    std::mt19937 rng(1234);
    for (int H : {1, 2, 4})
        for (int L : {1, 5, 70})  // 70 crosses the 64-row block boundary
            for (bool causal : {false, true}) {
                const int S = causal ? L + 3 : L + 7, D = 8 * H;
                INFO("H=" << H << " L=" << L << " causal=" << causal);
                AttentionOptions o;
                o.heads = H;
                o.causal = causal;
                require_matches_naive(uniform_matrix(rng, L, D), uniform_matrix(rng, S, D), uniform_matrix(rng, S, D), o);
            }
}

TEST_CASE("attention adds a shared bias or one bias per head", "[attention]") {
    std::mt19937 rng(7);
    const int L = 6, S = 9, H = 3, D = 12;
    const Matrix q = uniform_matrix(rng, L, D), k = uniform_matrix(rng, S, D), v = uniform_matrix(rng, S, D);
    for (int bias_heads : {1, H}) {
        HeadTensor bias(bias_heads, L, S);
        for (float& x : bias.data) x = std::uniform_real_distribution<float>(-2, 2)(rng);
        AttentionOptions o;
        o.heads = H;
        o.bias = &bias;
        require_matches_naive(q, k, v, o);
    }
}

TEST_CASE("attention weight rows sum to 1 and causal weights above the diagonal are 0", "[attention]") {
    std::mt19937 rng(99);
    const Matrix x = uniform_matrix(rng, 10, 8);
    AttentionOptions o;
    o.heads = 2;
    o.causal = true;
    const AttentionResult r = attention_reference(x, x, x, o);
    for (int h = 0; h < 2; ++h)
        for (int i = 0; i < 10; ++i) {
            REQUIRE(r.weights.head(h).row(i).sum() == Approx(1.0).margin(1e-6));
            for (int j = i + 1; j < 10; ++j) REQUIRE(r.weights.head(h)(i, j) == 0.0f);
        }
}

TEST_CASE("attention without weights returns the same output and no weights", "[attention]") {
    std::mt19937 rng(5);
    const Matrix q = uniform_matrix(rng, 4, 6), k = uniform_matrix(rng, 5, 6), v = uniform_matrix(rng, 5, 6);
    AttentionOptions with, without;
    without.weights = false;
    const AttentionResult a = attention_reference(q, k, v, with), b = attention_reference(q, k, v, without);
    REQUIRE(b.weights.empty());
    REQUIRE(a.output == b.output);
}

TEST_CASE("attention refuses mismatched shapes, bad head counts and bad biases", "[attention][errors]") {
    const Matrix q = Matrix::Zero(3, 10), k = Matrix::Zero(4, 10), v = Matrix::Zero(4, 10);
    AttentionOptions o;
    o.heads = 3;
    REQUIRE_THROWS_WITH(attention_reference(q, k, v, o), "width 10 is not divisible by 3 heads");
    o.heads = 0;
    REQUIRE_THROWS_WITH(attention_reference(q, k, v, o), "heads 0 must be a finite positive integer");
    REQUIRE_THROWS_WITH(attention_reference(q, Matrix::Zero(4, 8), v), "k is 4×8 but q has 10 columns; q and k must have the same width");
    REQUIRE_THROWS_WITH(attention_reference(q, k, Matrix::Zero(4, 6)), "v is 4×6 but q has 10 columns; q and v must have the same width");
    REQUIRE_THROWS_WITH(attention_reference(q, k, Matrix::Zero(2, 10)), "v has 2 rows but k has 4; every key needs one value");
    AttentionOptions c;
    c.causal = true;
    REQUIRE_THROWS_WITH(attention_reference(Matrix::Zero(5, 2), Matrix::Zero(3, 2), Matrix::Zero(3, 2), c),
                        "causal attention with 5 queries needs at least as many keys, not 3");
    HeadTensor bias(2, 3, 4);
    AttentionOptions b;
    b.heads = 5;
    b.bias = &bias;
    REQUIRE_THROWS_WITH(attention_reference(q, k, v, b),
                        "bias is 2×3×4 but must be 1×3×4 or 5×3×4 (heads × queries × keys)");
    AttentionOptions one;
    one.bias = &bias;  // one head: the two accepted shapes are the same, so the rule names it once
    REQUIRE_THROWS_WITH(attention_reference(Matrix::Zero(3, 10), k, v, one),
                        "bias is 2×3×4 but must be 1×3×4 (heads × queries × keys)");
    Matrix bad = q;
    bad(1, 2) = NAN;
    REQUIRE_THROWS_WITH(attention_reference(bad, k, v), "q[1][2] is NaN; every value must be finite");
    AttentionOptions big;
    big.heads = 16;
    REQUIRE_THROWS_WITH(attention_reference(Matrix::Zero(4096, 16), Matrix::Zero(4096, 16), Matrix::Zero(4096, 16), big),
                        "a 16×4096×4096 attention weights tensor needs 1073741824 bytes, over the limit of "
                        "268435456 bytes (256 MiB)");
}

TEST_CASE("attention refuses scores that overflow float32 instead of returning NaN", "[attention][errors]") {
    // Found by fuzz_attention: finite values near 1e30 make q·k = 1e60, which float32 cannot hold.
    const Matrix big = Matrix::Constant(2, 2, 1e30f), small = Matrix::Constant(2, 2, 0.5f);
    REQUIRE_THROWS_WITH(attention_reference(big, big, small),
                        "the score of query 0 and key 0 in head 0 is Infinity; q·k/√Dh overflows float32, so "
                        "scale q, k or the bias down");
    REQUIRE_NOTHROW(attention_reference(small, small, big));  // large values are fine: weights stay a convex combination
}

TEST_CASE("attention refuses a call over the cost limit before any work, and counts causal pairs", "[attention][errors][limits]") {
    // 65536 queries and keys of width 8: 65536² pairs × (8 + 16) ≈ 1.03e11 operations.
    const Matrix x = Matrix::Zero(65536, 8);
    AttentionOptions o;
    o.weights = false;
    REQUIRE_THROWS_WITH(attention(x, x, x, o),
                        "attention of 65536 queries and 65536 keys of width 8 needs 103079215104 operations "
                        "(visible pairs × (D + 16·H)), over the limit of 40000000000; use fewer queries or keys");
    REQUIRE_THROWS_WITH(check_attention_inputs(x, x, x, o), Catch::Contains("over the limit of 40000000000"));
    // The causal mask halves the visible pairs: L(L + 1)/2 when L = S.
    REQUIRE(attention_work(4, 4, 8, 1, true) == 10.0 * (8 + 16));
    REQUIRE(attention_work(2, 5, 8, 2, true) == (2.0 * 3 + 3) * (8 + 32));
    REQUIRE(attention_work(8192, 8192, 512, 8, true) < kMaxAttentionWork);
    REQUIRE(attention_work(8192, 8192, 512, 8, false) > kMaxAttentionWork);
}
