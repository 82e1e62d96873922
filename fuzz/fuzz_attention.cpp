// fuzz_attention.cpp: the reference attention with arbitrary shapes, heads, masks and biases.
// Invariant: when it succeeds with weights, every weight row sums to 1 and outputs are finite.
#include <cmath>

#include "attention.hpp"
#include "fuzz_input.hpp"

using namespace posenc;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    FuzzedDataProvider in(data, size);
    try {
        const double L = fuzz::size_value(in, 24), S = fuzz::size_value(in, 24), D = fuzz::size_value(in, 32);
        AttentionOptions o;
        o.heads = require_size(fuzz::size_value(in, 8), "heads");
        o.causal = in.ConsumeBool();
        o.weights = in.ConsumeBool();
        const Matrix q = fuzz::matrix(in, L, D, "q");
        const Matrix k = fuzz::matrix(in, S, in.ConsumeIntegralInRange<int>(0, 7) == 0 ? D + 1 : D, "k");
        const Matrix v = fuzz::matrix(in, S, D, "v");
        HeadTensor bias;
        if (in.ConsumeBool()) {
            const double bh = in.ConsumeBool() ? 1 : o.heads;
            bias = head_tensor_from(bh, L, S, fuzz::values(in, bh * L * S), "bias");
            o.bias = &bias;
        }
        const AttentionResult r = attention(q, k, v, o);
        if (!r.output.allFinite()) __builtin_trap();
        if (o.weights)
            for (int h = 0; h < r.weights.heads; ++h)
                for (int i = 0; i < r.weights.rows; ++i)
                    if (std::fabs(r.weights.head(h).row(i).sum() - 1.0f) > 1e-4f) __builtin_trap();
    } catch (const Error&) {
    }
    return 0;
}
