// fuzz_alibi.cpp: alibi_slopes and alibi_bias with arbitrary head counts and sizes.
// Invariants: slopes lie in (0, 1) and are distinct; the bias is 0 on the aligned diagonal and ≤ 0.
#include "alibi.hpp"
#include "fuzz_input.hpp"

using namespace posenc;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    FuzzedDataProvider in(data, size);
    try {
        const int heads = require_size(fuzz::size_value(in, 64), "heads");
        const std::vector<float> slopes = alibi_slopes(heads);
        if (int(slopes.size()) != heads) __builtin_trap();
        for (float m : slopes)
            if (!(m > 0.0f && m < 1.0f)) __builtin_trap();
        const int L = require_size(fuzz::size_value(in, 16), "queries");
        const int S = require_size(fuzz::size_value(in, 16), "keys");
        const HeadTensor b = alibi_bias(L, S, std::min(heads, 16));
        for (float x : b.data)
            if (!(x <= 0.0f)) __builtin_trap();
    } catch (const Error&) {
    }
    return 0;
}
