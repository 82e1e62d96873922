// test_layout.cpp: the pair columns and the regrouping of the two layouts (layout.hpp), and the
// shared position lists (positions.hpp).
#include "helpers.hpp"
#include "layout.hpp"
#include "positions.hpp"
#include "sinusoidal.hpp"

using namespace posenc;
using posenc::test::rows;

TEST_CASE("pair i is columns 2i, 2i+1 interleaved and i, i + D/2 in halves", "[layout]") {
    const Matrix m = rows({{0, 1, 2, 3, 4, 5}, {10, 11, 12, 13, 14, 15}});
    REQUIRE(pair(m, 1, Layout::interleaved) == rows({{2, 3}, {12, 13}}));
    REQUIRE(pair(m, 1, Layout::halves) == rows({{1, 4}, {11, 14}}));
    REQUIRE_THROWS_WITH(pair(m, 3, Layout::halves), "pair 3 is outside 0 … 2 (width 6 has 3 pairs)");
    REQUIRE_THROWS_WITH(pair(Matrix::Zero(1, 5), 0, Layout::halves), "width 5 must be even to form pairs");
}

TEST_CASE("regrouping the halves-layout encoding gives the interleaved one, and back", "[layout]") {
    const Matrix halves = sinusoidal(7, 8, {10000.0, Layout::halves});
    const Matrix interleaved = sinusoidal(7, 8, {10000.0, Layout::interleaved});
    REQUIRE(regroup(halves, Layout::halves, Layout::interleaved) == interleaved);
    REQUIRE(regroup(interleaved, Layout::interleaved, Layout::halves) == halves);
    REQUIRE(regroup(halves, Layout::halves, Layout::halves) == halves);
    REQUIRE(regroup_columns(6, Layout::halves, Layout::interleaved) == std::vector<int>{0, 3, 1, 4, 2, 5});
}

TEST_CASE("position lists count from their first position, and queries sit S − L after the keys' start", "[layout]") {
    REQUIRE(position_range(3) == std::vector<double>{0, 1, 2});
    REQUIRE(position_range(3, -1) == std::vector<double>{-1, 0, 1});
    REQUIRE(query_positions(2, 5) == std::vector<double>{3, 4});
    REQUIRE(query_positions(4, 4) == std::vector<double>{0, 1, 2, 3});
}
