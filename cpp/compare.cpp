// compare.cpp: see compare.hpp.
#include "compare.hpp"

#include <cmath>

namespace posenc {

static void check_pair(const Matrix& a, const Matrix& b) {
    if (a.rows() != b.rows() || a.cols() != b.cols())
        throw Error("A is " + shape_text(a.rows(), a.cols()) + " but B is " + shape_text(b.rows(), b.cols()) +
                    "; the difference needs the same shape");
    require_finite_values(a, "A");
    require_finite_values(b, "B");
}

Matrix difference(const Matrix& a, const Matrix& b) {
    check_pair(a, b);
    Matrix out = a - b;
    for (Eigen::Index r = 0; r < out.rows(); ++r)
        for (Eigen::Index c = 0; c < out.cols(); ++c)
            if (!std::isfinite(out(r, c)))
                throw Error("A[" + std::to_string(r) + "][" + std::to_string(c) + "] − B[" + std::to_string(r) + "][" +
                            std::to_string(c) + "] = " + format_number(double(a(r, c)) - double(b(r, c))) +
                            " overflows float32");
    return out;
}

double max_abs_difference(const Matrix& a, const Matrix& b) {
    check_pair(a, b);
    return (a.cast<double>() - b.cast<double>()).cwiseAbs().maxCoeff();
}

}  // namespace posenc
