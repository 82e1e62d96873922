// analysis_shift.cpp: see analysis_shift.hpp.
#include "analysis_shift.hpp"

#include <cmath>

namespace posenc {

std::vector<double> wavelengths(int dim, double base) {
    std::vector<double> w = sinusoidal_frequencies(dim, base);  // checks width and base
    const double two_pi = 2.0 * 3.14159265358979323846;
    for (double& x : w) x = two_pi / x;
    return w;
}

Matrix shift_matrix(int dim, double offset, const SinusoidalOptions& opts) {
    require_finite(offset, "offset");
    require_result_fits(dim, dim, 1, "shift matrix");
    const std::vector<double> omega = sinusoidal_frequencies(dim, opts.base);
    Matrix m = Matrix::Zero(dim, dim);
    for (int i = 0; i < dim / 2; ++i) {
        const double c = std::cos(offset * omega[std::size_t(i)]), s = std::sin(offset * omega[std::size_t(i)]);
        const int a = pair_first(opts.layout, i, dim), b = pair_second(opts.layout, i, dim);
        m(a, a) = float(c);
        m(a, b) = float(s);
        m(b, a) = float(-s);
        m(b, b) = float(c);
    }
    return m;
}

}  // namespace posenc
