// fuzz_input.hpp: turns libFuzzer's bytes into the kinds of arguments the JS API can pass:
// sizes that are usually small but sometimes absurd (0, −1, 2.5, NaN, Infinity, 1e9), values that
// are usually ordinary but sometimes NaN or ±Infinity, option strings that may be nonsense.
// Every harness calls core entry points the way cpp/wasm/ does, and accepts exactly one outcome
// besides success: a posenc::Error. Anything else (another exception, a sanitizer report, an
// Eigen assertion, a hang) is a bug.
#pragma once

#include <fuzzer/FuzzedDataProvider.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "matrix.hpp"

namespace posenc::fuzz {

// A size as a double, as JS would send it: mostly 1..max, sometimes a value the core must refuse.
inline double size_value(FuzzedDataProvider& in, int max) {
    switch (in.ConsumeIntegralInRange<int>(0, 15)) {
        case 0: return 0;
        case 1: return -1;
        case 2: return 2.5;
        case 3: return std::numeric_limits<double>::quiet_NaN();
        case 4: return std::numeric_limits<double>::infinity();
        case 5: return 1e9;
        default: return in.ConsumeIntegralInRange<int>(1, max);
    }
}

// A float value: mostly in [−4, 4], sometimes non-finite or large.
inline float value(FuzzedDataProvider& in) {
    switch (in.ConsumeIntegralInRange<int>(0, 31)) {
        case 0: return std::numeric_limits<float>::quiet_NaN();
        case 1: return std::numeric_limits<float>::infinity();
        case 2: return 1e30f;
        case 3: return -1e30f;
        default: return in.ConsumeFloatingPointInRange<float>(-4.0f, 4.0f);
    }
}

// `count` values, or occasionally one too few / one too many (the count check must catch it).
inline std::vector<float> values(FuzzedDataProvider& in, double count) {
    std::size_t n = std::isfinite(count) && count > 0 && count < 4096 ? std::size_t(count) : 0;
    const int skew = in.ConsumeIntegralInRange<int>(0, 20);
    if (skew == 0 && n > 0) --n;
    if (skew == 1) ++n;
    std::vector<float> out(n);
    for (float& x : out) x = value(in);
    return out;
}

// A matrix built exactly as the bindings build one (matrix_from validates it).
inline Matrix matrix(FuzzedDataProvider& in, double rows, double cols, const char* name) {
    return matrix_from(rows, cols, values(in, rows * cols), name);
}

inline std::vector<double> numbers(FuzzedDataProvider& in, int max_count, double lo, double hi) {
    std::vector<double> out(std::size_t(in.ConsumeIntegralInRange<int>(0, max_count)));
    for (double& x : out) {
        const int kind = in.ConsumeIntegralInRange<int>(0, 15);
        x = kind == 0 ? std::numeric_limits<double>::quiet_NaN()
          : kind == 1 ? 0.5
          : kind == 2 ? -1e12
          : double(in.ConsumeIntegralInRange<int>(int(lo), int(hi)));
    }
    return out;
}

inline std::string layout_name(FuzzedDataProvider& in) {
    const char* names[] = {"interleaved", "halves", "rows", ""};
    return names[in.ConsumeIntegralInRange<int>(0, 3)];
}

}  // namespace posenc::fuzz
