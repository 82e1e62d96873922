// rope.cpp: see rope.hpp.
#include "rope.hpp"

#include <cmath>

#include "positions.hpp"

namespace posenc {

int check_rope(int width, int heads, const RopeOptions& opts) {
    require_size(width, "width");
    require_size(heads, "heads");
    require_divisible(width, heads);
    const int head_dim = width / heads;
    require_even(head_dim, heads == 1 ? "width" : "head width");
    require_positive(opts.base, "base");
    require_positive(opts.scale, "scale");
    return head_dim;
}

std::vector<double> rope_frequencies(int head_dim, double base) {
    require_size(head_dim, "head width");
    require_even(head_dim, "head width");
    require_positive(base, "base");
    require_result_fits(head_dim / 2, 1, 1, "frequency list of head width " + std::to_string(head_dim));
    return geometric_frequencies(head_dim, base);
}

std::vector<double> rope_angle_steps(int head_dim, const RopeOptions& opts) {
    std::vector<double> steps = rope_frequencies(head_dim, opts.base);
    require_positive(opts.scale, "scale");
    for (double& s : steps) s /= opts.scale;
    return steps;
}

Matrix rope_at(const Matrix& x, const std::vector<double>& positions, int heads, const RopeOptions& opts) {
    const int D = int(x.cols());
    const int Dh = check_rope(D, heads, opts);
    if (Eigen::Index(positions.size()) != x.rows())
        throw Error("positions has " + std::to_string(positions.size()) + " values but x has " +
                    std::to_string(x.rows()) + " rows; every row needs one position");
    for (double p : positions) require_finite(p, "position");
    require_finite_values(x, "x");
    const std::vector<double> theta = rope_frequencies(Dh, opts.base);
    Matrix out(x.rows(), x.cols());
    for (Eigen::Index r = 0; r < x.rows(); ++r) {
        const double m = positions[std::size_t(r)] / opts.scale;
        for (int i = 0; i < Dh / 2; ++i) {
            const double angle = m * theta[std::size_t(i)];
            const double c = std::cos(angle), s = std::sin(angle);
            for (int h = 0; h < heads; ++h) {
                const int a = h * Dh + pair_first(opts.layout, i, Dh);
                const int b = h * Dh + pair_second(opts.layout, i, Dh);
                const double xa = x(r, a), xb = x(r, b);
                out(r, a) = float(xa * c - xb * s);
                out(r, b) = float(xa * s + xb * c);
            }
        }
    }
    return out;
}

Matrix rope(const Matrix& x, int heads, const RopeOptions& opts) {
    return rope_at(x, position_range(int(x.rows())), heads, opts);
}

RotatedQK rope_for_attention(const Matrix& q, const Matrix& k, int heads, const RopeOptions& opts) {
    return {rope_at(q, query_positions(int(q.rows()), int(k.rows())), heads, opts), rope(k, heads, opts)};
}

}  // namespace posenc
