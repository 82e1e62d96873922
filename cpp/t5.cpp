// t5.cpp: see t5.hpp.
#include "t5.hpp"

#include <algorithm>
#include <cmath>

namespace posenc {

namespace {
struct T5Rule { int half, max_exact, max_distance; bool bidirectional; };

T5Rule rule_of(const T5Options& opts) {
    const int buckets = require_size(opts.num_buckets, "numBuckets");
    require_even(buckets, "numBuckets");
    if (opts.bidirectional && buckets < 4)
        throw Error("numBuckets " + std::to_string(buckets) +
                    " is too few for bidirectional buckets: at least 4 (2 per side)");
    const int half = opts.bidirectional ? buckets / 2 : buckets;
    const int max_exact = half / 2;
    const int max_distance = require_size(opts.max_distance, "maxDistance");
    if (max_distance <= max_exact)
        throw Error("maxDistance " + std::to_string(max_distance) + " must be greater than " +
                    std::to_string(max_exact) + ", the number of exact buckets (max_exact)");
    return {half, max_exact, max_distance, opts.bidirectional};
}

int bucket_of(long relative_position, const T5Rule& r) {
    int bucket = 0;
    long n;
    if (r.bidirectional) {
        if (relative_position > 0) bucket += r.half;
        n = std::labs(relative_position);
    } else {
        n = -std::min(relative_position, 0L);
    }
    if (n < r.max_exact) return bucket + int(n);
    // float32, one rounding per step, as torch/TF evaluate it.
    const float ratio = float(n) / float(r.max_exact);
    const float log_ratio = std::log(ratio);
    const float log_range = float(std::log(double(r.max_distance) / double(r.max_exact)));
    const float scaled = (log_ratio / log_range) * float(r.half - r.max_exact);
    const long large = std::min(long(r.max_exact) + long(scaled), long(r.half - 1));
    return bucket + int(large);
}

long relative_position_of(double value) {
    if (!std::isfinite(value) || value != std::floor(value))
        throw Error("relative position " + format_number(value) + " must be a finite integer");
    if (std::fabs(value) > kMaxSize)
        throw Error("relative position " + format_number(value) + " is too large (at most " +
                    format_number(kMaxSize) + " either way)");
    return long(value);
}
}  // namespace

void check_t5(const T5Options& opts) { rule_of(opts); }

int t5_bucket(double relative_position, const T5Options& opts) {
    const T5Rule r = rule_of(opts);
    return bucket_of(relative_position_of(relative_position), r);
}

std::vector<int> t5_buckets(int queries, int keys, const T5Options& opts) {
    require_size(queries, "query length");
    require_size(keys, "key length");
    const T5Rule r = rule_of(opts);
    require_result_fits(queries, keys, 1, "bucket matrix");
    std::vector<int> out(std::size_t(queries) * std::size_t(keys));
    const long shift = long(keys) - long(queries);
    for (int i = 0; i < queries; ++i)
        for (int j = 0; j < keys; ++j) out[std::size_t(i) * keys + j] = bucket_of(long(j) - (i + shift), r);
    return out;
}

HeadTensor t5_bias(int queries, int keys, const Matrix& table, const T5Options& opts) {
    require_size(queries, "query length");
    require_size(keys, "key length");
    const T5Rule r = rule_of(opts);
    const int buckets = int(opts.num_buckets);
    if (table.rows() != buckets)
        throw Error("table is " + shape_text(table.rows(), table.cols()) + " but must have " + std::to_string(buckets) +
                    " rows, one per bucket (numBuckets), and one column per head");
    require_finite_values(table, "table");
    const int heads = int(table.cols());
    require_result_fits(queries, keys, heads, "T5 bias tensor");
    HeadTensor bias(heads, queries, keys);
    const long shift = long(keys) - long(queries);
    for (int i = 0; i < queries; ++i)
        for (int j = 0; j < keys; ++j) {
            const int b = bucket_of(long(j) - (i + shift), r);
            for (int h = 0; h < heads; ++h) bias.head(h)(i, j) = table(b, h);
        }
    return bias;
}

}  // namespace posenc
