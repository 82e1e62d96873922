// test_attention_fused.cpp: the fused attention against the reference attention (attention.cpp,
// itself checked against a naive double-precision loop in test_attention.cpp), and the fused
// kernel's vectorised exp against double-precision std::exp.
//
// Tolerance: outputs agree within 2e-5 absolute (|v| ≤ 1, so outputs are ≤ 1 in magnitude; both
// sides sum ≤ 128-term float32 products, and the fused side rescales partial sums tile by tile).
#include <cmath>
#include <limits>
#include <random>
#include <vector>

#include "alibi.hpp"
#include "attention_fused.hpp"
#include "helpers.hpp"

using namespace posenc;
using posenc::test::uniform_matrix;

namespace {


constexpr double kTolerance = 2e-5;

void require_fused_matches_reference(const Matrix& q, const Matrix& k, const Matrix& v, AttentionOptions o) {
    o.weights = false;
    const AttentionResult fused = attention_fused(q, k, v, o);
    const AttentionResult ref = attention_reference(q, k, v, o);
    REQUIRE(fused.weights.empty());
    REQUIRE(fused.output.rows() == ref.output.rows());
    REQUIRE(fused.output.cols() == ref.output.cols());
    double worst = 0;
    for (Eigen::Index i = 0; i < ref.output.size(); ++i)
        worst = std::max(worst, std::abs(double(fused.output.data()[i]) - ref.output.data()[i]));
    INFO("largest difference " << worst);
    REQUIRE(worst <= kTolerance);
}

}  // namespace

TEST_CASE("the vectorised exp is within 2e-7 relative error of exp from -87.33 to 88.37", "[attention_fused]") {
    std::vector<float> x, y;
    for (double t = -87.33; t <= 88.37; t += 1.3e-4) x.push_back(float(t));
    for (float t : {0.0f, -0.0f, 1e-7f, -1e-7f, 0.5f * std::log(2.0f), -0.5f * std::log(2.0f)}) x.push_back(t);
    y.resize(x.size());
    fused_exp(x.data(), y.data(), int(x.size()));
    double worst = 0;
    for (std::size_t i = 0; i < x.size(); ++i) {
        const double want = std::exp(double(x[i]));
        worst = std::max(worst, std::abs(y[i] - want) / want);
    }
    INFO("largest relative error " << worst << " over " << x.size() << " points");
    REQUIRE(worst <= 2e-7);
}

TEST_CASE("the vectorised exp gives exactly 0 for masked lanes, NaN and underflow, and exactly 1 at 0", "[attention_fused]") {
    const float inf = std::numeric_limits<float>::infinity();
    const float x[6] = {-inf, std::numeric_limits<float>::quiet_NaN(), -88.0f, -1e30f, 0.0f, -0.0f};
    float y[6];
    fused_exp(x, y, 6);
    for (int i = 0; i < 4; ++i) REQUIRE(y[i] == 0.0f);
    REQUIRE(y[4] == 1.0f);
    REQUIRE(y[5] == 1.0f);
}

TEST_CASE("fused attention matches the reference on random shapes, heads, masks, biases, ALiBi and RoPE", "[attention_fused]") {
    std::mt19937 rng(2024);
    std::uniform_int_distribution<int> heads(1, 16), width(4, 128), length(1, 150), extra(0, 40), coin(0, 1), bias_kind(0, 2);
    for (int trial = 0; trial < 80; ++trial) {
        const int H = trial % 3 == 0 ? heads(rng) : 1 + heads(rng) / 4;  // 1 to 16, mostly few
        const int Dh = width(rng), L = length(rng);
        const bool causal = coin(rng);
        const int S = causal ? L + extra(rng) : length(rng);
        const int D = H * Dh;
        if (double(L) * S * H * Dh > 2e7) continue;  // keep the reference's time modest
        const int b = bias_kind(rng);  // 0: none, 1: shared 1×L×S, 2: per head H×L×S
        const bool alibi = coin(rng), rotary = Dh % 2 == 0 && coin(rng);
        INFO("trial " << trial << ": L=" << L << " S=" << S << " H=" << H << " Dh=" << Dh << " causal=" << causal
                      << " bias=" << (b == 0 ? "none" : b == 1 ? "shared" : "per head") << " alibi=" << alibi
                      << " rope=" << rotary);
        HeadTensor bias;
        AttentionOptions o;
        o.heads = H;
        o.causal = causal;
        const std::vector<float> slopes = alibi_slopes(H);
        if (alibi) o.alibi_slopes = &slopes;
        RopeOptions rope;
        rope.layout = coin(rng) ? Layout::interleaved : Layout::halves;
        if (rotary) o.rope = &rope;
        if (b) {
            bias = HeadTensor(b == 1 ? 1 : H, L, S);
            for (float& x : bias.data) x = std::uniform_real_distribution<float>(-3, 3)(rng);
            o.bias = &bias;
        }
        require_fused_matches_reference(uniform_matrix(rng, L, D), uniform_matrix(rng, S, D), uniform_matrix(rng, S, D), o);
    }
}

