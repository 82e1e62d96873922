// learned.cpp: see learned.hpp.
#include "learned.hpp"

namespace posenc {

Matrix learned_positions(const Matrix& table, int length) {
    require_size(length, "length");
    std::vector<double> positions(static_cast<std::size_t>(length));
    for (int p = 0; p < length; ++p) positions[std::size_t(p)] = p;
    return learned_positions_at(table, positions);
}

Matrix learned_positions_at(const Matrix& table, const std::vector<double>& positions) {
    return embedding_lookup(table, positions, "position id");
}

}  // namespace posenc
