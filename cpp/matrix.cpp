// matrix.cpp: construction and checks for Matrix and HeadTensor.
#include "matrix.hpp"

#include <cmath>

#include "finite_values.hpp"

namespace posenc {

std::string shape_text(Eigen::Index rows, Eigen::Index cols) {
    return std::to_string(rows) + "×" + std::to_string(cols);
}

static void require_count_matches(std::size_t have, double need, const std::string& name,
                                  const std::string& shape) {
    if (double(have) != need)
        throw Error(name + " has " + std::to_string(have) + " values but " + shape + " needs " +
                    format_number(need));
}

Matrix matrix_from(double rows, double cols, const std::vector<float>& values, const std::string& name) {
    const int r = require_size(rows, name + " rows");
    const int c = require_size(cols, name + " cols");
    require_result_fits(r, c, 1, "matrix " + name);
    require_count_matches(values.size(), double(r) * c, name, shape_text(r, c));
    Matrix m = ConstMatrixMap(values.data(), r, c);
    require_finite_values(m, name);
    return m;
}

HeadTensor head_tensor_from(double heads, double rows, double cols, const std::vector<float>& values,
                            const std::string& name) {
    const int h = require_size(heads, name + " heads");
    const int r = require_size(rows, name + " rows");
    const int c = require_size(cols, name + " cols");
    require_result_fits(r, c, h, "tensor " + name);
    require_count_matches(values.size(), double(h) * r * c, name,
                          std::to_string(h) + "×" + shape_text(r, c));
    HeadTensor t;
    t.heads = h;
    t.rows = r;
    t.cols = c;
    t.data = values;
    require_finite_values(t, name);
    return t;
}

void require_finite_values(const Matrix& m, const std::string& name) {
    if (all_finite(m.data(), std::size_t(m.size()))) return;
    for (Eigen::Index i = 0; i < m.rows(); ++i)
        for (Eigen::Index j = 0; j < m.cols(); ++j)
            if (!std::isfinite(m(i, j)))
                throw Error(name + "[" + std::to_string(i) + "][" + std::to_string(j) + "] is " +
                            format_number(m(i, j)) + "; every value must be finite");
}

void require_finite_values(const HeadTensor& t, const std::string& name) {
    for (int h = 0; h < t.heads; ++h) {
        auto m = t.head(h);
        if (all_finite(m.data(), std::size_t(m.size()))) continue;
        for (int i = 0; i < t.rows; ++i)
            for (int j = 0; j < t.cols; ++j)
                if (!std::isfinite(m(i, j)))
                    throw Error(name + "[" + std::to_string(h) + "][" + std::to_string(i) + "][" +
                                std::to_string(j) + "] is " + format_number(m(i, j)) +
                                "; every value must be finite");
    }
}

void require_shape(const Matrix& m, int rows, int cols, const std::string& name, const std::string& rule) {
    if ((rows >= 0 && m.rows() != rows) || (cols >= 0 && m.cols() != cols))
        throw Error(name + " is " + shape_text(m.rows(), m.cols()) + " but " + rule);
}

}  // namespace posenc
