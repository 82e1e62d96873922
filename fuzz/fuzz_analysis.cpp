// fuzz_analysis.cpp: the analysis functions of 001/002 (shift matrix, wavelengths, similarity,
// dot terms, permutation experiment, read-back) and the seeded generator, with arbitrary inputs.
// Invariants: the read-back rate lies in [0, 1]; a seeded matrix is the same when drawn twice.
#include "analysis_dot.hpp"
#include "analysis_permutation.hpp"
#include "analysis_readback.hpp"
#include "analysis_shift.hpp"
#include "fuzz_input.hpp"
#include "random.hpp"

using namespace posenc;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    FuzzedDataProvider in(data, size);
    try {
        const int D = require_size(fuzz::size_value(in, 16), "width");
        SinusoidalOptions so;
        so.base = in.ConsumeBool() ? 10000.0 : in.ConsumeFloatingPoint<double>();
        switch (in.ConsumeIntegralInRange<int>(0, 5)) {
            case 0: shift_matrix(D, in.ConsumeFloatingPoint<double>(), so); break;
            case 1: wavelengths(D, so.base); break;
            case 2: position_similarity(require_size(fuzz::size_value(in, 16), "length"), D, so); break;
            case 3: {
                const double L = fuzz::size_value(in, 8);
                dot_terms(fuzz::matrix(in, L, D, "tokens"), fuzz::matrix(in, fuzz::size_value(in, 8), D, "positions"));
                break;
            }
            case 4: {
                const Matrix x = fuzz::matrix(in, fuzz::size_value(in, 8), D, "x");
                permutation_experiment(x, fuzz::numbers(in, 9, -1, 9), require_size(fuzz::size_value(in, 4), "heads"));
                break;
            }
            default: {
                ReadbackOptions ro;
                ro.scale = in.ConsumeFloatingPoint<double>();
                ro.seed = in.ConsumeIntegralInRange<int>(-2, 1000);
                ro.trials = fuzz::size_value(in, 3);
                const double rate = readback_rate(require_size(fuzz::size_value(in, 16), "length"), D, ro);
                if (!(rate >= 0.0 && rate <= 1.0)) __builtin_trap();
                RandomOptions r;
                r.seed = ro.seed;
                r.scale = ro.scale;
                const int rows = require_size(fuzz::size_value(in, 8), "rows");
                if (random_matrix(rows, D, r) != random_matrix(rows, D, r)) __builtin_trap();
            }
        }
    } catch (const Error&) {
    }
    return 0;
}
