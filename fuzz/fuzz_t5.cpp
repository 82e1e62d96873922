// fuzz_t5.cpp: T5 buckets and bias with arbitrary distances, bucket counts, maximum distances and
// tables. Invariant: every bucket lies in [0, numBuckets).
#include "fuzz_input.hpp"
#include "t5.hpp"

using namespace posenc;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    FuzzedDataProvider in(data, size);
    try {
        T5Options o;
        o.bidirectional = in.ConsumeBool();
        o.num_buckets = in.ConsumeBool() ? 32 : fuzz::size_value(in, 40);
        o.max_distance = in.ConsumeBool() ? 128 : in.ConsumeFloatingPoint<double>();
        const double rel = in.ConsumeBool() ? in.ConsumeIntegralInRange<int>(-300, 300) : in.ConsumeFloatingPoint<double>();
        const int b = t5_bucket(rel, o);
        if (b < 0 || b >= int(o.num_buckets)) __builtin_trap();
        const int L = require_size(fuzz::size_value(in, 16), "queries");
        const int S = require_size(fuzz::size_value(in, 16), "keys");
        for (int x : t5_buckets(L, S, o))
            if (x < 0 || x >= int(o.num_buckets)) __builtin_trap();
        const Matrix table = fuzz::matrix(in, in.ConsumeBool() ? o.num_buckets : fuzz::size_value(in, 40),
                                          fuzz::size_value(in, 4), "table");
        t5_bias(L, S, table, o);
    } catch (const Error&) {
    }
    return 0;
}
