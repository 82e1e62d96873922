// transformer_layers.hpp: the transformer's pointwise and row-wise layers (layer norm, GELU,
// softmax cross-entropy), forward and backward, as templates on the scalar type (float for
// training, double for the gradient checks). transformer.cpp composes them; tests check each
// backward against finite differences through the whole model.
//
//   layer norm, row r of x (1×D), eps = 1e-5, biased variance (as torch.nn.LayerNorm):
//     μ = mean(x_r), σ² = mean((x_r − μ)²), ρ = 1/√(σ² + eps), x̂ = (x_r − μ)·ρ, y = x̂∘w + b
//     backward: ∂w += Σ_r dy∘x̂, ∂b += Σ_r dy, g = dy∘w,  dx = ρ·(g − mean(g) − x̂·mean(g∘x̂))
//   gelu (GPT-2's tanh approximation), c = √(2/π):
//     t = tanh(c·(u + 0.044715u³)),  gelu(u) = ½u(1 + t)
//     gelu'(u) = ½(1 + t) + ½u(1 − t²)·c·(1 + 3·0.044715u²)
//   cross-entropy of row r with target y_r ≥ 0 (rows with y_r = −1 are not scored), over n scored rows:
//     loss = (1/n) Σ_r (logsumexp(z_r) − z_r[y_r]),   ∂z_r = (softmax(z_r) − onehot(y_r))/n
//
// Shapes: x, dy, dx (B·L)×D; w, b 1×D; ρ (B·L)×1; u, t (B·L)×F; logits (B·L)×V.
// The float tanh of gelu is the vectorised tanh_fast (via simd128.hpp's exp; absolute error below
// 1e-6, tested against std::tanh); double uses std::tanh.
// Leaves out: RMSNorm, exact (erf) GELU, label smoothing.
#pragma once

#include <cmath>
#include <vector>

#include "matrix.hpp"

namespace posenc::layers {

template <typename T>
using Mat = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
template <typename T>
using Col = Eigen::Matrix<T, Eigen::Dynamic, 1>;

inline constexpr double kLayerNormEps = 1e-5;
inline constexpr double kGeluC = 0.7978845608028654;  // √(2/π)
inline constexpr double kGeluA = 0.044715;

// tanh(x) = 1 − 2/(e^{2x} + 1) for n floats with the vectorised exp; ±1 beyond |x| > 9.
void tanh_fast(const float* x, float* y, int n);

// y = LN(x)·w + b; keeps x̂ and ρ for the backward.
template <typename T>
void layer_norm_forward(const Mat<T>& x, const Mat<T>& w, const Mat<T>& b, Mat<T>& xhat, Col<T>& rstd, Mat<T>& y) {
    const Eigen::Index R = x.rows(), D = x.cols();
    xhat.resize(R, D);
    rstd.resize(R);
    y.resize(R, D);
    for (Eigen::Index r = 0; r < R; ++r) {
        const T mu = x.row(r).sum() / T(D);
        xhat.row(r) = x.row(r).array() - mu;
        const T var = xhat.row(r).squaredNorm() / T(D);
        const T rho = T(1) / std::sqrt(var + T(kLayerNormEps));
        rstd(r) = rho;
        xhat.row(r) *= rho;
        y.row(r) = xhat.row(r).cwiseProduct(w.row(0)) + b.row(0);
    }
}

// dx (+)= LN backward of dy; dw, db accumulate. accumulate = false assigns dx.
template <typename T>
void layer_norm_backward(const Mat<T>& dy, const Mat<T>& xhat, const Col<T>& rstd, const Mat<T>& w, Mat<T>& dx,
                         Mat<T>& dw, Mat<T>& db, bool accumulate) {
    const Eigen::Index R = dy.rows(), D = dy.cols();
    if (!accumulate) dx.setZero(R, D);
    dw.row(0) += (dy.array() * xhat.array()).colwise().sum().matrix();
    db.row(0) += dy.colwise().sum();
    Eigen::Matrix<T, 1, Eigen::Dynamic> g(D);
    for (Eigen::Index r = 0; r < R; ++r) {
        g = dy.row(r).cwiseProduct(w.row(0));
        const T mg = g.sum() / T(D);
        const T mgx = g.dot(xhat.row(r)) / T(D);
        dx.row(r).array() += rstd(r) * (g.array() - mg - xhat.row(r).array() * mgx);
    }
}

// g = gelu(u), keeping t = tanh(c·(u + a·u³)).
template <typename T>
void gelu_forward(const Mat<T>& u, Mat<T>& t, Mat<T>& g) {
    t.resize(u.rows(), u.cols());
    g.resize(u.rows(), u.cols());
    const Eigen::Index n = u.size();
    const T* up = u.data();
    T* tp = t.data();
    for (Eigen::Index i = 0; i < n; ++i) tp[i] = T(kGeluC) * (up[i] + T(kGeluA) * up[i] * up[i] * up[i]);
    if constexpr (std::is_same_v<T, float>) {
        tanh_fast(tp, tp, int(n));
    } else {
        for (Eigen::Index i = 0; i < n; ++i) tp[i] = std::tanh(tp[i]);
    }
    T* gp = g.data();
    for (Eigen::Index i = 0; i < n; ++i) gp[i] = T(0.5) * up[i] * (T(1) + tp[i]);
}

// du = dg ∘ gelu'(u), in place of dg.
template <typename T>
void gelu_backward(const Mat<T>& u, const Mat<T>& t, Mat<T>& dg) {
    const Eigen::Index n = u.size();
    const T* up = u.data();
    const T* tp = t.data();
    T* d = dg.data();
    for (Eigen::Index i = 0; i < n; ++i) {
        const T x = up[i], th = tp[i];
        const T deriv = T(0.5) * (T(1) + th) +
                        T(0.5) * x * (T(1) - th * th) * T(kGeluC) * (T(1) + T(3 * kGeluA) * x * x);
        d[i] *= deriv;
    }
}

// Mean cross-entropy over rows with target ≥ 0. When `dlogits` is non-null it receives ∂loss/∂logits
// (zero rows where not scored). No scored row: loss 0, dlogits 0.
template <typename T>
T cross_entropy(const Mat<T>& logits, const std::vector<int>& targets, Mat<T>* dlogits) {
    const Eigen::Index R = logits.rows(), V = logits.cols();
    Eigen::Index scored = 0;
    for (Eigen::Index r = 0; r < R; ++r) scored += targets[std::size_t(r)] >= 0;
    if (dlogits) dlogits->setZero(R, V);
    if (scored == 0) return T(0);
    const T inv = T(1) / T(scored);
    T total = T(0);
    for (Eigen::Index r = 0; r < R; ++r) {
        const int y = targets[std::size_t(r)];
        if (y < 0) continue;
        const T m = logits.row(r).maxCoeff();
        T sum = T(0);
        for (Eigen::Index v = 0; v < V; ++v) sum += std::exp(logits(r, v) - m);
        total += m + std::log(sum) - logits(r, y);
        if (dlogits) {
            for (Eigen::Index v = 0; v < V; ++v) (*dlogits)(r, v) = std::exp(logits(r, v) - m) / sum * inv;
            (*dlogits)(r, y) -= inv;
        }
    }
    return total * inv;
}

}  // namespace posenc::layers
