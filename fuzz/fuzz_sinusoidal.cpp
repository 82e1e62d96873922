// fuzz_sinusoidal.cpp: sinusoidal and sinusoidal_at with arbitrary sizes, bases, layouts and
// positions. Invariant: every value of a returned encoding lies in [−1, 1].
#include "fuzz_input.hpp"
#include "sinusoidal.hpp"

using namespace posenc;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    FuzzedDataProvider in(data, size);
    try {
        SinusoidalOptions opts;
        opts.base = in.ConsumeBool() ? 10000.0 : in.ConsumeFloatingPoint<double>();
        opts.layout = parse_layout(fuzz::layout_name(in));
        const int length = require_size(fuzz::size_value(in, 64), "length");
        const int width = require_size(fuzz::size_value(in, 64), "width");
        const Matrix pe = in.ConsumeBool() ? sinusoidal(length, width, opts)
                                           : sinusoidal_at(fuzz::numbers(in, 16, -1000, 1000), width, opts);
        if (!(pe.array().abs() <= 1.0f).all()) __builtin_trap();
    } catch (const Error&) {
    }
    return 0;
}
