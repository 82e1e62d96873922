// fuzz_attention.cpp: attention with arbitrary shapes, heads, masks, biases, ALiBi and RoPE,
// differentially: the dispatcher (attention, fused when it can) against the reference (attention_reference).
// Invariants: when it succeeds, outputs are finite, weight rows sum to 1, and the fused output
// equals the reference within the tolerance of tests/cpp/test_attention_fused.cpp; both refuse
// the same inputs.
#include <cmath>
#include <cstdio>

#include "alibi.hpp"
#include "attention.hpp"
#include "attention_fused.hpp"
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
        std::vector<float> slopes;
        if (in.ConsumeIntegralInRange<int>(0, 3) == 0) {
            slopes = alibi_slopes(o.heads);
            o.alibi_slopes = &slopes;
        }
        RopeOptions rope;
        if (in.ConsumeIntegralInRange<int>(0, 3) == 0) {
            rope.layout = in.ConsumeBool() ? Layout::interleaved : Layout::halves;
            rope.scale = in.ConsumeBool() ? 1.0 : 4.0;
            o.rope = &rope;
        }
        AttentionResult r;
        try {
            r = attention_reference(q, k, v, o);
        } catch (const Error& refused) {
            AttentionOptions fused = o;
            fused.weights = false;
            try {
                attention(q, k, v, fused);
            } catch (const Error&) {
                return 0;  // both refuse
            }
            if (!o.weights) {
                std::fprintf(stderr, "the fused path accepted what the reference refused: %s\n", refused.what());
                __builtin_trap();
            }  // the fused path accepted what the reference refused
            return 0;      // (with weights the reference may refuse a size the fused path allows)
        }
        if (!r.output.allFinite()) __builtin_trap();
        AttentionOptions fused = o;
        fused.weights = false;
        const Matrix f = attention(q, k, v, fused).output;
        // Tolerance from the problem's conditioning. Scores carry an error up to about Dh·ε·b,
        // b = max ‖q_i‖‖k_j‖/√Dh + max |bias| + ALiBi's largest penalty; softmax turns a score
        // error δ into at most 2δ of weight (ℓ1), and each output is a convex combination of v, so
        // its error is at most that times max |v|. (Scores near 1e30 are not resolved by float32
        // at all: then any convex combination is as right as another, and only the next check,
        // that every output lies within its column of v, can fail.)
        const int Dh = int(q.cols()) / o.heads;
        double b = 0;
        for (int h = 0; h < o.heads; ++h)
            b = std::max(b, q.middleCols(h * Dh, Dh).cast<double>().rowwise().norm().maxCoeff() *
                                k.middleCols(h * Dh, Dh).cast<double>().rowwise().norm().maxCoeff() / std::sqrt(double(Dh)));
        if (o.bias) {
            float m = 0;
            for (float x : o.bias->data) m = std::max(m, std::fabs(x));
            b += m;
        }
        if (o.alibi_slopes) b += double(q.rows() + k.rows());
        const double eps = 6e-8;
        const double scale = std::max(1.0, double(v.cwiseAbs().maxCoeff()));
        const double tol = (1e-4 + 4.0 * (Dh + 8) * eps * b) * scale;
        for (Eigen::Index c = 0; c < v.cols(); ++c) {
            const float lo = v.col(c).minCoeff(), hi = v.col(c).maxCoeff();
            const float slack = 1e-5f * std::max(1.0f, std::max(std::fabs(lo), std::fabs(hi)));
            for (Eigen::Index i = 0; i < f.rows(); ++i)
                if (!(f(i, c) >= lo - slack && f(i, c) <= hi + slack)) {
                    std::fprintf(stderr, "fused output %.9g outside its column of v [%.9g, %.9g]\n", double(f(i, c)), double(lo), double(hi));
                    __builtin_trap();
                }
        }
        for (Eigen::Index i = 0; i < f.size(); ++i) {
            const float want = r.output.data()[i];
            if (!(std::fabs(double(f.data()[i]) - want) <= tol)) {
                std::fprintf(stderr, "fused %.9g vs reference %.9g at %ld: L=%ld S=%ld D=%ld H=%d causal=%d bias=%d alibi=%d rope=%d\n",
                             double(f.data()[i]), double(want), long(i), long(q.rows()), long(k.rows()), long(q.cols()),
                             o.heads, int(o.causal), int(o.bias != nullptr), int(o.alibi_slopes != nullptr), int(o.rope != nullptr));
                const auto dump = [](const char* name, const float* x, std::size_t n) {
                    std::fprintf(stderr, "%s:", name);
                    for (std::size_t j = 0; j < n && j < 64; ++j) std::fprintf(stderr, " %.9g", double(x[j]));
                    std::fprintf(stderr, "\n");
                };
                dump("q", q.data(), std::size_t(q.size()));
                dump("k", k.data(), std::size_t(k.size()));
                dump("v", v.data(), std::size_t(v.size()));
                if (o.bias) dump("bias", o.bias->data.data(), o.bias->data.size());
                __builtin_trap();
            }
        }
        if (o.weights)
            for (int h = 0; h < r.weights.heads; ++h)
                for (int i = 0; i < r.weights.rows; ++i)
                    if (std::fabs(r.weights.head(h).row(i).sum() - 1.0f) > 1e-4f) __builtin_trap();
    } catch (const Error&) {
    }
    return 0;
}
