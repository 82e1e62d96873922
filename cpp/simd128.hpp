// simd128.hpp: a 4-lane float vector (128 bits) and the few operations the fused attention needs,
// written once with GCC/Clang vector extensions so that the same source compiles natively (SSE)
// and to WebAssembly SIMD128. Operations whose portable spelling compiles badly (min, max) use
// wasm_simd128.h behind __wasm_simd128__ and SSE intrinsics behind __SSE__, with a plain twin.
//
//   f4 a = load(p), b = splat(x);  a*b + c;  max(a, b);  select(mask, a, b);  exp(a)
//
// exp(x): Cephes' expf scheme, vectorised: n = round(x·log₂e), r = x − n·ln 2 (ln 2 split in
// two parts), eʳ ≈ 1 + r + r²·P(r) with P of degree 5, times 2ⁿ built in the exponent bits.
// Accuracy: relative error ≤ 2e-7 for x in [−87.33, 88.37] (measured against double exp in
// tests/cpp/test_attention_fused.cpp); below −87.33 (eˣ < FLT_MIN), −∞ and NaN it returns
// exactly 0, so masked lanes (−∞) contribute nothing. Above 88.37 it returns e^88.37 (no ∞).
// Leaves out: wider vectors (AVX), FMA (not reachable from Emscripten 3.1.6), relaxed SIMD.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>

#if defined(__wasm_simd128__)
#include <wasm_simd128.h>
#elif defined(__SSE__)
#include <xmmintrin.h>
#endif

namespace posenc::simd {

typedef float f4 __attribute__((vector_size(16)));
typedef std::int32_t i4 __attribute__((vector_size(16)));

inline f4 load(const float* p) {
    f4 v;
    std::memcpy(&v, p, sizeof v);
    return v;
}
inline void store(float* p, f4 v) { std::memcpy(p, &v, sizeof v); }
inline f4 splat(float x) { return f4{x, x, x, x}; }
inline i4 bits(f4 v) { return (i4)v; }  // same 16 bytes, read as integers
inline f4 floats(i4 v) { return (f4)v; }

// mask lanes are all ones (true) or all zeros (false), as comparisons of f4 produce them.
inline f4 select(i4 mask, f4 a, f4 b) { return floats((mask & bits(a)) | (~mask & bits(b))); }

// max(a, b) and min(a, b) for non-NaN inputs (which lane wins on NaN is left unspecified).
inline f4 max(f4 a, f4 b) {
#if defined(__wasm_simd128__)
    return f4(wasm_f32x4_pmax(v128_t(a), v128_t(b)));
#elif defined(__SSE__)
    return f4(_mm_max_ps(__m128(a), __m128(b)));
#else
    return select(a < b, b, a);
#endif
}
inline f4 min(f4 a, f4 b) {
#if defined(__wasm_simd128__)
    return f4(wasm_f32x4_pmin(v128_t(a), v128_t(b)));
#elif defined(__SSE__)
    return f4(_mm_min_ps(__m128(a), __m128(b)));
#else
    return select(b < a, b, a);
#endif
}
inline f4 abs(f4 a) { return floats(bits(a) & i4{0x7fffffff, 0x7fffffff, 0x7fffffff, 0x7fffffff}); }

inline float hmax(f4 a) { return std::max(std::max(a[0], a[1]), std::max(a[2], a[3])); }

// eˣ lane by lane (see the header comment for the accuracy and the lanes that give 0).
inline f4 exp(f4 x) {
    constexpr float lo = -87.3365478515625f;  // −126·ln 2: smallest x whose eˣ is a normal float
    constexpr float hi = 88.37626266479492f;
    constexpr float magic = 12582912.0f;  // 1.5·2²³: adding it rounds to an integer in the low bits
    const f4 xc = min(max(x, splat(lo)), splat(hi));
    const f4 t = xc * splat(1.44269504088896341f) + splat(magic);
    const f4 n = t - splat(magic);
    f4 r = xc - n * splat(0.693359375f);
    r = r - n * splat(-2.12194440e-4f);
    f4 p = splat(1.9875691500e-4f);
    p = p * r + splat(1.3981999507e-3f);
    p = p * r + splat(8.3334519073e-3f);
    p = p * r + splat(4.1665795894e-2f);
    p = p * r + splat(1.6666665459e-1f);
    p = p * r + splat(5.0000001201e-1f);
    const f4 er = p * (r * r) + r + splat(1.0f);
    const i4 two_n = (bits(t) - bits(splat(magic)) + 127) << 23;
    return select(x >= splat(lo), er * floats(two_n), splat(0.0f));
}

}  // namespace posenc::simd
