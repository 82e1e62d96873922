// transformer_layers.cpp: see transformer_layers.hpp (the vectorised tanh and the 4-lane layer norm live here).
#include "transformer_layers.hpp"

#include <limits>

#include "simd128.hpp"

namespace posenc::layers {

void tanh_fast(const float* x, float* y, int n) {
    using namespace simd;
    int i = 0;
    for (; i + 4 <= n; i += 4) {
        const f4 v = min(max(load(x + i), splat(-9.0f)), splat(9.0f));
        const f4 e = exp(v + v);
        store(y + i, splat(1.0f) - splat(2.0f) / (e + splat(1.0f)));
    }
    for (; i < n; ++i) {
        const float v = std::min(std::max(x[i], -9.0f), 9.0f);
        const float e = std::exp(v + v);
        y[i] = 1.0f - 2.0f / (e + 1.0f);
    }
}

namespace {

// Σ of a[0..n) in four lanes, then across them (lane order fixed: the same sum natively and in WASM).
inline float sum_lanes(simd::f4 v) { return (v[0] + v[1]) + (v[2] + v[3]); }

}  // namespace

void softmax_in_place_fast(float* s, int n) {
    using namespace simd;
    const int n4 = n / 4 * 4;
    f4 m4 = splat(s[0]);
    float mt = s[0];
    int j = 0;
    for (; j < n4; j += 4) m4 = max(m4, load(s + j));
    for (; j < n; ++j) mt = std::max(mt, s[j]);
    const float m = std::max(hmax(m4), mt);
    f4 sum4 = splat(0.0f);
    for (j = 0; j < n4; j += 4) {
        const f4 e = exp(load(s + j) - splat(m));
        store(s + j, e);
        sum4 += e;
    }
    float tail = 0.0f;
    if (j < n) {  // the last 1–3 scores as one padded vector (padding lanes give e^(−∞) = 0)
        float t[4] = {-std::numeric_limits<float>::infinity(), -std::numeric_limits<float>::infinity(),
                      -std::numeric_limits<float>::infinity(), -std::numeric_limits<float>::infinity()};
        for (int k = j; k < n; ++k) t[k - j] = s[k] - m;
        store(t, exp(load(t)));
        for (int k = j; k < n; ++k) {
            s[k] = t[k - j];
            tail += t[k - j];
        }
    }
    const float inv = 1.0f / (sum_lanes(sum4) + tail);
    for (j = 0; j < n4; j += 4) store(s + j, load(s + j) * splat(inv));
    for (; j < n; ++j) s[j] *= inv;
}

void softmax_backward_in_place_fast(const float* alpha, float* d, int n) {
    using namespace simd;
    const int n4 = n / 4 * 4;
    f4 dot4 = splat(0.0f);
    float tail = 0.0f;
    int j = 0;
    for (; j < n4; j += 4) dot4 += load(alpha + j) * load(d + j);
    for (; j < n; ++j) tail += alpha[j] * d[j];
    const float dot = sum_lanes(dot4) + tail;
    for (j = 0; j < n4; j += 4) store(d + j, load(alpha + j) * (load(d + j) - splat(dot)));
    for (; j < n; ++j) d[j] = alpha[j] * (d[j] - dot);
}

void layer_norm_forward_fast(const Mat<float>& x, const Mat<float>& w, const Mat<float>& b, Mat<float>& xhat,
                             Col<float>& rstd, Mat<float>& y) {
    using namespace simd;
    const int R = int(x.rows()), D = int(x.cols()), D4 = D / 4 * 4;
    xhat.resize(R, D);
    rstd.resize(R);
    y.resize(R, D);
    const float* wp = w.data();
    const float* bp = b.data();
    const float invD = 1.0f / float(D);
    for (int r = 0; r < R; ++r) {
        const float* xr = x.data() + std::size_t(r) * D;
        float* hr = xhat.data() + std::size_t(r) * D;
        float* yr = y.data() + std::size_t(r) * D;
        f4 s4 = splat(0.0f);
        float st = 0.0f;
        int d = 0;
        for (; d < D4; d += 4) s4 += load(xr + d);
        for (; d < D; ++d) st += xr[d];
        const float mu = (sum_lanes(s4) + st) * invD;
        f4 q4 = splat(0.0f);
        float qt = 0.0f;
        for (d = 0; d < D4; d += 4) {
            const f4 c = load(xr + d) - splat(mu);
            q4 += c * c;
        }
        for (; d < D; ++d) qt += (xr[d] - mu) * (xr[d] - mu);
        const float rho = 1.0f / std::sqrt((sum_lanes(q4) + qt) * invD + float(kLayerNormEps));
        rstd(r) = rho;
        for (d = 0; d < D4; d += 4) {
            const f4 h = (load(xr + d) - splat(mu)) * splat(rho);
            store(hr + d, h);
            store(yr + d, h * load(wp + d) + load(bp + d));
        }
        for (; d < D; ++d) {
            hr[d] = (xr[d] - mu) * rho;
            yr[d] = hr[d] * wp[d] + bp[d];
        }
    }
}

void layer_norm_backward_fast(const Mat<float>& dy, const Mat<float>& xhat, const Col<float>& rstd,
                              const Mat<float>& w, Mat<float>& dx, Mat<float>& dw, Mat<float>& db, bool accumulate) {
    using namespace simd;
    const int R = int(dy.rows()), D = int(dy.cols()), D4 = D / 4 * 4;
    if (!accumulate) dx.setZero(R, D);
    const float* wp = w.data();
    float* dwp = dw.data();
    float* dbp = db.data();
    const float invD = 1.0f / float(D);
    for (int r = 0; r < R; ++r) {
        const float* g = dy.data() + std::size_t(r) * D;
        const float* h = xhat.data() + std::size_t(r) * D;
        float* out = dx.data() + std::size_t(r) * D;
        f4 sg = splat(0.0f), sgx = splat(0.0f);
        float tg = 0.0f, tgx = 0.0f;
        int d = 0;
        for (; d < D4; d += 4) {
            const f4 gy = load(g + d), hx = load(h + d), gw = gy * load(wp + d);
            store(dwp + d, load(dwp + d) + gy * hx);
            store(dbp + d, load(dbp + d) + gy);
            sg += gw;
            sgx += gw * hx;
        }
        for (; d < D; ++d) {
            dwp[d] += g[d] * h[d];
            dbp[d] += g[d];
            const float gw = g[d] * wp[d];
            tg += gw;
            tgx += gw * h[d];
        }
        const float mg = (sum_lanes(sg) + tg) * invD, mgx = (sum_lanes(sgx) + tgx) * invD, rho = rstd(r);
        for (d = 0; d < D4; d += 4) {
            const f4 gw = load(g + d) * load(wp + d);
            store(out + d, load(out + d) + splat(rho) * (gw - splat(mg) - load(h + d) * splat(mgx)));
        }
        for (; d < D; ++d) out[d] += rho * (g[d] * wp[d] - mg - h[d] * mgx);
    }
}

}  // namespace posenc::layers
