// sinusoidal.cpp: see sinusoidal.hpp.
#include "sinusoidal.hpp"

#include <cmath>

#include "positions.hpp"

namespace posenc {

static void check_dim_and_base(int dim, double base) {
    require_size(dim, "width");
    require_even(dim, "width");
    require_positive(base, "base");
}

std::vector<double> sinusoidal_frequencies(int dim, double base) {
    check_dim_and_base(dim, base);
    require_result_fits(dim / 2, 1, 1, "frequency list of width " + std::to_string(dim));
    return geometric_frequencies(dim, base);
}

std::vector<double> geometric_frequencies(int width, double base) {
    std::vector<double> omega(std::size_t(width / 2));
    for (int i = 0; i < width / 2; ++i) omega[std::size_t(i)] = std::pow(base, -2.0 * i / width);
    return omega;
}

Matrix sinusoidal_at(const std::vector<double>& positions, int dim, const SinusoidalOptions& opts) {
    check_dim_and_base(dim, opts.base);
    if (positions.empty()) throw Error("the list of positions is empty; give at least one position");
    require_result_fits(double(positions.size()), dim, 1, "position encoding");
    for (double p : positions) require_finite(p, "position");
    const std::vector<double> omega = sinusoidal_frequencies(dim, opts.base);
    Matrix pe(Eigen::Index(positions.size()), dim);
    for (std::size_t r = 0; r < positions.size(); ++r) {
        for (int i = 0; i < dim / 2; ++i) {
            const double angle = positions[r] * omega[std::size_t(i)];
            pe(Eigen::Index(r), pair_first(opts.layout, i, dim)) = float(std::sin(angle));
            pe(Eigen::Index(r), pair_second(opts.layout, i, dim)) = float(std::cos(angle));
        }
    }
    return pe;
}

Matrix sinusoidal(int length, int dim, const SinusoidalOptions& opts) {
    require_size(length, "length");
    check_dim_and_base(dim, opts.base);
    require_result_fits(length, dim, 1, "position encoding");
    return sinusoidal_at(position_range(length), dim, opts);
}

}  // namespace posenc
