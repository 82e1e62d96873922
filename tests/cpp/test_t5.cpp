// test_t5.cpp: T5 buckets against Hugging Face's T5Attention._relative_position_bucket (from
// mesh_tensorflow) re-typed in Python with its float32 steps emulated, for every relative position
// in −140..140; the exact boundaries at distances 16, 32 and 64 with the default settings;
// monotonicity and clamping; the bias built from a table; every refusal.
#include <cstdlib>
#include <vector>

#include "helpers.hpp"
#include "t5.hpp"

using namespace posenc;

namespace {
// Python: [bucket(d) for d in range(-140, 141)] etc. (bucket = the re-typed reference rule).
const int kBidirectional[] = {
    15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15,
    15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 14, 14, 14, 14,
    14, 14, 14, 14, 14, 14, 14, 14, 14, 14, 14, 14, 14, 14, 14, 14, 14, 14, 14, 14, 14, 14, 14, 13, 13, 13, 13,
    13, 13, 13, 13, 13, 13, 13, 13, 13, 13, 13, 13, 13, 13, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12,
    12, 11, 11, 11, 11, 11, 11, 11, 11, 11, 10, 10, 10, 10, 10, 10, 10, 9, 9, 9, 9, 8, 8, 8, 8, 7, 6, 5, 4, 3, 2,
    1, 0, 17, 18, 19, 20, 21, 22, 23, 24, 24, 24, 24, 25, 25, 25, 25, 26, 26, 26, 26, 26, 26, 26, 27, 27, 27, 27,
    27, 27, 27, 27, 27, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 29, 29, 29, 29, 29, 29, 29, 29,
    29, 29, 29, 29, 29, 29, 29, 29, 29, 29, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30,
    30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31,
    31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31,
    31, 31, 31, 31, 31, 31};
const int kUnidirectional[] = {
    31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31, 31,
    31, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 29, 29, 29, 29, 29, 29, 29, 29, 29, 29, 29, 29,
    28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 27, 27, 27, 27, 27, 27, 27, 27, 27, 27, 26, 26, 26, 26, 26, 26, 26,
    26, 25, 25, 25, 25, 25, 25, 25, 24, 24, 24, 24, 24, 24, 23, 23, 23, 23, 23, 23, 22, 22, 22, 22, 22, 21, 21,
    21, 21, 20, 20, 20, 20, 19, 19, 19, 18, 18, 18, 17, 17, 16, 16, 16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4,
    3, 2, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
const int kEightBuckets[] = {
    3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 2, 2, 2, 2, 2, 1, 0, 5, 6, 6, 6, 6, 6,
    7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7};
const int kTenBucketsDecoder[] = {
    9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 8, 8, 8, 8, 8, 8, 8, 8,
    8, 8, 8, 8, 7, 7, 7, 7, 7, 7, 7, 6, 6, 6, 6, 6, 5, 5, 5, 4, 3, 2, 1, 0};

T5Options options(bool bidirectional, double buckets, double max_distance) {
    T5Options o;
    o.bidirectional = bidirectional;
    o.num_buckets = buckets;
    o.max_distance = max_distance;
    return o;
}
}  // namespace

TEST_CASE("t5 buckets match the reference rule for every relative position from -140 to 140", "[t5]") {
    for (int d = -140; d <= 140; ++d) {
        INFO("relative position " << d);
        REQUIRE(t5_bucket(d) == kBidirectional[d + 140]);
        REQUIRE(t5_bucket(d, options(false, 32, 128)) == kUnidirectional[d + 140]);
    }
    for (int d = -30; d <= 30; ++d) REQUIRE(t5_bucket(d, options(true, 8, 20)) == kEightBuckets[d + 30]);
    for (int d = -60; d <= 0; ++d) REQUIRE(t5_bucket(d, options(false, 10, 50)) == kTenBucketsDecoder[d + 60]);
}

TEST_CASE("t5 default buckets change exactly at distances 16, 32 and 64", "[t5]") {
    // ln(16/8)/ln(128/8)·8 = 2, ln(32/8)/ln(16)·8 = 4, ln(64/8)/ln(16)·8 = 6 exactly: the boundary
    // distance is the first of the new bucket (keys before the query: buckets 0..15).
    REQUIRE(t5_bucket(-15) == 9);
    REQUIRE(t5_bucket(-16) == 10);
    REQUIRE(t5_bucket(-31) == 11);
    REQUIRE(t5_bucket(-32) == 12);
    REQUIRE(t5_bucket(-63) == 13);
    REQUIRE(t5_bucket(-64) == 14);
    // Keys after the query: the upper half, 16 more.
    REQUIRE(t5_bucket(15) == 25);
    REQUIRE(t5_bucket(16) == 26);
    REQUIRE(t5_bucket(32) == 28);
    REQUIRE(t5_bucket(64) == 30);
}

TEST_CASE("t5 gives distances below 8 a bucket each and keys after the query the upper half", "[t5]") {
    for (int n = 0; n < 8; ++n) REQUIRE(t5_bucket(-n) == n);
    for (int n = 1; n < 8; ++n) REQUIRE(t5_bucket(n) == 16 + n);
}

TEST_CASE("t5 without bidirectional puts every key after the query in bucket 0", "[t5]") {
    const T5Options decoder = options(false, 32, 128);
    for (int d : {0, 1, 2, 100, 100000}) REQUIRE(t5_bucket(d, decoder) == 0);
    for (int n = 0; n < 16; ++n) REQUIRE(t5_bucket(-n, decoder) == n);
}

TEST_CASE("t5 buckets grow with |distance| and are clamped at the last bucket of each side", "[t5]") {
    for (const T5Options& o : {options(true, 32, 128), options(false, 32, 128), options(true, 8, 20)}) {
        const int per_side = o.bidirectional ? int(o.num_buckets) / 2 : int(o.num_buckets);
        int before = t5_bucket(0, o), after = t5_bucket(0, o);
        for (int n = 1; n < 3000; ++n) {
            const int b = t5_bucket(-n, o);
            REQUIRE(b >= before);
            REQUIRE(b <= per_side - 1);
            before = b;
            if (o.bidirectional) {
                const int a = t5_bucket(n, o);
                REQUIRE(a >= after);
                REQUIRE(a <= 2 * per_side - 1);
                after = a;
            }
        }
        REQUIRE(before == per_side - 1);
        REQUIRE(t5_bucket(-1e9, o) == per_side - 1);
    }
}

TEST_CASE("t5 bucket matrix places the queries at the last key positions", "[t5]") {
    // 3 queries, 5 keys: queries at positions 2, 3, 4; Python: bucket(j - (i + 2)).
    const std::vector<int> b = t5_buckets(3, 5);
    const std::vector<int> want = {2, 1, 0, 17, 18, 3, 2, 1, 0, 17, 4, 3, 2, 1, 0};
    REQUIRE(b == want);
}

TEST_CASE("t5 bias looks up one learned scalar per bucket and head", "[t5]") {
    T5Options o = options(true, 8, 20);
    Matrix table(8, 2);
    for (int b = 0; b < 8; ++b) {
        table(b, 0) = float(b);          // head 0: the bucket number itself
        table(b, 1) = float(-0.5 * b);   // head 1: −b/2
    }
    const HeadTensor bias = t5_bias(4, 4, table, o);
    REQUIRE((bias.heads == 2 && bias.rows == 4 && bias.cols == 4));
    for (int i = 0; i < 4; ++i)
        for (int j = 0; j < 4; ++j) {
            const int want = kEightBuckets[(j - i) + 30];
            REQUIRE(bias.head(0)(i, j) == float(want));
            REQUIRE(bias.head(1)(i, j) == float(-0.5 * want));
        }
}

TEST_CASE("t5 refuses bucket counts that are not even and positive, bad distances and tables", "[t5][errors]") {
    REQUIRE_THROWS_WITH(t5_bucket(1, options(true, 31, 128)), "numBuckets 31 must be even");
    REQUIRE_THROWS_WITH(t5_bucket(1, options(true, 0, 128)), "numBuckets 0 must be a finite positive integer");
    REQUIRE_THROWS_WITH(t5_bucket(1, options(true, -4, 128)), "numBuckets -4 must be a finite positive integer");
    REQUIRE_THROWS_WITH(t5_bucket(1, options(true, NAN, 128)), "numBuckets NaN must be a finite positive integer");
    REQUIRE_THROWS_WITH(t5_bucket(1, options(true, 2, 128)),
                        "numBuckets 2 is too few for bidirectional buckets: at least 4 (2 per side)");
    REQUIRE_THROWS_WITH(t5_bucket(1, options(true, 32, 8)),
                        "maxDistance 8 must be greater than 8, the number of exact buckets (max_exact)");
    REQUIRE_THROWS_WITH(t5_bucket(1, options(true, 32, INFINITY)), "maxDistance Infinity must be a finite positive integer");
    REQUIRE_THROWS_WITH(t5_bucket(1.5), "relative position 1.5 must be a finite integer");
    REQUIRE_THROWS_WITH(t5_bucket(NAN), "relative position NaN must be a finite integer");
    REQUIRE_THROWS_WITH(t5_buckets(0, 3), "query length 0 must be a finite positive integer");
    REQUIRE_THROWS_WITH(t5_bias(2, 2, Matrix::Zero(30, 2)),
                        "table is 30×2 but must have 32 rows, one per bucket (numBuckets), and one column per head");
    Matrix bad = Matrix::Zero(32, 1);
    bad(3, 0) = NAN;
    REQUIRE_THROWS_WITH(t5_bias(2, 2, bad), "table[3][0] is NaN; every value must be finite");
}
