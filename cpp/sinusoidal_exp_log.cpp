// sinusoidal_exp_log.cpp: see sinusoidal_exp_log.hpp.
#include "sinusoidal_exp_log.hpp"

#include <cmath>
#include <vector>

namespace posenc {

Matrix exp_log_sinusoidal(int length, int dim, double base) {
    require_size(length, "length");
    require_size(dim, "width");
    require_even(dim, "width");
    require_positive(base, "base");
    require_result_fits(length, dim, 1, "position encoding");
    const float factor = float(-std::log(base) / dim);  // a Python float, rounded once to the tensor's type
    std::vector<float> div_term(std::size_t(dim / 2));
    for (int i = 0; i < dim / 2; ++i) {
        const float step = float(2 * i) * factor;
        div_term[std::size_t(i)] = std::exp(step);  // float overload: expf
    }
    Matrix pe(length, dim);
    for (int pos = 0; pos < length; ++pos)
        for (int i = 0; i < dim / 2; ++i) {
            const float angle = float(pos) * div_term[std::size_t(i)];
            pe(pos, 2 * i) = std::sin(angle);
            pe(pos, 2 * i + 1) = std::cos(angle);
        }
    return pe;
}

}  // namespace posenc
