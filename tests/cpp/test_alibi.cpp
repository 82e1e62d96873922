// test_alibi.cpp: ALiBi slopes against the paper's reference get_slopes (ofirpress/
// attention_with_linear_biases, re-typed in Python), the bias −m_h·|i' − j| with the query
// alignment i' = i + (S − L) of attention.hpp, and ALiBi inside attention.
#include <cmath>
#include <random>
#include <vector>

#include "alibi.hpp"
#include "attention.hpp"
#include "helpers.hpp"

using namespace posenc;
using posenc::test::uniform_matrix;

namespace {
// Python get_slopes(n) from the paper's code, printed with repr().
const std::vector<std::pair<int, std::vector<double>>> kPaperSlopes = {
    {1, {0.00390625}},
    {2, {0.0625, 0.00390625}},
    {3, {0.0625, 0.00390625, 0.25}},
    {5, {0.25, 0.0625, 0.015625, 0.00390625, 0.5}},
    {6, {0.25, 0.0625, 0.015625, 0.00390625, 0.5, 0.125}},
    {8, {0.5, 0.25, 0.125, 0.0625, 0.03125, 0.015625, 0.0078125, 0.00390625}},
    {12, {0.5, 0.25, 0.125, 0.0625, 0.03125, 0.015625, 0.0078125, 0.00390625, 0.7071067811865476,
          0.35355339059327384, 0.17677669529663692, 0.08838834764831849}},
    {20, {0.7071067811865476, 0.5000000000000001, 0.35355339059327384, 0.25000000000000006, 0.17677669529663692,
          0.12500000000000006, 0.08838834764831849, 0.06250000000000004, 0.044194173824159244, 0.03125000000000002,
          0.022097086912079626, 0.01562500000000001, 0.011048543456039816, 0.007812500000000007, 0.005524271728019908,
          0.003906250000000004, 0.8408964152537145, 0.5946035575013604, 0.42044820762685714, 0.2973017787506802}},
};

}  // namespace

TEST_CASE("alibi slopes follow the paper's get_slopes, also for head counts that are not powers of two", "[alibi]") {
    for (const auto& [heads, want] : kPaperSlopes) {
        INFO(heads << " heads");
        const std::vector<float> got = alibi_slopes(heads);
        REQUIRE(got.size() == want.size());
        for (std::size_t h = 0; h < want.size(); ++h) REQUIRE(got[h] == float(want[h]));
    }
}

TEST_CASE("8 alibi heads are the geometric sequence 1/2, 1/4, ..., 1/256", "[alibi]") {
    const std::vector<float> s = alibi_slopes(8);
    for (int h = 0; h < 8; ++h) REQUIRE(s[std::size_t(h)] == std::ldexp(1.0f, -(h + 1)));
}

TEST_CASE("12 alibi heads are the 8-head sequence then slopes 0, 2, 4, 6 of the 16-head sequence", "[alibi]") {
    const std::vector<float> s12 = alibi_slopes(12), s8 = alibi_slopes(8), s16 = alibi_slopes(16);
    for (int h = 0; h < 8; ++h) REQUIRE(s12[std::size_t(h)] == s8[std::size_t(h)]);
    for (int t = 0; t < 4; ++t) REQUIRE(s12[std::size_t(8 + t)] == s16[std::size_t(2 * t)]);
    // 2^-0.5 = 0.7071…, the steepest-but-one slope of 16 heads' sequence, comes first.
    REQUIRE(s12[8] == Approx(std::sqrt(0.5)).epsilon(1e-7));
}

TEST_CASE("alibi bias is -m_h |i - j| when queries and keys have the same length", "[alibi]") {
    const HeadTensor b = alibi_bias(4, 4, 2);  // slopes 1/16, 1/256
    REQUIRE((b.heads == 2 && b.rows == 4 && b.cols == 4));
    for (int i = 0; i < 4; ++i)
        for (int j = 0; j < 4; ++j) {
            REQUIRE(b.head(0)(i, j) == float(-std::abs(i - j) / 16.0));
            REQUIRE(b.head(1)(i, j) == float(-std::abs(i - j) / 256.0));
        }
}

TEST_CASE("alibi bias places the L queries at the last L of the S key positions", "[alibi]") {
    // 2 queries, 5 keys: queries sit at positions 3 and 4; slope 0.5 given explicitly.
    const HeadTensor b = alibi_bias(2, 5, std::vector<float>{0.5f});
    const float want[2][5] = {{-1.5f, -1.0f, -0.5f, 0.0f, -0.5f}, {-2.0f, -1.5f, -1.0f, -0.5f, 0.0f}};
    for (int i = 0; i < 2; ++i)
        for (int j = 0; j < 5; ++j) REQUIRE(b.head(0)(i, j) == want[i][j]);
}

TEST_CASE("attention with alibi slopes equals attention with the alibi bias tensor", "[alibi][attention]") {
    std::mt19937 rng(21);
    const int L = 5, S = 9, H = 3, D = 12;
    const Matrix q = uniform_matrix(rng, L, D), k = uniform_matrix(rng, S, D), v = uniform_matrix(rng, S, D);
    const std::vector<float> slopes = alibi_slopes(H);
    const HeadTensor bias = alibi_bias(L, S, slopes);
    for (bool causal : {false, true}) {
        AttentionOptions a, b;
        a.heads = b.heads = H;
        a.causal = b.causal = causal;
        a.alibi_slopes = &slopes;
        b.bias = &bias;
        const AttentionResult ra = attention(q, k, v, a), rb = attention(q, k, v, b);
        REQUIRE(ra.output == rb.output);
        REQUIRE(ra.weights.data == rb.weights.data);
    }
}

TEST_CASE("a steep alibi slope makes a query attend mostly to its own position", "[alibi][attention]") {
    const Matrix x = Matrix::Ones(6, 4);  // equal content: only the bias decides
    const std::vector<float> slopes{8.0f};
    AttentionOptions o;
    o.alibi_slopes = &slopes;
    const AttentionResult r = attention(x, x, x, o);
    for (int i = 0; i < 6; ++i) {
        REQUIRE(r.weights.head(0).row(i).sum() == Approx(1.0).margin(1e-6));
        REQUIRE(r.weights.head(0)(i, i) > 0.99f);
    }
}

TEST_CASE("alibi refuses bad head counts, lengths and slope lists", "[alibi][errors]") {
    REQUIRE_THROWS_WITH(alibi_slopes(0), "heads 0 must be a finite positive integer");
    REQUIRE_THROWS_WITH(alibi_bias(0, 3, 2), "query length 0 must be a finite positive integer");
    REQUIRE_THROWS_WITH(alibi_bias(3, -1, 2), "key length -1 must be a finite positive integer");
    REQUIRE_THROWS_WITH(alibi_bias(2, 2, std::vector<float>{}), "the list of ALiBi slopes is empty; give one slope per head");
    REQUIRE_THROWS_WITH(alibi_bias(2, 2, std::vector<float>{NAN}), "ALiBi slope NaN must be a finite number");
    const Matrix x = Matrix::Zero(2, 4);
    const std::vector<float> three(3, 0.5f);
    AttentionOptions o;
    o.heads = 2;
    o.alibi_slopes = &three;
    REQUIRE_THROWS_WITH(attention(x, x, x, o), "alibi has 3 slopes but attention has 2 heads; give one slope per head");
}
