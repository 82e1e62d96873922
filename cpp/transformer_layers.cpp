// transformer_layers.cpp: see transformer_layers.hpp (only the vectorised tanh lives here).
#include "transformer_layers.hpp"

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

}  // namespace posenc::layers
