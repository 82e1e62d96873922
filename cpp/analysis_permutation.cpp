// analysis_permutation.cpp: see analysis_permutation.hpp.
#include "analysis_permutation.hpp"

#include "attention.hpp"

namespace posenc {

Matrix permute_rows(const Matrix& x, const std::vector<double>& permutation) {
    const Eigen::Index n = x.rows();
    if (Eigen::Index(permutation.size()) != n)
        throw Error("permutation has " + std::to_string(permutation.size()) + " values but x has " +
                    std::to_string(n) + " rows");
    std::vector<bool> seen(static_cast<std::size_t>(n), false);
    Matrix out(n, x.cols());
    for (Eigen::Index r = 0; r < n; ++r) {
        const double p = permutation[std::size_t(r)];
        if (!(p >= 0 && p < double(n) && p == double(Eigen::Index(p))))
            throw Error("permutation value " + format_number(p) + " is outside 0.." + std::to_string(n - 1));
        if (seen[std::size_t(p)]) throw Error("permutation holds " + format_number(p) + " twice");
        seen[std::size_t(p)] = true;
        out.row(r) = x.row(Eigen::Index(p));
    }
    return out;
}

PermutationResult permutation_experiment(const Matrix& x, const std::vector<double>& permutation, int heads,
                                         const Matrix* positions) {
    const Matrix shuffled = permute_rows(x, permutation);
    require_finite_values(x, "x");
    if (positions) {
        require_shape(*positions, int(x.rows()), int(x.cols()), "positions",
                      "must have the shape of x, " + shape_text(x.rows(), x.cols()));
        require_finite_values(*positions, "positions");
    }
    AttentionOptions o;
    o.heads = heads;
    o.weights = false;
    const Matrix a = positions ? Matrix(x + *positions) : x;
    const Matrix b = positions ? Matrix(shuffled + *positions) : shuffled;
    PermutationResult r;
    r.original = attention(a, a, a, o).output;
    r.permuted = attention(b, b, b, o).output;
    r.expected = permute_rows(r.original, permutation);
    r.max_difference = double((r.permuted - r.expected).cwiseAbs().maxCoeff());
    return r;
}

}  // namespace posenc
