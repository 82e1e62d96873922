// test_relative.cpp: Shaw et al. (2018) clipped distances (key position − query position) and
// relative attention against a naive double-precision loop written here from the paper's formulas
// e_ij = q_i·(k_j + aᴷ_clip(j−i))/√Dh, z_i = Σ_j α_ij (v_j + aⱽ_clip(j−i)); and document 003's
// PE(pos1) + RPE(pos1 − pos2) tensor against Python's math.sin/math.cos of the same formula.
#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

#include "attention.hpp"
#include "helpers.hpp"
#include "relative.hpp"

using namespace posenc;
using posenc::test::uniform_matrix;

namespace {

// Shaw et al. literally: for each head, query i at position i + (S − L), key j at j.
struct Naive { std::vector<double> out, weights; };
Naive naive_shaw(const Matrix& q, const Matrix& k, const Matrix& v, int H, int kmax, const Matrix* aK,
                 const Matrix* aV, bool causal) {
    const int L = int(q.rows()), S = int(k.rows()), D = int(q.cols()), Dh = D / H;
    Naive r{std::vector<double>(std::size_t(L) * D, 0.0), std::vector<double>(std::size_t(H) * L * S, 0.0)};
    for (int h = 0; h < H; ++h)
        for (int i = 0; i < L; ++i) {
            const int qi = i + (S - L);
            std::vector<double> e(S, -INFINITY);
            double m = -INFINITY;
            for (int j = 0; j < S; ++j) {
                if (causal && j > qi) continue;
                const int row = std::clamp(j - qi, -kmax, kmax) + kmax;
                double dot = 0;
                for (int c = 0; c < Dh; ++c)
                    dot += double(q(i, h * Dh + c)) * (double(k(j, h * Dh + c)) + (aK ? double((*aK)(row, c)) : 0.0));
                e[j] = dot / std::sqrt(double(Dh));
                m = std::max(m, e[j]);
            }
            double sum = 0;
            for (int j = 0; j < S; ++j) sum += (e[j] = std::exp(e[j] - m));
            for (int j = 0; j < S; ++j) {
                const double a = e[j] / sum;
                const int row = std::clamp(j - qi, -kmax, kmax) + kmax;
                r.weights[(std::size_t(h) * L + i) * S + j] = a;
                for (int c = 0; c < Dh; ++c)
                    r.out[std::size_t(i) * D + h * Dh + c] +=
                        a * (double(v(j, h * Dh + c)) + (aV ? double((*aV)(row, c)) : 0.0));
            }
        }
    return r;
}
}  // namespace

TEST_CASE("relative distances are key position minus query position, clipped to k", "[relative]") {
    // Shaw et al.: clip(j − i, −k, k) with k = 2.
    const std::vector<int> d = relative_distances(4, 4, 2);
    const std::vector<int> want = {0, 1, 2, 2, -1, 0, 1, 2, -2, -1, 0, 1, -2, -2, -1, 0};
    REQUIRE(d == want);
    // Without clipping, and with 2 queries at the last of 4 key positions (2 and 3).
    REQUIRE(relative_distances(2, 4) == std::vector<int>{-2, -1, 0, 1, -3, -2, -1, 0});
    REQUIRE(relative_distances(1, 3, 0) == std::vector<int>{0, 0, 0});
}

TEST_CASE("Shaw relative attention matches the paper's formulas, keys and values, 1 to 3 heads", "[relative][attention]") {
    std::mt19937 rng(31);
    for (int H : {1, 3})
        for (int kmax : {0, 2, 5})
            for (bool causal : {false, true}) {
                const int L = causal ? 6 : 7, S = 9, Dh = 4, D = H * Dh;
                const Matrix q = uniform_matrix(rng, L, D), k = uniform_matrix(rng, S, D), v = uniform_matrix(rng, S, D);
                const Matrix aK = uniform_matrix(rng, 2 * kmax + 1, Dh), aV = uniform_matrix(rng, 2 * kmax + 1, Dh);
                for (int which = 0; which < 3; ++which) {  // keys only, values only, both
                    INFO("H=" << H << " k=" << kmax << " causal=" << causal << " which=" << which);
                    AttentionOptions o;
                    o.heads = H;
                    o.causal = causal;
                    o.max_distance = kmax;
                    if (which != 1) o.relative_keys = &aK;
                    if (which != 0) o.relative_values = &aV;
                    const AttentionResult got = attention(q, k, v, o);
                    const Naive want = naive_shaw(q, k, v, H, kmax, o.relative_keys, o.relative_values, causal);
                    for (Eigen::Index i = 0; i < got.output.size(); ++i)
                        REQUIRE(got.output.data()[i] == Approx(want.out[std::size_t(i)]).margin(2e-5));
                    for (std::size_t i = 0; i < want.weights.size(); ++i)
                        REQUIRE(got.weights.data[i] == Approx(want.weights[i]).margin(2e-5));
                    for (int h = 0; h < H; ++h)
                        for (int i = 0; i < L; ++i) REQUIRE(got.weights.head(h).row(i).sum() == Approx(1.0).margin(1e-5));
                }
            }
}

TEST_CASE("Shaw relative attention with zero vectors is plain attention", "[relative][attention]") {
    std::mt19937 rng(32);
    const Matrix x = uniform_matrix(rng, 5, 8);
    const Matrix zeros = Matrix::Zero(7, 4);
    AttentionOptions o;
    o.heads = 2;
    o.max_distance = 3;
    o.relative_keys = &zeros;
    o.relative_values = &zeros;
    const AttentionResult a = attention(x, x, x, o), b = attention(x, x, x, AttentionOptions{2});
    for (Eigen::Index i = 0; i < a.output.size(); ++i) REQUIRE(a.output.data()[i] == Approx(b.output.data()[i]).margin(1e-6));
}

