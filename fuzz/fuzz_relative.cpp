// fuzz_relative.cpp: Shaw et al.'s clipped distances and 003's relative sinusoid tensor.
// Invariant: every clipped distance lies in [−k, k].
#include "fuzz_input.hpp"
#include "relative.hpp"

using namespace posenc;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    FuzzedDataProvider in(data, size);
    try {
        const int L = require_size(fuzz::size_value(in, 16), "queries");
        const int S = require_size(fuzz::size_value(in, 16), "keys");
        const int k = require_count(in.ConsumeBool() ? fuzz::size_value(in, 8) : -1.0, "maxDistance");
        for (int d : relative_distances(L, S, k))
            if (d < -k || d > k) __builtin_trap();
        SinusoidalOptions o;
        o.layout = parse_layout(fuzz::layout_name(in));
        relative_sinusoidal(require_size(fuzz::size_value(in, 8), "length"),
                            require_size(fuzz::size_value(in, 8), "width"), o);
    } catch (const Error&) {
    }
    return 0;
}
