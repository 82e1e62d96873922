// test_transformer_gemm.cpp: the engine's vectorised float product against its plain reference
// (double sums) for every operand layout the training step uses (A, Aᵀ, B, Bᵀ, strided blocks),
// shapes with every kind of edge (rows not a multiple of 4, columns not a multiple of 8 or 4,
// k across several panels), assignment and accumulation.
// Tolerance: |fast − reference| ≤ 1e-5·Σ_k |A(i, k)·B(k, j)| + 1e-6 (float sums in k order).
#include <cmath>
#include <random>
#include <vector>

#include "helpers.hpp"
#include "transformer_gemm.hpp"

using namespace posenc;

namespace {

struct Operands {
    bool a_transposed, b_transposed;
};

void check_product(int M, int N, int K, Operands layout, bool accumulate, unsigned seed) {
    std::mt19937 rng(seed);
    std::uniform_real_distribution<float> u(-1.0f, 1.0f);
    // Operands stored in larger buffers with padding, so strides differ from the logical sizes.
    const long a_ld = (layout.a_transposed ? M : K) + 3;
    const long b_ld = (layout.b_transposed ? K : N) + 5;
    const long c_ld = N + 2;
    std::vector<float> A(std::size_t((layout.a_transposed ? K : M) * a_ld)), B(std::size_t((layout.b_transposed ? N : K) * b_ld));
    std::vector<float> C(std::size_t(M * c_ld)), R;
    for (float& x : A) x = u(rng);
    for (float& x : B) x = u(rng);
    for (float& x : C) x = u(rng);
    R = C;
    const long a_row = layout.a_transposed ? 1 : a_ld, a_col = layout.a_transposed ? a_ld : 1;
    const long b_row = layout.b_transposed ? 1 : b_ld, b_col = layout.b_transposed ? b_ld : 1;
    gemm::gemm(M, N, K, A.data(), a_row, a_col, B.data(), b_row, b_col, C.data(), c_ld, accumulate);
    gemm::gemm_reference(M, N, K, A.data(), a_row, a_col, B.data(), b_row, b_col, R.data(), c_ld, accumulate);
    for (int i = 0; i < M; ++i)
        for (int j = 0; j < N; ++j) {
            double magnitude = 0;
            for (int k = 0; k < K; ++k)
                magnitude += std::abs(double(A[std::size_t(i * a_row + k * a_col)]) * B[std::size_t(k * b_row + j * b_col)]);
            INFO("M " << M << " N " << N << " K " << K << " at (" << i << ", " << j << ")");
            REQUIRE(std::abs(double(C[std::size_t(i * c_ld + j)]) - R[std::size_t(i * c_ld + j)]) <=
                    1e-5 * magnitude + 1e-6);
        }
    // Padding columns of C are untouched.
    for (int i = 0; i < M; ++i)
        for (long j = N; j < c_ld; ++j) REQUIRE(C[std::size_t(i * c_ld + j)] == R[std::size_t(i * c_ld + j)]);
}

}  // namespace

TEST_CASE("the vectorised product equals the plain reference for every layout, edge and panel", "[transformer]") {
    unsigned seed = 1;
    const int shapes[][3] = {{1, 1, 1},  {4, 8, 3},   {5, 9, 7},    {7, 13, 130}, {16, 64, 64},
                             {3, 4, 257}, {9, 70, 16}, {64, 17, 300}, {12, 200, 33}};
    for (const auto& s : shapes)
        for (bool at : {false, true})
            for (bool bt : {false, true})
                for (bool acc : {false, true}) check_product(s[0], s[1], s[2], {at, bt}, acc, seed++);
}

TEST_CASE("a product over an empty k assigns zeros or leaves C as it was", "[transformer]") {
    std::vector<float> A(4, 1.0f), B(4, 1.0f), C(6, 2.5f);
    gemm::gemm(2, 3, 0, A.data(), 1, 1, B.data(), 3, 1, C.data(), 3, true);
    CHECK(C[5] == 2.5f);
    gemm::gemm(2, 3, 0, A.data(), 1, 1, B.data(), 3, 1, C.data(), 3, false);
    for (float x : C) CHECK(x == 0.0f);
}
