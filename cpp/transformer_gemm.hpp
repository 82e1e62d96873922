// transformer_gemm.hpp: the float matrix product of the training engine, written with the 4-lane
// vectors of simd128.hpp so that it runs as SSE natively and as WebAssembly SIMD128 in the browser
// (Eigen 3.4 has no WebAssembly SIMD and falls back to scalar code there).
//
//   C = A·B   or   C += A·B        C M×N, A M×K, B K×N, float32
//
// Every operand is given by a pointer and two strides, so one routine serves the products of a
// training step on row-major storage without copies:
//   A(i, k) = A[i·a_row + k·a_col]   (a_row = lda, a_col = 1: A;   a_row = 1, a_col = lda: Aᵀ)
//   B(k, j) = B[k·b_row + j·b_col]   (b_col = 1 is the fast case; otherwise B is first copied
//                                     into a K×N row-major scratch, e.g. for A·Wᵀ)
//   C(i, j) = C[i·ldc + j]
// Kernel: 4 rows × 8 columns of C in 8 vector registers, k-loop of one broadcast of A(i, k) per
// row times two 4-wide loads of B's row k (64 flops per 6 loads); edges with 4- and 1-wide tails;
// the k dimension in panels of kGemmPanelK and the columns in panels of kGemmPanelN keep B's
// panel in cache. Sums are in float, in k order within a panel.
// gemm_reference: the same product by plain loops, summing in double (the tests compare them,
// tolerance 1e-5·Σ_k |A(i, k)·B(k, j)|).
// Leaves out: threads, FMA (not reachable from Emscripten 3.1.6), double precision.
#pragma once

namespace posenc::gemm {

inline constexpr int kGemmPanelK = 128;
inline constexpr int kGemmPanelN = 64;

void gemm(int M, int N, int K, const float* A, long a_row, long a_col, const float* B, long b_row, long b_col,
          float* C, long ldc, bool accumulate);

void gemm_reference(int M, int N, int K, const float* A, long a_row, long a_col, const float* B, long b_row,
                    long b_col, float* C, long ldc, bool accumulate);

}  // namespace posenc::gemm
