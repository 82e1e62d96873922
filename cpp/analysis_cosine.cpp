// analysis_cosine.cpp: see analysis_cosine.hpp.
#include "analysis_cosine.hpp"

#include <cmath>
#include <string>
#include <vector>

#include "error.hpp"

namespace posenc {

Matrix row_cosine_similarity(const Matrix& m) {
    const Eigen::Index L = m.rows(), D = m.cols();
    if (L < 1 || D < 1) throw Error("the matrix must have at least one row and one column, not " + std::to_string(L) + "×" + std::to_string(D));
    std::vector<double> norm(std::size_t(L), 0.0);
    for (Eigen::Index i = 0; i < L; ++i) {
        double s = 0;
        for (Eigen::Index k = 0; k < D; ++k) {
            const double x = m(i, k);
            if (!std::isfinite(x)) throw Error("value [" + std::to_string(i) + "][" + std::to_string(k) + "] is " + format_number(x) + "; every value must be finite");
            s += x * x;
        }
        if (s == 0) throw Error("row " + std::to_string(i) + " has norm 0: its cosine similarity is undefined");
        norm[std::size_t(i)] = std::sqrt(s);
    }
    require_result_fits(double(L), double(L), 1, "the similarity matrix");
    Matrix out(L, L);
    for (Eigen::Index i = 0; i < L; ++i) {
        for (Eigen::Index j = i; j < L; ++j) {
            double s = 0;
            for (Eigen::Index k = 0; k < D; ++k) s += double(m(i, k)) * double(m(j, k));
            const float c = float(s / (norm[std::size_t(i)] * norm[std::size_t(j)]));
            out(i, j) = c;
            out(j, i) = c;
        }
    }
    return out;
}

Matrix mean_by_offset(const Matrix& s) {
    const Eigen::Index L = s.rows();
    if (L < 1 || s.cols() != L) throw Error("mean_by_offset needs a square matrix, not " + std::to_string(L) + "×" + std::to_string(s.cols()));
    Matrix out(1, L);
    for (Eigen::Index d = 0; d < L; ++d) {
        double sum = 0;
        for (Eigen::Index i = 0; i + d < L; ++i) {
            const double x = s(i, i + d);
            if (!std::isfinite(x)) throw Error("value [" + std::to_string(i) + "][" + std::to_string(i + d) + "] is " + format_number(x) + "; every value must be finite");
            sum += x;
        }
        out(0, d) = float(sum / double(L - d));
    }
    return out;
}

}  // namespace posenc
