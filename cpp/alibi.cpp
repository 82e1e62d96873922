// alibi.cpp: see alibi.hpp.
#include "alibi.hpp"

#include <cmath>

namespace posenc {

namespace {
// 2^(−8h/n), h = 1 .. n: the paper's get_slopes_power_of_2(n) (start = ratio = 2^(−8/n)).
std::vector<double> power_of_two_slopes(int n) {
    std::vector<double> s(static_cast<std::size_t>(n));
    for (int h = 1; h <= n; ++h) s[std::size_t(h - 1)] = std::exp2(-8.0 * h / n);
    return s;
}
}  // namespace

std::vector<float> alibi_slopes(int heads) {
    require_size(heads, "heads");
    require_result_fits(heads, 1, 1, "slope list");
    int p = 1;
    while (p * 2 <= heads) p *= 2;  // largest power of two ≤ heads
    std::vector<double> slopes = power_of_two_slopes(p);
    if (p != heads) {
        const std::vector<double> twice = power_of_two_slopes(2 * p);
        for (int t = 0; t < heads - p; ++t) slopes.push_back(twice[std::size_t(2 * t)]);
    }
    return std::vector<float>(slopes.begin(), slopes.end());
}

HeadTensor alibi_bias(int queries, int keys, const std::vector<float>& slopes) {
    require_size(queries, "query length");
    require_size(keys, "key length");
    if (slopes.empty()) throw Error("the list of ALiBi slopes is empty; give one slope per head");
    require_size(double(slopes.size()), "heads");
    for (float m : slopes) require_finite(m, "ALiBi slope");
    require_result_fits(queries, keys, double(slopes.size()), "ALiBi bias tensor");
    HeadTensor bias(int(slopes.size()), queries, keys);
    const long shift = long(keys) - long(queries);
    for (int h = 0; h < bias.heads; ++h) {
        auto b = bias.head(h);
        for (int i = 0; i < queries; ++i)
            for (int j = 0; j < keys; ++j) b(i, j) = -slopes[std::size_t(h)] * float(std::labs(i + shift - j));
    }
    return bias;
}

HeadTensor alibi_bias(int queries, int keys, int heads) {
    require_size(queries, "query length");
    require_size(keys, "key length");
    return alibi_bias(queries, keys, alibi_slopes(heads));
}

}  // namespace posenc
