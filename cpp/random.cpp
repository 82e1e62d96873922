// random.cpp: see random.hpp.
#include "random.hpp"

#include <cmath>

namespace posenc {

Pcg32::Pcg32(std::uint64_t seed, std::uint64_t stream) {
    // pcg32_srandom_r
    state_ = 0;
    inc_ = (stream << 1u) | 1u;
    next();
    state_ += seed;
    next();
}

std::uint32_t Pcg32::next() {
    const std::uint64_t old = state_;
    state_ = old * 6364136223846793005ULL + inc_;
    const std::uint32_t xorshifted = std::uint32_t(((old >> 18u) ^ old) >> 27u);
    const std::uint32_t rot = std::uint32_t(old >> 59u);
    return (xorshifted >> rot) | (xorshifted << ((0u - rot) & 31u));
}

std::uint32_t Pcg32::bounded(std::uint32_t bound) {
    // pcg32_boundedrand_r: reject the lowest (2^32 mod bound) outputs so every residue is equally likely.
    const std::uint32_t threshold = (0u - bound) % bound;
    for (;;) {
        const std::uint32_t r = next();
        if (r >= threshold) return r % bound;
    }
}

double Pcg32::uniform() {
    const std::uint32_t a = next() >> 5, b = next() >> 6;
    return (double(a) * 67108864.0 + double(b)) * (1.0 / 9007199254740992.0);
}

double Pcg32::normal() {
    if (has_spare_) {
        has_spare_ = false;
        return spare_;
    }
    double u, v, s;
    do {
        u = 2.0 * uniform() - 1.0;
        v = 2.0 * uniform() - 1.0;
        s = u * u + v * v;
    } while (s >= 1.0 || s == 0.0);
    const double f = std::sqrt(-2.0 * portable_log(s) / s);
    spare_ = v * f;
    has_spare_ = true;
    return u * f;
}

double portable_log(double x) {
    // x = m·2^e with m in [√½, √2); ln m = 2·atanh(t), t = (m − 1)/(m + 1), |t| ≤ 0.1716;
    // the series 2(t + t³/3 + … + t^25/25) leaves an error below 1e-20.
    int e = 0;
    double m = std::frexp(x, &e);  // m in [0.5, 1)
    if (m < 0.70710678118654752440) {
        m *= 2.0;
        e -= 1;
    }
    const double t = (m - 1.0) / (m + 1.0), t2 = t * t;
    double series = 1.0 / 25.0;
    for (int k = 23; k >= 1; k -= 2) series = series * t2 + 1.0 / k;
    const double ln_m = 2.0 * t * series;
    constexpr double ln2_hi = 6.93147180369123816490e-01;  // fdlibm's split of ln 2
    constexpr double ln2_lo = 1.90821492927058770002e-10;
    return (double(e) * ln2_hi + (double(e) * ln2_lo + ln_m));
}

Distribution parse_distribution(const std::string& name) {
    if (name == "normal") return Distribution::normal;
    if (name == "uniform") return Distribution::uniform;
    throw Error("distribution '" + name + "' must be 'normal' or 'uniform'");
}

const char* distribution_name(Distribution d) { return d == Distribution::normal ? "normal" : "uniform"; }

std::uint64_t require_seed(double seed) {
    if (!std::isfinite(seed) || seed != std::floor(seed) || seed < 0 || seed > 9007199254740991.0)
        throw Error("seed " + format_number(seed) + " must be an integer from 0 to 9007199254740991");
    return std::uint64_t(seed);
}

Matrix random_matrix(int rows, int cols, const RandomOptions& opts) {
    require_size(rows, "rows");
    require_size(cols, "cols");
    const std::uint64_t seed = require_seed(opts.seed);
    require_finite(opts.scale, "scale");
    if (opts.scale < 0) throw Error("scale " + format_number(opts.scale) + " must be at least 0");
    require_result_fits(rows, cols, 1, "random matrix");
    Pcg32 rng(seed);
    Matrix m(rows, cols);
    for (Eigen::Index i = 0; i < m.size(); ++i) {
        const double z = opts.distribution == Distribution::normal ? rng.normal() : 2.0 * rng.uniform() - 1.0;
        m.data()[i] = float(opts.scale * z);
    }
    return m;
}

std::vector<int> random_permutation(int n, double seed) {
    require_size(n, "length");
    require_result_fits(n, 1, 1, "permutation");
    Pcg32 rng(require_seed(seed));
    std::vector<int> p(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) p[std::size_t(i)] = i;
    for (int i = n - 1; i > 0; --i) std::swap(p[std::size_t(i)], p[rng.bounded(std::uint32_t(i) + 1)]);
    return p;
}

}  // namespace posenc
