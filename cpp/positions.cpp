// positions.cpp: see positions.hpp.
#include "positions.hpp"

namespace posenc {

std::vector<double> position_range(int n, double first) {
    std::vector<double> p(n > 0 ? std::size_t(n) : 0);
    for (std::size_t i = 0; i < p.size(); ++i) p[i] = first + double(i);
    return p;
}

}  // namespace posenc
