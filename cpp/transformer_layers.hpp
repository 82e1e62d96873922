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
//   softmax of one row of n scores (attention, over the visible keys), and its backward given α and ∂α:
//     α_j = e^{s_j − m}/Σ_k e^{s_k − m}, m = max_k s_k;     ∂s_j = α_j·(∂α_j − Σ_k α_k·∂α_k)
//   cross-entropy of row r with target y_r ≥ 0 (rows with y_r = −1 are not scored), over n scored rows:
//     loss = (1/n) Σ_r (logsumexp(z_r) − z_r[y_r]),   ∂z_r = (softmax(z_r) − onehot(y_r))/n
//
// Shapes: x, dy, dx (B·L)×D; w, b 1×D; ρ (B·L)×1; u, t (B·L)×F; logits (B·L)×V.
// The float tanh of gelu is the vectorised tanh_fast (via simd128.hpp's exp; absolute error below
// 1e-6, tested against std::tanh); double uses std::tanh.
// Softmax rows: softmax_in_place/softmax_backward_in_place are what the model calls; in float the
// 4-lane versions (max, sums and the vectorised exp of simd128.hpp in four lanes), in double the
// plain *_reference loops with std::exp; the tests compare them in float within 1e-6·(1 + |ref|).
// Layer norm: layer_norm_forward/backward are what the model calls; in float they run the 4-lane
// versions (layer_norm_forward_fast/backward_fast: each row's sums in four partial sums, so in a
// different order), in double the plain layer_norm_*_reference (Eigen row expressions, which
// WebAssembly runs scalar). tests/cpp/test_transformer_layers.cpp compares them in float:
// |fast − reference| ≤ 1e-5·(1 + |reference|).
// Leaves out: RMSNorm, exact (erf) GELU, label smoothing.
#pragma once

#include <algorithm>
#include <cmath>
#include <type_traits>
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

// The 4-lane layer norm in float (transformer_layers.cpp); same contracts as the references below.
void layer_norm_forward_fast(const Mat<float>& x, const Mat<float>& w, const Mat<float>& b, Mat<float>& xhat,
                             Col<float>& rstd, Mat<float>& y);
void layer_norm_backward_fast(const Mat<float>& dy, const Mat<float>& xhat, const Col<float>& rstd,
                              const Mat<float>& w, Mat<float>& dx, Mat<float>& dw, Mat<float>& db, bool accumulate);

// y = LN(x)·w + b; keeps x̂ and ρ for the backward.
template <typename T>
void layer_norm_forward_reference(const Mat<T>& x, const Mat<T>& w, const Mat<T>& b, Mat<T>& xhat, Col<T>& rstd,
                                  Mat<T>& y) {
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
void layer_norm_backward_reference(const Mat<T>& dy, const Mat<T>& xhat, const Col<T>& rstd, const Mat<T>& w,
                                   Mat<T>& dx, Mat<T>& dw, Mat<T>& db, bool accumulate) {
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

template <typename T>
void layer_norm_forward(const Mat<T>& x, const Mat<T>& w, const Mat<T>& b, Mat<T>& xhat, Col<T>& rstd, Mat<T>& y) {
    if constexpr (std::is_same_v<T, float>)
        layer_norm_forward_fast(x, w, b, xhat, rstd, y);
    else
        layer_norm_forward_reference<T>(x, w, b, xhat, rstd, y);
}

template <typename T>
void layer_norm_backward(const Mat<T>& dy, const Mat<T>& xhat, const Col<T>& rstd, const Mat<T>& w, Mat<T>& dx,
                         Mat<T>& dw, Mat<T>& db, bool accumulate) {
    if constexpr (std::is_same_v<T, float>)
        layer_norm_backward_fast(dy, xhat, rstd, w, dx, dw, db, accumulate);
    else
        layer_norm_backward_reference<T>(dy, xhat, rstd, w, dx, dw, db, accumulate);
}

// The 4-lane softmax rows in float (transformer_layers.cpp); same contracts as the references below.
void softmax_in_place_fast(float* s, int n);
void softmax_backward_in_place_fast(const float* alpha, float* d, int n);

// s[0..n) ← softmax(s), n ≥ 1.
template <typename T>
void softmax_in_place_reference(T* s, int n) {
    T m = s[0];
    for (int j = 1; j < n; ++j) m = std::max(m, s[j]);
    T sum = T(0);
    for (int j = 0; j < n; ++j) {
        s[j] = std::exp(s[j] - m);
        sum += s[j];
    }
    const T inv = T(1) / sum;
    for (int j = 0; j < n; ++j) s[j] *= inv;
}

// d[0..n) ← α ∘ (d − Σ_j α_j·d_j): ∂α (in d) to ∂s.
template <typename T>
void softmax_backward_in_place_reference(const T* alpha, T* d, int n) {
    T dot = T(0);
    for (int j = 0; j < n; ++j) dot += alpha[j] * d[j];
    for (int j = 0; j < n; ++j) d[j] = alpha[j] * (d[j] - dot);
}

template <typename T>
void softmax_in_place(T* s, int n) {
    if constexpr (std::is_same_v<T, float>)
        softmax_in_place_fast(s, n);
    else
        softmax_in_place_reference<T>(s, n);
}

template <typename T>
void softmax_backward_in_place(const T* alpha, T* d, int n) {
    if constexpr (std::is_same_v<T, float>)
        softmax_backward_in_place_fast(alpha, d, n);
    else
        softmax_backward_in_place_reference<T>(alpha, d, n);
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
