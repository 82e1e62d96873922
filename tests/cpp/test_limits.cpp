// test_limits.cpp: absurd sizes are refused by name before anything is allocated, and inputs that
// overflow float32 are refused rather than answered with NaN. Each case was first found by a
// libFuzzer harness (fuzz/); its input is kept in fuzz/regressions/.
#include "alibi.hpp"
#include "analysis_readback.hpp"
#include "analysis_shift.hpp"
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
                        "a 500000000×1 frequency list needs 2000000000 bytes, over the limit of 268435456 bytes (256 MiB)");
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
