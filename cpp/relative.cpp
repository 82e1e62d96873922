// relative.cpp: see relative.hpp.
#include "relative.hpp"

#include "positions.hpp"

#include <algorithm>
#include <cmath>

namespace posenc {

std::vector<int> relative_distances(int queries, int keys, double max_distance) {
    require_size(queries, "query length");
    require_size(keys, "key length");
    const bool clipped = !(std::isinf(max_distance) && max_distance > 0);
    const long k = clipped ? require_count(max_distance, "maxDistance") : 0;
    require_result_fits(queries, keys, 1, "distance matrix");
    std::vector<int> out(std::size_t(queries) * std::size_t(keys));
    const long shift = long(keys) - long(queries);
    for (int i = 0; i < queries; ++i)
        for (int j = 0; j < keys; ++j) {
            const long d = long(j) - (i + shift);
            out[std::size_t(i) * keys + j] = int(clipped ? std::clamp(d, -k, k) : d);
        }
    return out;
}

void require_relative_table(const Matrix& table, int max_distance, int head_dim, const std::string& name) {
    const Eigen::Index rows = 2 * Eigen::Index(max_distance) + 1;
    require_shape(table, int(rows), head_dim, name,
                  "must be " + shape_text(rows, head_dim) + " (2·maxDistance + 1 = " + std::to_string(rows) +
                      " rows of head width " + std::to_string(head_dim) + ")");
}

HeadTensor shaw_key_bias(const Matrix& q, int keys, const Matrix& relative_keys, int heads, int max_distance) {
    require_size(keys, "key length");
    require_size(heads, "heads");
    require_divisible(int(q.cols()), heads);
    const int k = require_count(max_distance, "maxDistance");
    const int L = int(q.rows()), Dh = int(q.cols()) / heads;
    require_relative_table(relative_keys, k, Dh, "relativeKeys");
    require_finite_values(q, "q");
    require_finite_values(relative_keys, "relativeKeys");
    require_result_fits(L, keys, heads, "Shaw key bias tensor");
    const std::vector<int> d = relative_distances(L, keys, k);
    const float scale = 1.0f / std::sqrt(float(Dh));
    HeadTensor bias(heads, L, keys);
    for (int h = 0; h < heads; ++h) {
        // q_i·aᴷ_r for every row r, then picked by each pair's clipped distance.
        const Matrix qa = (q.middleCols(h * Dh, Dh) * relative_keys.transpose()) * scale;
        for (int i = 0; i < L; ++i)
            for (int j = 0; j < keys; ++j) bias.head(h)(i, j) = qa(i, d[std::size_t(i) * keys + j] + k);
    }
    return bias;
}

HeadTensor relative_sinusoidal(int length, int dim, const SinusoidalOptions& opts) {
    require_size(length, "length");
    require_size(dim, "width");
    require_even(dim, "width");
    require_result_fits(length, dim, length, "relative encoding tensor");
    const Matrix pe = sinusoidal_at(position_range(length), dim, opts);                   // PE(pos)
    const Matrix rpe = sinusoidal_at(position_range(2 * length - 1, 1 - length), dim, opts);  // RPE(rel), row rel + L − 1
    HeadTensor out(length, length, dim);
    for (int p1 = 0; p1 < length; ++p1)
        for (int p2 = 0; p2 < length; ++p2) out.head(p1).row(p2) = pe.row(p1) + rpe.row(p1 - p2 + length - 1);
    return out;
}

}  // namespace posenc
