// spread_columns.cpp: see spread_columns.hpp.
#include "spread_columns.hpp"

#include "error.hpp"

namespace posenc {

std::vector<int> spread_columns(double width) {
    const int D = require_size(width, "width");
    require_result_fits(1, D, 1, "encoding row");  // the columns of an encoding that could exist
    std::vector<int> out;
    for (int c : {0, 2 * (D / 16), 2 * (D / 8), 2 * (D / 4)})
        if (c < D && (out.empty() || c > out.back())) out.push_back(c);
    return out;
}

}  // namespace posenc
