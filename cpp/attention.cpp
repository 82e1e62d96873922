// attention.cpp: the reference attention of attention.hpp. Plain and obviously correct: it walks
// the queries in blocks of kBlock rows so that memory stays O(kBlock·S) when weights are not kept.
#include "attention.hpp"

#include <cmath>

namespace posenc {

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
        if ((b.heads != 1 && b.heads != heads) || b.rows != L || b.cols != S)
            throw Error("bias is " + std::to_string(b.heads) + "×" + shape_text(b.rows, b.cols) + " but must be 1×" +
                        shape_text(L, S) + " or " + std::to_string(heads) + "×" + shape_text(L, S) +
                        " (heads × queries × keys)");
    }
    if (opts.alibi_slopes || opts.rope || opts.relative_keys || opts.relative_values)
        throw Error("ALiBi, RoPE and relative-position options of attention are not built yet");
    if (opts.weights) require_result_fits(double(L), double(S), heads, "attention weights tensor");
    require_finite_values(q, "q");
    require_finite_values(k, "k");
    require_finite_values(v, "v");
    if (opts.bias) require_finite_values(*opts.bias, "bias");
}

AttentionResult attention(const Matrix& q, const Matrix& k, const Matrix& v, const AttentionOptions& opts) {
    check_attention_inputs(q, k, v, opts);
    const int H = opts.heads;
    const Eigen::Index L = q.rows(), S = k.rows(), D = q.cols(), Dh = D / H;
    const float scale = 1.0f / std::sqrt(float(Dh));
    constexpr Eigen::Index kBlock = 64;

    AttentionResult result;
    result.output = Matrix::Zero(L, D);
    if (opts.weights) result.weights = HeadTensor(H, int(L), int(S));

    Matrix scores;
    for (int h = 0; h < H; ++h) {
        const auto Qh = q.middleCols(h * Dh, Dh);
        const auto Kh = k.middleCols(h * Dh, Dh);
        const auto Vh = v.middleCols(h * Dh, Dh);
        for (Eigen::Index i0 = 0; i0 < L; i0 += kBlock) {
            const Eigen::Index n = std::min(kBlock, L - i0);
            scores.noalias() = (Qh.middleRows(i0, n) * Kh.transpose()) * scale;
            if (opts.bias) {
                const HeadTensor& b = *opts.bias;
                scores += b.head(b.heads == 1 ? 0 : h).middleRows(i0, n);
            }
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
            if (opts.weights) result.weights.head(h).middleRows(i0, n) = scores;
        }
    }
    return result;
}

}  // namespace posenc
