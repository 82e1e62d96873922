// test_spread_columns.cpp: the plotted sine columns of a width — the worked examples of the header,
// and for every width up to 1024 the rule itself, checked against its definition: even indices,
// ascending and distinct, below D, starting at 0, each the largest even number ≤ D/8, D/4 or D/2.
#include <set>

#include "helpers.hpp"
#include "spread_columns.hpp"

using namespace posenc;

TEST_CASE("the spread of a 128-wide encoding is 0, 16, 32 and 64, and of an 8-wide one 0, 2 and 4", "[spread_columns]") {
    REQUIRE(spread_columns(128) == std::vector<int>{0, 16, 32, 64});
    REQUIRE(spread_columns(512) == std::vector<int>{0, 64, 128, 256});
    REQUIRE(spread_columns(8) == std::vector<int>{0, 2, 4});
    REQUIRE(spread_columns(1) == std::vector<int>{0});
    REQUIRE(spread_columns(2) == std::vector<int>{0});
}

TEST_CASE("every spread is the distinct even columns nearest below 0, D/8, D/4 and D/2", "[spread_columns]") {
    for (int D = 1; D <= 1024; ++D) {
        std::set<int> expected;
        for (double x : {0.0, D / 8.0, D / 4.0, D / 2.0}) {
            int even = 0;
            while (even + 2 <= x) even += 2;
            if (even < D) expected.insert(even);
        }
        INFO("D = " << D);
        REQUIRE(spread_columns(D) == std::vector<int>(expected.begin(), expected.end()));
    }
}

TEST_CASE("a spread of a width that is not a size, or of an encoding too wide to exist, is refused by name", "[spread_columns][errors]") {
    REQUIRE_THROWS_WITH(spread_columns(0), Catch::Contains("width 0"));
    REQUIRE_THROWS_WITH(spread_columns(2.5), Catch::Contains("width 2.5"));
    REQUIRE_THROWS_WITH(spread_columns(536870912), Catch::Contains("1×536870912 encoding row") && Catch::Contains("over the limit"));
    REQUIRE(spread_columns(67108864) == std::vector<int>{0, 8388608, 16777216, 33554432});
}
