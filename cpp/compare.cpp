// compare.cpp: see compare.hpp.
#include "compare.hpp"

#include <algorithm>
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

static void check_pair(const HeadTensor& a, const HeadTensor& b) {
    if (a.heads != b.heads || a.rows != b.rows || a.cols != b.cols)
        throw Error("A is " + std::to_string(a.heads) + "×" + shape_text(a.rows, a.cols) + " but B is " +
                    std::to_string(b.heads) + "×" + shape_text(b.rows, b.cols) + "; the difference needs the same shape");
}

HeadTensor difference(const HeadTensor& a, const HeadTensor& b) {
    check_pair(a, b);
    HeadTensor out(a.heads, a.rows, a.cols);
    for (int h = 0; h < a.heads; ++h) out.head(h) = difference(Matrix(a.head(h)), Matrix(b.head(h)));
    return out;
}

double max_abs_difference(const HeadTensor& a, const HeadTensor& b) {
    check_pair(a, b);
    double worst = 0;
    for (int h = 0; h < a.heads; ++h) worst = std::max(worst, max_abs_difference(Matrix(a.head(h)), Matrix(b.head(h))));
    return worst;
}

}  // namespace posenc
