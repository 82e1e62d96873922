// test_limits.cpp: absurd sizes are refused by name before anything is allocated, and inputs that
// overflow float32 are refused rather than answered with NaN. Each case was first found by a
// libFuzzer harness (fuzz/); its input is kept in fuzz/regressions/.
#include "alibi.hpp"
#include "analysis_readback.hpp"
#include "analysis_shift.hpp"
#include "attention.hpp"
#include "attention_fused.hpp"
#include "helpers.hpp"
#include "sinusoidal.hpp"

using namespace posenc;

TEST_CASE("a billion ALiBi heads are refused before their slopes are allocated", "[limits][alibi]") {
    REQUIRE_THROWS_WITH(alibi_slopes(1000000000),
                        "a 1000000000×1 slope list needs 4000000000 bytes, over the limit of 268435456 bytes (256 MiB)");
    REQUIRE(alibi_slopes(12).size() == 12);
}

TEST_CASE("a shift matrix for a billion-wide encoding is refused before anything is allocated", "[limits][analysis]") {
    REQUIRE_THROWS_WITH(shift_matrix(100000, 1.0),
                        "a 100000×100000 shift matrix needs 40000000000 bytes, over the limit of 268435456 bytes (256 MiB)");
    REQUIRE_THROWS_WITH(sinusoidal_frequencies(1000000000, 10000.0),
                        "a 500000000×1 frequency list of width 1000000000 needs 2000000000 bytes, over the limit of 268435456 bytes (256 MiB)");
}

TEST_CASE("a read-back experiment with countless trials is refused", "[limits][analysis]") {
    ReadbackOptions o;
    o.trials = 1000000000;
    REQUIRE_THROWS_WITH(readback_rate(1, 2, o), "trials 1000000000 is too many (at most 100000)");
    o.trials = 3;
    const double rate = readback_rate(4, 8, o);
    REQUIRE(rate >= 0.0);
    REQUIRE(rate <= 1.0);
}

TEST_CASE("attention refuses overflowing scores exactly as the reference does", "[limits][attention]") {
    // Found by fuzz_attention (differential): with q·k = −1e60 the fused kernel returned weight 0
    // where the reference refuses. The dispatcher sends such inputs to the reference, which names
    // the score; the fused kernel called directly refuses them as outside its bound.
    Matrix q = Matrix::Constant(2, 2, 0.5f), k = Matrix::Constant(3, 2, 0.5f);
    q(1, 0) = 1e30f;
    k(2, 0) = -1e30f;
    AttentionOptions o;
    o.weights = false;
    const std::string message =
        "the score of query 1 and key 2 in head 0 is -Infinity; q·k/√Dh overflows float32, so scale q, k or the bias down";
    REQUIRE_THROWS_WITH(attention_reference(q, k, k, o), message);
    REQUIRE_THROWS_WITH(attention(q, k, k, o), message);
    REQUIRE_FALSE(fused_attention_supports(q, k, o));
    REQUIRE_THROWS_WITH(attention_fused(q, k, k, o), Catch::StartsWith("the fused attention cannot bound these scores"));
    // Large but safe inputs still take the fused path and match the reference.
    const Matrix big = Matrix::Constant(3, 2, 1e15f);
    REQUIRE(fused_attention_supports(big, big, o));
    const Matrix a = attention_fused(big, big, k, o).output, b = attention_reference(big, big, k, o).output;
    REQUIRE((a - b).cwiseAbs().maxCoeff() < 1e-5f);
}
