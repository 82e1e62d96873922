// analysis_dot.cpp: see analysis_dot.hpp.
#include "analysis_dot.hpp"

namespace posenc {

namespace {
using MatrixD = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
Matrix products(const MatrixD& a, const MatrixD& b) { return (a * b.transpose()).cast<float>(); }
}  // namespace

Matrix position_similarity(int length, int dim, const SinusoidalOptions& opts) {
    require_size(length, "length");
    require_result_fits(length, length, 1, "similarity matrix");
    const MatrixD pe = sinusoidal(length, dim, opts).cast<double>();
    return products(pe, pe);
}

DotTerms dot_terms(const Matrix& tokens, const Matrix& positions) {
    if (tokens.rows() != positions.rows() || tokens.cols() != positions.cols())
        throw Error("E is " + shape_text(tokens.rows(), tokens.cols()) + " but P is " +
                    shape_text(positions.rows(), positions.cols()) + "; E and P need the same shape");
    require_finite_values(tokens, "E");
    require_finite_values(positions, "P");
    require_result_fits(double(tokens.rows()), double(tokens.rows()), 5, "set of dot-product terms");
    const MatrixD e = tokens.cast<double>(), p = positions.cast<double>();
    return {products(e, e), products(e, p), products(p, e), products(p, p), products(e + p, e + p)};
}

}  // namespace posenc
