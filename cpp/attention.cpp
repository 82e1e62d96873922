// attention.cpp: the reference attention of attention.hpp, its checks and the dispatcher.
// The reference is plain and obviously correct: it walks the queries in blocks of kBlock rows so
// that memory stays O(kBlock·S) when weights are not kept.
#include "attention.hpp"

#include <algorithm>
#include <cmath>

#include "attention_fused.hpp"
#include "relative.hpp"

namespace posenc {

double attention_work(double L, double S, double D, double H, bool causal) {
    const double pairs = causal ? L * (S - L) + L * (L + 1) / 2 : L * S;
    return pairs * (D + 16 * H);
}

void check_attention_inputs(const Matrix& q, const Matrix& k, const Matrix& v, const AttentionOptions& opts) {
    const int heads = require_size(opts.heads, "heads");
    if (q.cols() != k.cols())
        throw Error("k is " + shape_text(k.rows(), k.cols()) + " but q has " + std::to_string(q.cols()) +
                    " columns; q and k must have the same width");
    if (v.cols() != q.cols())
        throw Error("v is " + shape_text(v.rows(), v.cols()) + " but q has " + std::to_string(q.cols()) +
                    " columns; q and v must have the same width");
    if (v.rows() != k.rows())
        throw Error("v has " + std::to_string(v.rows()) + " rows but k has " + std::to_string(k.rows()) +
                    "; every key needs one value");
    require_divisible(int(q.cols()), heads);
    const Eigen::Index L = q.rows(), S = k.rows();
    if (opts.causal && L > S)
        throw Error("causal attention with " + std::to_string(L) + " queries needs at least as many keys, not " +
                    std::to_string(S));
    if (opts.bias) {
        const HeadTensor& b = *opts.bias;
        if ((b.heads != 1 && b.heads != heads) || b.rows != L || b.cols != S) {
            const std::string shared = "1×" + shape_text(L, S);
            const std::string rule = heads == 1 ? shared : shared + " or " + std::to_string(heads) + "×" + shape_text(L, S);
            throw Error("bias is " + std::to_string(b.heads) + "×" + shape_text(b.rows, b.cols) + " but must be " +
                        rule + " (heads × queries × keys)");
        }
    }
    if (opts.rope) check_rope(int(q.cols()), heads, *opts.rope);
    if (opts.alibi_slopes) {
        if (int(opts.alibi_slopes->size()) != heads)
            throw Error("alibi has " + std::to_string(opts.alibi_slopes->size()) + " slopes but attention has " +
                        std::to_string(heads) + (heads == 1 ? " head" : " heads") + "; give one slope per head");
        for (float m : *opts.alibi_slopes) require_finite(m, "ALiBi slope");
    }
    if (opts.relative_keys || opts.relative_values) {
        const int k = require_count(opts.max_distance, "maxDistance");
        const int Dh = int(q.cols()) / heads;
        if (opts.relative_keys) require_relative_table(*opts.relative_keys, k, Dh, "relativeKeys");
        if (opts.relative_values) require_relative_table(*opts.relative_values, k, Dh, "relativeValues");
    }
    if (opts.weights) require_result_fits(double(L), double(S), heads, "attention weights tensor");
    const double work = attention_work(double(L), double(S), double(q.cols()), heads, opts.causal);
    if (work > kMaxAttentionWork)
        throw Error("attention of " + std::to_string(L) + " queries and " + std::to_string(S) + " keys of width " +
                    std::to_string(q.cols()) + " needs " + format_number(work) +
                    " operations (visible pairs × (D + 16·H)), over the limit of " + format_number(kMaxAttentionWork) +
                    "; use fewer queries or keys");
    require_finite_values(q, "q");
    require_finite_values(k, "k");
    require_finite_values(v, "v");
    if (opts.bias) require_finite_values(*opts.bias, "bias");
    if (opts.relative_keys) require_finite_values(*opts.relative_keys, "relativeKeys");
    if (opts.relative_values) require_finite_values(*opts.relative_values, "relativeValues");
}

// Finite inputs can still overflow float32 in q·k (e.g. values near 1e30): refuse by name rather
// than return NaN weights.
[[noreturn]] static void throw_score_overflow(const Matrix& scores, int h, Eigen::Index i0) {
    for (Eigen::Index r = 0; r < scores.rows(); ++r)
        for (Eigen::Index j = 0; j < scores.cols(); ++j)
            if (!std::isfinite(scores(r, j)))
                throw Error("the score of query " + std::to_string(i0 + r) + " and key " + std::to_string(j) +
                            " in head " + std::to_string(h) + " is " + format_number(scores(r, j)) +
                            "; q·k/√Dh overflows float32, so scale q, k or the bias down");
    throw Error("a score overflows float32");
}

// The reference computation on inputs already checked (attention() checks them once, before it
// chooses a kernel).
static AttentionResult attention_reference_unchecked(const Matrix& q, const Matrix& k, const Matrix& v,
                                                     const AttentionOptions& opts);

AttentionResult attention(const Matrix& q, const Matrix& k, const Matrix& v, const AttentionOptions& opts) {
    check_attention_inputs(q, k, v, opts);
    return fused_attention_supports(q, k, opts) ? attention_fused_unchecked(q, k, v, opts)
                                                : attention_reference_unchecked(q, k, v, opts);
}

AttentionResult attention_reference(const Matrix& q, const Matrix& k, const Matrix& v, const AttentionOptions& opts) {
    check_attention_inputs(q, k, v, opts);
    return attention_reference_unchecked(q, k, v, opts);
}

static AttentionResult attention_reference_unchecked(const Matrix& q, const Matrix& k, const Matrix& v,
                                                     const AttentionOptions& opts) {
    const int H = opts.heads;
    const Eigen::Index L = q.rows(), S = k.rows(), D = q.cols(), Dh = D / H;
    const float scale = 1.0f / std::sqrt(float(Dh));
    constexpr Eigen::Index kBlock = 64;

    AttentionResult result;
    result.output = Matrix::Zero(L, D);
    if (opts.weights) result.weights = HeadTensor(H, int(L), int(S));

    // RoPE: rotate q at positions i + (S − L) and k at positions j, then attend as usual.
    const RotatedQK rotated = opts.rope ? rope_for_attention(q, k, H, *opts.rope) : RotatedQK{};
    const Matrix& qq = opts.rope ? rotated.q : q;
    const Matrix& kk = opts.rope ? rotated.k : k;
    // Shaw et al.: index of the clipped distance j − i' into the 2k+1 rows of aᴷ and aⱽ.
    const Eigen::Index kmax = opts.max_distance;
    auto relative_row = [&](Eigen::Index i, Eigen::Index j) {
        return std::clamp(j - (i + (S - L)), -kmax, kmax) + kmax;
    };

    Matrix scores, query_rel, weight_rel;
    for (int h = 0; h < H; ++h) {
        const auto Qh = qq.middleCols(h * Dh, Dh);
        const auto Kh = kk.middleCols(h * Dh, Dh);
        const auto Vh = v.middleCols(h * Dh, Dh);
        for (Eigen::Index i0 = 0; i0 < L; i0 += kBlock) {
            const Eigen::Index n = std::min(kBlock, L - i0);
            scores.noalias() = (Qh.middleRows(i0, n) * Kh.transpose()) * scale;
            if (opts.relative_keys) {
                // q_i·aᴷ_r for every row r of aᴷ, then picked by each pair's distance.
                query_rel.noalias() = (Qh.middleRows(i0, n) * opts.relative_keys->transpose()) * scale;
                for (Eigen::Index r = 0; r < n; ++r)
                    for (Eigen::Index j = 0; j < S; ++j) scores(r, j) += query_rel(r, relative_row(i0 + r, j));
            }
            if (opts.bias) {
                const HeadTensor& b = *opts.bias;
                scores += b.head(b.heads == 1 ? 0 : h).middleRows(i0, n);
            }
            if (opts.alibi_slopes) {
                const float m = (*opts.alibi_slopes)[std::size_t(h)];
                for (Eigen::Index r = 0; r < n; ++r)
                    for (Eigen::Index j = 0; j < S; ++j)
                        scores(r, j) += -m * float(std::abs(i0 + r + (S - L) - j));
            }
            if (!scores.allFinite()) throw_score_overflow(scores, h, i0);
            for (Eigen::Index r = 0; r < n; ++r) {
                // Causal: keys after `visible` are masked; they get weight exactly 0 (Eigen's
                // vectorised exp(-inf) is a tiny denormal, not 0, so they are never exponentiated).
                const Eigen::Index visible = opts.causal ? i0 + r + (S - L) + 1 : S;
                auto seen = scores.row(r).head(visible);
                const float m = seen.maxCoeff();
                seen = (seen.array() - m).exp();
                seen /= seen.sum();
                scores.row(r).tail(S - visible).setZero();
            }
            result.output.block(i0, h * Dh, n, Dh).noalias() = scores * Vh;
            if (opts.relative_values) {
                // Σ_j α_ij·aⱽ_(row of j − i'): sum the weights falling on each row, then one product.
                weight_rel = Matrix::Zero(n, 2 * kmax + 1);
                for (Eigen::Index r = 0; r < n; ++r)
                    for (Eigen::Index j = 0; j < S; ++j) weight_rel(r, relative_row(i0 + r, j)) += scores(r, j);
                result.output.block(i0, h * Dh, n, Dh).noalias() += weight_rel * *opts.relative_values;
            }
            if (opts.weights) result.weights.head(h).middleRows(i0, n) = scores;
        }
    }
    return result;
}

}  // namespace posenc
