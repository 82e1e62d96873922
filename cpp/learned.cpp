// learned.cpp: see learned.hpp.
#include "learned.hpp"

#include "positions.hpp"

namespace posenc {

Matrix learned_positions(const Matrix& table, int length) {
    require_size(length, "length");
    return learned_positions_at(table, position_range(length));
}

Matrix learned_positions_at(const Matrix& table, const std::vector<double>& positions) {
    return embedding_lookup(table, positions, "position id");
}

}  // namespace posenc
