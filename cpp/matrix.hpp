// matrix.hpp: the two value types every posenc function takes and returns, and their checks.
//
// Dimension letters, used in every header of cpp/:
//   L = query sequence length (rows of q),   S = key/value sequence length (rows of k, v),
//   D = model width,   H = heads,   Dh = D / H head width,   V = vocabulary (table rows).
// Matrix     : row-major float32, shape rows × cols (what JS sees as { rows, cols, data }).
// HeadTensor : H stacked row-major matrices, shape H × rows × cols ({ heads, rows, cols, data }).
// Leaves out: batches (one sequence at a time is what a lesson shows), other precisions.
#pragma once

#include <Eigen/Core>
#include <string>
#include <vector>

#include "error.hpp"

namespace posenc {

using Matrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using MatrixMap = Eigen::Map<Matrix>;
using ConstMatrixMap = Eigen::Map<const Matrix>;

struct HeadTensor {
    int heads = 0, rows = 0, cols = 0;
    std::vector<float> data;  // heads * rows * cols values, head-major then row-major

    HeadTensor() = default;
    HeadTensor(int h, int r, int c) : heads(h), rows(r), cols(c), data(std::size_t(h) * r * c, 0.0f) {}

    bool empty() const { return heads == 0; }
    MatrixMap head(int h) { return MatrixMap(data.data() + std::size_t(h) * rows * cols, rows, cols); }
    ConstMatrixMap head(int h) const {
        return ConstMatrixMap(data.data() + std::size_t(h) * rows * cols, rows, cols);
    }
};

// A rows × cols matrix from row-major values, checking the sizes, the count and that every value
// is finite. `name` appears in messages: "q has 5 values but 2×3 needs 6".
Matrix matrix_from(double rows, double cols, const std::vector<float>& values, const std::string& name);

// A heads × rows × cols tensor from head-major values, with the same checks.
HeadTensor head_tensor_from(double heads, double rows, double cols, const std::vector<float>& values,
                            const std::string& name);

// "q[2][3] is NaN; every value must be finite". Throws on the first non-finite value.
void require_finite_values(const Matrix& m, const std::string& name);
void require_finite_values(const HeadTensor& t, const std::string& name);

// "q is 3×4 but must have 5 columns" style shape checks.
void require_shape(const Matrix& m, int rows, int cols, const std::string& name, const std::string& rule);

// "3×4"
std::string shape_text(Eigen::Index rows, Eigen::Index cols);

}  // namespace posenc