TEST_CASE("003's PE(pos1) + RPE(pos1 - pos2) tensor matches the formula for L = 3, D = 4", "[relative][doc003]") {
    // Python: pe(p1)[c] + pe(p1 − p2)[c] with pe(p) = [sin(p/10000^(2i/4)), cos(…)] interleaved.
    const double want[3][3][4] = {
        {{0.0, 2.0, 0.0, 2.0},
         {-0.8414709848078965, 1.5403023058681398, -0.009999833334166664, 1.9999500004166653},
         {-0.9092974268256817, 0.5838531634528576, -0.01999866669333308, 1.9998000066665778}},
        {{1.682941969615793, 1.0806046117362795, 0.01999966666833333, 1.9999000008333305},
         {0.8414709848078965, 1.5403023058681398, 0.009999833334166664, 1.9999500004166653},
         {0.0, 1.0806046117362795, 0.0, 1.9999000008333305}},
        {{1.8185948536513634, -0.8322936730942848, 0.03999733338666616, 1.9996000133331555},
         {1.7507684116335782, 0.12415546932099736, 0.029998500027499743, 1.999750007083243},
         {0.9092974268256817, 0.5838531634528576, 0.01999866669333308, 1.9998000066665778}}};
    const HeadTensor t = relative_sinusoidal(3, 4);
    REQUIRE((t.heads == 3 && t.rows == 3 && t.cols == 4));
    for (int p1 = 0; p1 < 3; ++p1)
        for (int p2 = 0; p2 < 3; ++p2)
            for (int c = 0; c < 4; ++c) REQUIRE(t.head(p1)(p2, c) == Approx(want[p1][p2][c]).margin(2e-6));
}

TEST_CASE("003's tensor grows as L·L·D and is refused past the size limit", "[relative][doc003]") {
    const HeadTensor t = relative_sinusoidal(50, 256);  // the document's num_tokens and embedding_dim
    REQUIRE(t.data.size() == std::size_t(50) * 50 * 256);
    REQUIRE_THROWS_WITH(relative_sinusoidal(2048, 256),
                        "a 2048×2048×256 relative encoding tensor needs 4294967296 bytes, over the limit of 268435456 "
                        "bytes (256 MiB)");
}

TEST_CASE("relative positions refuse bad sizes, distances and table shapes", "[relative][errors]") {
    REQUIRE_THROWS_WITH(relative_distances(0, 2), "query length 0 must be a finite positive integer");
    REQUIRE_THROWS_WITH(relative_distances(2, 2, -1), "maxDistance -1 must be a finite integer of at least 0");
    REQUIRE_THROWS_WITH(relative_distances(2, 2, NAN), "maxDistance NaN must be a finite integer of at least 0");
    REQUIRE_THROWS_WITH(relative_sinusoidal(3, 5), "width 5 must be even");
    const Matrix x = Matrix::Zero(3, 8);
    const Matrix five = Matrix::Zero(5, 4), wide = Matrix::Zero(5, 8);
    AttentionOptions o;
    o.heads = 2;
    o.max_distance = 3;
    o.relative_keys = &five;
    REQUIRE_THROWS_WITH(attention(x, x, x, o),
                        "relativeKeys is 5×4 but must be 7×4 (2·maxDistance + 1 = 7 rows of head width 4)");
    o.max_distance = 2;
    o.relative_keys = nullptr;
    o.relative_values = &wide;
    REQUIRE_THROWS_WITH(attention(x, x, x, o),
                        "relativeValues is 5×8 but must be 5×4 (2·maxDistance + 1 = 5 rows of head width 4)");
    o.max_distance = -1;
    REQUIRE_THROWS_WITH(attention(x, x, x, o), "maxDistance -1 must be a finite integer of at least 0");
}

TEST_CASE("Shaw's key term is one additive bias: attention with relative keys equals attention with that bias", "[relative][attention]") {
    std::mt19937 rng(33);
    const int L = 4, S = 7, H = 2, Dh = 4, kmax = 2;
    const Matrix q = uniform_matrix(rng, L, H * Dh), k = uniform_matrix(rng, S, H * Dh), v = uniform_matrix(rng, S, H * Dh);
    const Matrix aK = uniform_matrix(rng, 2 * kmax + 1, Dh);
    const HeadTensor bias = shaw_key_bias(q, S, aK, H, kmax);
    // Entry (h=1, i=0, j=0): query 0 sits at position 3, distance −3 clips to −2 → row 0.
    double want = 0;
    for (int c = 0; c < Dh; ++c) want += double(q(0, Dh + c)) * aK(0, c);
    REQUIRE(bias.head(1)(0, 0) == Approx(want / 2.0).margin(1e-6));
    AttentionOptions a, b;
    a.heads = b.heads = H;
    a.max_distance = kmax;
    a.relative_keys = &aK;
    b.bias = &bias;
    const AttentionResult ra = attention(q, k, v, a), rb = attention(q, k, v, b);
    for (Eigen::Index i = 0; i < ra.output.size(); ++i) REQUIRE(ra.output.data()[i] == Approx(rb.output.data()[i]).margin(1e-6));
    REQUIRE_THROWS_WITH(shaw_key_bias(q, S, aK, 3, kmax), "width 8 is not divisible by 3 heads");
    REQUIRE_THROWS_WITH(shaw_key_bias(q, S, aK, H, 1),
                        "relativeKeys is 5×4 but must be 3×4 (2·maxDistance + 1 = 3 rows of head width 4)");
}
