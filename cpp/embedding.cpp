// embedding.cpp: see embedding.hpp.
#include "embedding.hpp"

#include <cmath>

namespace posenc {

Matrix embedding_lookup(const Matrix& table, const std::vector<double>& ids, const std::string& noun) {
    if (ids.empty()) throw Error("the list of " + noun + "s is empty; give at least one " + noun);
    require_result_fits(double(ids.size()), double(table.cols()), 1, "lookup result");
    Matrix out(static_cast<Eigen::Index>(ids.size()), table.cols());
    for (std::size_t r = 0; r < ids.size(); ++r) {
        const double id = ids[r];
        if (!std::isfinite(id) || id != std::floor(id))
            throw Error(noun + " " + format_number(id) + " is not an integer; " + noun +
                        "s pick whole rows of the table");
        if (id < 0 || id >= double(table.rows()))
            throw Error(noun + " " + format_number(id) + " is outside the table's " +
                        std::to_string(table.rows()) + " rows",
                        "out-of-range", {{"what", noun}, {"value", format_number(id)}, {"min", "0"},
                                         {"max", std::to_string(table.rows() - 1)}});
        out.row(Eigen::Index(r)) = table.row(static_cast<Eigen::Index>(id));
    }
    return out;
}

Matrix add_embeddings(const Matrix& a, const Matrix& b) {
    if (a.rows() != b.rows() || a.cols() != b.cols())
        throw Error("the first matrix is " + shape_text(a.rows(), a.cols()) + " but the second is " +
                    shape_text(b.rows(), b.cols()) + "; element-wise addition needs equal shapes");
    return a + b;
}

}  // namespace posenc
