// t5.hpp: T5's relative position buckets and the per-head scalar bias they index (Raffel et al.
// 2020; the rule of the reference implementations, mesh_tensorflow's and Hugging Face's
// _relative_position_bucket).
//
//   relative_position = key position − query position   (j − i', i' = i + (S − L), attention.hpp)
//   bidirectional (encoder): the numBuckets are split in two halves of N = numBuckets/2;
//       relative_position > 0 (key after query) adds N (the upper half), then n = |relative_position|
//   not bidirectional (decoder): N = numBuckets, n = −min(relative_position, 0), so every key after
//       the query (positive relative position) lands in bucket 0 together with distance 0
//   max_exact = N/2: n < max_exact has its own bucket n;
//   otherwise bucket = min(N − 1, max_exact + ⌊ln(n/max_exact) / ln(maxDistance/max_exact)·(N − max_exact)⌋)
//       (log-spaced up to maxDistance, every larger n shares the last bucket N − 1)
// Defaults (T5): numBuckets 32, maxDistance 128, bidirectional. Then −1..−7 → 1..7, −8..−11 → 8,
// −16 → 10, −32 → 12, −64 → 14, −91 and beyond → 15; positive distances the same plus 16.
// The logarithm is evaluated in float32, step by step as the reference implementations do
// (float n / max_exact, logf, divided by ln(maxDistance/max_exact) rounded to float, times
// N − max_exact, truncated), so buckets match them also where the exact value is a whole number.
// Bias: bias[h][i][j] = table[bucket(j − i')][h], table numBuckets×H of learned scalars, shapes
// H×L×S; it is one additive bias for attention (attention.hpp).
// Leaves out: learning the table; T5 shares it across layers, which is the caller's choice.
#pragma once

#include <vector>

#include "matrix.hpp"

namespace posenc {

struct T5Options {
    bool bidirectional = true;
    double num_buckets = 32;   // even, positive (at least 4 when bidirectional)
    double max_distance = 128; // greater than max_exact
};

// Checks the options: "numBuckets 31 must be even", "numBuckets 2 is too few for bidirectional
// buckets: at least 4 (2 per side)", "maxDistance 8 must be greater than 8, the number of exact
// buckets (max_exact)".
void check_t5(const T5Options& opts);

// The bucket of one integer relative position (key − query).
int t5_bucket(double relative_position, const T5Options& opts = {});

// L×S buckets, row-major: entry (i, j) is t5_bucket(j − (i + S − L)).
std::vector<int> t5_buckets(int queries, int keys, const T5Options& opts = {});

// H×L×S bias from a numBuckets×H table: bias[h][i][j] = table(bucket(i, j), h).
HeadTensor t5_bias(int queries, int keys, const Matrix& table, const T5Options& opts = {});

}  // namespace posenc
