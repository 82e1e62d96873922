// random.hpp: a seeded random generator that gives the same numbers natively and in WebAssembly,
// so every experiment a tutorial runs shows the same values everywhere.
//
//   integers: PCG32 (O'Neill 2014, pcg-c's pcg32_srandom_r / pcg32_random_r / pcg32_boundedrand_r):
//             64-bit LCG state, state·6364136223846793005 + inc, XSH-RR output; stream 54 (pcg-c's
//             demo stream) unless given.
//   uniform:  u = (a >> 5)·2^26 + (b >> 6), times 2^−53 from two outputs a, b: a double in [0, 1).
//   normal:   Marsaglia's polar form of Box–Muller in double: u, v = 2·uniform − 1 until
//             0 < s = u² + v² < 1, then u·f and v·f with f = √(−2 ln s / s), used in that order.
//             ln is computed here from +, −, ×, ÷, frexp (exact) and an atanh series, never the
//             platform's log, so the doubles are bit-identical on every IEEE-754 machine (no FMA
//             contraction: the build uses ISO C++ and neither target fuses here). Rounded once to float.
// random_matrix fills rows × cols row by row: normal → scale·z; uniform → scale·(2u − 1), in [−scale, scale).
// random_permutation: Fisher–Yates from the last index down, j = bounded(i + 1).
// Seeds: integers 0 .. 2^53 − 1 (what a JS number holds exactly).
// Leaves out: other generators and distributions; cryptographic use (PCG32 is not secure).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "matrix.hpp"

namespace posenc {

class Pcg32 {
public:
    explicit Pcg32(std::uint64_t seed, std::uint64_t stream = 54);
    std::uint32_t next();
    std::uint32_t bounded(std::uint32_t bound);  // uniform in [0, bound), unbiased; bound ≥ 1
    double uniform();                            // [0, 1), 53 random bits
    double normal();                             // standard normal (polar method)

private:
    std::uint64_t state_ = 0, inc_ = 0;
    bool has_spare_ = false;
    double spare_ = 0.0;
};

// ln x for finite x > 0 from basic arithmetic only (bit-identical everywhere; within 2 ulp of ln).
double portable_log(double x);

enum class Distribution { normal, uniform };
// "normal" or "uniform"; otherwise "distribution 'x' must be 'normal' or 'uniform'".
Distribution parse_distribution(const std::string& name);
const char* distribution_name(Distribution d);

// A seed: an integer in [0, 2^53 − 1]: "seed -1 must be an integer from 0 to 9007199254740991".
std::uint64_t require_seed(double seed);

struct RandomOptions {
    double seed = 0;
    double scale = 1;  // finite, ≥ 0
    Distribution distribution = Distribution::normal;
};

Matrix random_matrix(int rows, int cols, const RandomOptions& opts = {});

// A permutation of 0 .. n−1.
std::vector<int> random_permutation(int n, double seed = 0);

}  // namespace posenc
