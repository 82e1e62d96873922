// finite_values.cpp: see finite_values.hpp.
#include "finite_values.hpp"

#include <cmath>
#include <cstdint>

#include "simd128.hpp"

namespace posenc {

bool all_finite(const float* values, std::size_t n) {
    using namespace simd;
    const i4 exponent = {0x7f800000, 0x7f800000, 0x7f800000, 0x7f800000};
    i4 any = {0, 0, 0, 0};  // lanes become all ones where some value had every exponent bit set
    std::size_t i = 0;
    for (; i + 16 <= n; i += 16) {
        any |= (bits(load(values + i)) & exponent) == exponent;
        any |= (bits(load(values + i + 4)) & exponent) == exponent;
        any |= (bits(load(values + i + 8)) & exponent) == exponent;
        any |= (bits(load(values + i + 12)) & exponent) == exponent;
    }
    for (; i + 4 <= n; i += 4) any |= (bits(load(values + i)) & exponent) == exponent;
    if ((any[0] | any[1] | any[2] | any[3]) != 0) return false;
    for (; i < n; ++i)
        if (!std::isfinite(values[i])) return false;
    return true;
}

bool all_finite_reference(const float* values, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i)
        if (!std::isfinite(values[i])) return false;
    return true;
}

}  // namespace posenc