TEST_CASE("fused attention matches the reference across exact tile boundaries", "[attention_fused]") {
    std::mt19937 rng(11);
    for (int L : {kQueryTile - 1, kQueryTile, kQueryTile + 1, 4 * kQueryTile})
        for (int S : {kKeyTile - 1, kKeyTile, kKeyTile + 1, 3 * kKeyTile})
            for (bool causal : {false, true}) {
                if (causal && L > S) continue;
                INFO("L=" << L << " S=" << S << " causal=" << causal);
                AttentionOptions o;
                o.heads = 2;
                o.causal = causal;
                require_fused_matches_reference(uniform_matrix(rng, L, 16), uniform_matrix(rng, S, 16),
                                                uniform_matrix(rng, S, 16), o);
            }
}

TEST_CASE("fused attention keeps its running max right when later keys score far higher", "[attention_fused]") {
    // Large q and k make scores span about ±60, so the running max grows tile after tile and the
    // partial sums are rescaled many times; keys that score highest come last.
    std::mt19937 rng(3);
    const int L = 37, S = 300, D = 32;
    Matrix q = uniform_matrix(rng, L, D, 3.0f), k = uniform_matrix(rng, S, D, 3.0f);
    for (int j = 0; j < S; ++j) k.row(j) *= 0.2f + 2.0f * j / S;
    AttentionOptions o;
    o.heads = 1;
    require_fused_matches_reference(q, k, uniform_matrix(rng, S, D), o);
}

TEST_CASE("attention runs the reference when weights are requested and the fused kernel otherwise", "[attention_fused]") {
    std::mt19937 rng(8);
    const Matrix q = uniform_matrix(rng, 20, 12), k = uniform_matrix(rng, 30, 12), v = uniform_matrix(rng, 30, 12);
    AttentionOptions o;
    o.heads = 3;
    const AttentionResult with = attention(q, k, v, o);
    REQUIRE(with.weights.heads == 3);
    o.weights = false;
    const AttentionResult without = attention(q, k, v, o);
    REQUIRE(without.weights.empty());
    REQUIRE(without.output == attention_fused(q, k, v, o).output);
    REQUIRE((without.output - with.output).cwiseAbs().maxCoeff() <= kTolerance);
}

TEST_CASE("fused attention refuses weights and checks its inputs like the reference", "[attention_fused][errors]") {
    const Matrix q = Matrix::Zero(3, 10), k = Matrix::Zero(4, 10), v = Matrix::Zero(4, 10);
    AttentionOptions o;
    REQUIRE_THROWS_WITH(attention_fused(q, k, v, o),
                        "the fused attention returns no weights and takes no relative-position vectors; call "
                        "attention() for those");
    o.weights = false;
    o.heads = 3;
    REQUIRE_THROWS_WITH(attention_fused(q, k, v, o), "width 10 is not divisible by 3 heads");
}

TEST_CASE("causal fused attention at L = 1024 scores at most 0.55 of the pairs full attention scores", "[attention_fused]") {
    // A count of the work done (FusedAttentionStats), not a time: causal tile skipping must leave
    // each query tile at its own last visible key. Visible pairs per head: L(L + 1)/2 of L².
    std::mt19937 rng(5);
    const int L = 1024, H = 8, Dh = 8;
    const Matrix q = uniform_matrix(rng, L, H * Dh), k = uniform_matrix(rng, L, H * Dh), v = uniform_matrix(rng, L, H * Dh);
    AttentionOptions o;
    o.heads = H;
    o.weights = false;
    FusedAttentionStats full, causal;
    attention_fused(q, k, v, o, &full);
    o.causal = true;
    attention_fused(q, k, v, o, &causal);
    const double visible = double(H) * L * (L + 1) / 2;
    INFO("full " << full.scored_pairs << " pairs in " << full.key_tiles << " steps, causal " << causal.scored_pairs
                 << " pairs in " << causal.key_tiles << " steps, visible " << visible);
    REQUIRE(full.scored_pairs == (long long)H * L * L);
    REQUIRE(double(causal.scored_pairs) <= 0.55 * double(full.scored_pairs));
    REQUIRE(double(causal.key_tiles) <= 0.55 * double(full.key_tiles));
    // Every visible pair is scored, and a query tile scores at most 0 + 1 + … + 15 = 120 masked
    // pairs (its rows stop at its last row's limit).
    REQUIRE(double(causal.scored_pairs) >= visible);
    REQUIRE(double(causal.scored_pairs) <= visible + 120.0 * H * (L / kQueryTile));
}

TEST_CASE("causal fused attention with earlier keys (S > L) scores each query tile only to its last visible key", "[attention_fused]") {
    std::mt19937 rng(6);
    const int L = 200, S = 333, H = 2, Dh = 4;
    AttentionOptions o;
    o.heads = H;
    o.weights = false;
    o.causal = true;
    FusedAttentionStats stats;
    attention_fused(uniform_matrix(rng, L, H * Dh), uniform_matrix(rng, S, H * Dh), uniform_matrix(rng, S, H * Dh), o, &stats);
    double visible = 0;  // query i sees keys j ≤ i + (S − L)
    for (int i = 0; i < L; ++i) visible += i + (S - L) + 1;
    visible *= H;
    const int tiles = (L + kQueryTile - 1) / kQueryTile;
    INFO("scored " << stats.scored_pairs << ", visible " << visible);
    REQUIRE(double(stats.scored_pairs) >= visible);
    // 120 masked pairs at most per full query tile; the last, partial tile (200 = 12·16 + 8) also
    // computes 8 padding lanes on each of its keys (≤ S).
    REQUIRE(double(stats.scored_pairs) <= visible + H * (120.0 * tiles + 8.0 * S));
}
