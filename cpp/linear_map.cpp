// linear_map.cpp: see linear_map.hpp.
#include "linear_map.hpp"

namespace posenc {

Matrix apply_linear(const Matrix& m, const Matrix& x) {
    require_finite_values(m, "M");
    require_finite_values(x, "x");
    if (m.cols() != x.cols())
        throw Error("M is " + shape_text(m.rows(), m.cols()) + " but x has " + std::to_string(x.cols()) +
                    " columns; M·x needs as many columns in M as each row of x has values");
    require_result_fits(double(x.rows()), double(m.rows()), 1, "result");
    Matrix y(x.rows(), m.rows());
    for (Eigen::Index r = 0; r < x.rows(); ++r)
        for (Eigen::Index i = 0; i < m.rows(); ++i) {
            double s = 0;
            for (Eigen::Index c = 0; c < m.cols(); ++c) s += double(m(i, c)) * double(x(r, c));
            y(r, i) = float(s);
        }
    return y;
}

}  // namespace posenc
