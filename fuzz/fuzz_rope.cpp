// fuzz_rope.cpp: rope and rope_at with arbitrary widths, heads, bases, scales, layouts and
// positions. Invariant: a rotation keeps the norm of every pair.
#include <cmath>

#include "fuzz_input.hpp"
#include "rope.hpp"

using namespace posenc;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    FuzzedDataProvider in(data, size);
    try {
        RopeOptions o;
        o.base = in.ConsumeBool() ? 10000.0 : in.ConsumeFloatingPoint<double>();
        o.scale = in.ConsumeBool() ? 1.0 : in.ConsumeFloatingPoint<double>();
        o.layout = parse_layout(fuzz::layout_name(in));
        const int heads = require_size(fuzz::size_value(in, 4), "heads");
        const Matrix x = fuzz::matrix(in, fuzz::size_value(in, 12), fuzz::size_value(in, 32), "x");
        const Matrix y = in.ConsumeBool() ? rope(x, heads, o) : rope_at(x, fuzz::numbers(in, 12, -50, 50), heads, o);
        if (y.rows() != x.rows() || y.cols() != x.cols()) __builtin_trap();
        const double nx = x.cast<double>().norm(), ny = y.cast<double>().norm();  // double: 1e30² fits
        if (!(std::fabs(nx - ny) <= 1e-4 * std::max(1.0, nx))) __builtin_trap();
    } catch (const Error&) {
    }
    return 0;
}
