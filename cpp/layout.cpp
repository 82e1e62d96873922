// layout.cpp: see layout.hpp.
#include "layout.hpp"

#include "error.hpp"

namespace posenc {

Layout parse_layout(const std::string& name) {
    if (name == "interleaved") return Layout::interleaved;
    if (name == "halves") return Layout::halves;
    throw Error("layout '" + name + "' must be 'interleaved' or 'halves'");
}

const char* layout_name(Layout layout) { return layout == Layout::interleaved ? "interleaved" : "halves"; }

static void require_pairs(const Matrix& m) {
    if (m.cols() % 2 != 0)
        throw Error("width " + std::to_string(m.cols()) + " must be even to form pairs", "not-even",
                    {{"what", "width"}, {"value", std::to_string(m.cols())}});
}

Matrix pair(const Matrix& m, int i, Layout layout) {
    require_pairs(m);
    const int D = int(m.cols());
    if (i < 0 || i >= D / 2)
        throw Error("pair " + std::to_string(i) + " is outside 0 … " + std::to_string(D / 2 - 1) + " (width " +
                    std::to_string(D) + " has " + std::to_string(D / 2) + " pairs)",
                    "out-of-range", {{"what", "pair"}, {"value", std::to_string(i)}, {"min", "0"},
                                     {"max", std::to_string(D / 2 - 1)}});
    Matrix out(m.rows(), 2);
    out.col(0) = m.col(pair_first(layout, i, D));
    out.col(1) = m.col(pair_second(layout, i, D));
    return out;
}

std::vector<int> regroup_columns(int width, Layout from, Layout to) {
    std::vector<int> source(std::size_t(width > 0 ? width : 0));
    for (int i = 0; i < width / 2; ++i) {
        source[std::size_t(pair_first(to, i, width))] = pair_first(from, i, width);
        source[std::size_t(pair_second(to, i, width))] = pair_second(from, i, width);
    }
    return source;
}

Matrix regroup(const Matrix& m, Layout from, Layout to) {
    require_pairs(m);
    const std::vector<int> source = regroup_columns(int(m.cols()), from, to);
    Matrix out(m.rows(), m.cols());
    for (Eigen::Index c = 0; c < m.cols(); ++c) out.col(c) = m.col(source[std::size_t(c)]);
    return out;
}

}  // namespace posenc
