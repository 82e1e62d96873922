// transformer_gemm.cpp: see transformer_gemm.hpp.
#include "transformer_gemm.hpp"

#include <algorithm>
#include <vector>

#include "simd128.hpp"

namespace posenc::gemm {

namespace {

using simd::f4;
using simd::load;
using simd::splat;
using simd::store;

// C[0..3][0..7] (+)= Σ_k A(r, k)·B(k, 0..7), rows of A at a[r], stepping sa per k.
inline void kernel_4x8(int K, const float* a0, const float* a1, const float* a2, const float* a3, long sa,
                       const float* b, long ldb, float* c, long ldc, bool load_c) {
    f4 c00 = splat(0), c01 = splat(0), c10 = splat(0), c11 = splat(0);
    f4 c20 = splat(0), c21 = splat(0), c30 = splat(0), c31 = splat(0);
    if (load_c) {
        c00 = load(c), c01 = load(c + 4);
        c10 = load(c + ldc), c11 = load(c + ldc + 4);
        c20 = load(c + 2 * ldc), c21 = load(c + 2 * ldc + 4);
        c30 = load(c + 3 * ldc), c31 = load(c + 3 * ldc + 4);
    }
    for (int k = 0; k < K; ++k) {
        const f4 b0 = load(b), b1 = load(b + 4);
        b += ldb;
        f4 x = splat(*a0);
        c00 += x * b0;
        c01 += x * b1;
        x = splat(*a1);
        c10 += x * b0;
        c11 += x * b1;
        x = splat(*a2);
        c20 += x * b0;
        c21 += x * b1;
        x = splat(*a3);
        c30 += x * b0;
        c31 += x * b1;
        a0 += sa;
        a1 += sa;
        a2 += sa;
        a3 += sa;
    }
    store(c, c00), store(c + 4, c01);
    store(c + ldc, c10), store(c + ldc + 4, c11);
    store(c + 2 * ldc, c20), store(c + 2 * ldc + 4, c21);
    store(c + 3 * ldc, c30), store(c + 3 * ldc + 4, c31);
}

inline void kernel_4x4(int K, const float* a0, const float* a1, const float* a2, const float* a3, long sa,
                       const float* b, long ldb, float* c, long ldc, bool load_c) {
    f4 c0 = splat(0), c1 = splat(0), c2 = splat(0), c3 = splat(0);
    if (load_c) c0 = load(c), c1 = load(c + ldc), c2 = load(c + 2 * ldc), c3 = load(c + 3 * ldc);
    for (int k = 0; k < K; ++k) {
        const f4 b0 = load(b);
        b += ldb;
        c0 += splat(*a0) * b0;
        c1 += splat(*a1) * b0;
        c2 += splat(*a2) * b0;
        c3 += splat(*a3) * b0;
        a0 += sa;
        a1 += sa;
        a2 += sa;
        a3 += sa;
    }
    store(c, c0), store(c + ldc, c1), store(c + 2 * ldc, c2), store(c + 3 * ldc, c3);
}

// One row of C, columns [0, n): vectors of 8 and 4, then scalars.
inline void kernel_row(int K, int n, const float* a, long sa, const float* b, long ldb, float* c, bool load_c) {
    int j = 0;
    for (; j + 8 <= n; j += 8) {
        f4 c0 = load_c ? load(c + j) : splat(0), c1 = load_c ? load(c + j + 4) : splat(0);
        const float* ap = a;
        const float* bp = b + j;
        for (int k = 0; k < K; ++k, ap += sa, bp += ldb) {
            const f4 x = splat(*ap);
            c0 += x * load(bp);
            c1 += x * load(bp + 4);
        }
        store(c + j, c0), store(c + j + 4, c1);
    }
    for (; j + 4 <= n; j += 4) {
        f4 c0 = load_c ? load(c + j) : splat(0);
        const float* ap = a;
        const float* bp = b + j;
        for (int k = 0; k < K; ++k, ap += sa, bp += ldb) c0 += splat(*ap) * load(bp);
        store(c + j, c0);
    }
    for (; j < n; ++j) {
        float s = load_c ? c[j] : 0.0f;
        const float* ap = a;
        const float* bp = b + j;
        for (int k = 0; k < K; ++k, ap += sa, bp += ldb) s += *ap * *bp;
        c[j] = s;
    }
}

thread_local std::vector<float> b_scratch;

}  // namespace

void gemm(int M, int N, int K, const float* A, long a_row, long a_col, const float* B, long b_row, long b_col,
          float* C, long ldc, bool accumulate) {
    if (M <= 0 || N <= 0) return;
    if (K <= 0) {
        if (!accumulate)
            for (int i = 0; i < M; ++i) std::fill(C + i * ldc, C + i * ldc + N, 0.0f);
        return;
    }
    long ldb = b_row;
    if (b_col != 1) {  // copy B into a K×N row-major scratch
        b_scratch.resize(std::size_t(K) * std::size_t(N));
        float* s = b_scratch.data();
        for (int k = 0; k < K; ++k)
            for (int j = 0; j < N; ++j) s[std::size_t(k) * N + j] = B[k * b_row + j * b_col];
        B = s;
        ldb = N;
    }
    for (int j0 = 0; j0 < N; j0 += kGemmPanelN) {
        const int jn = std::min(kGemmPanelN, N - j0);
        for (int k0 = 0; k0 < K; k0 += kGemmPanelK) {
            const int kn = std::min(kGemmPanelK, K - k0);
            const bool load_c = accumulate || k0 > 0;
            const float* bp = B + k0 * ldb + j0;
            int i = 0;
            for (; i + 4 <= M; i += 4) {
                const float* a0 = A + i * a_row + k0 * a_col;
                const float* a1 = a0 + a_row;
                const float* a2 = a1 + a_row;
                const float* a3 = a2 + a_row;
                float* c = C + i * ldc + j0;
                int j = 0;
                for (; j + 8 <= jn; j += 8) kernel_4x8(kn, a0, a1, a2, a3, a_col, bp + j, ldb, c + j, ldc, load_c);
                for (; j + 4 <= jn; j += 4) kernel_4x4(kn, a0, a1, a2, a3, a_col, bp + j, ldb, c + j, ldc, load_c);
                if (j < jn)
                    for (int r = 0; r < 4; ++r)
                        kernel_row(kn, jn - j, a0 + r * a_row, a_col, bp + j, ldb, c + r * ldc + j, load_c);
            }
            for (; i < M; ++i)
                kernel_row(kn, jn, A + i * a_row + k0 * a_col, a_col, bp, ldb, C + i * ldc + j0, load_c);
        }
    }
}

void gemm_reference(int M, int N, int K, const float* A, long a_row, long a_col, const float* B, long b_row,
                    long b_col, float* C, long ldc, bool accumulate) {
    for (int i = 0; i < M; ++i)
        for (int j = 0; j < N; ++j) {
            double s = accumulate ? double(C[i * ldc + j]) : 0.0;
            for (int k = 0; k < K; ++k) s += double(A[i * a_row + k * a_col]) * double(B[k * b_row + j * b_col]);
            C[i * ldc + j] = float(s);
        }
}

}  // namespace posenc::gemm
