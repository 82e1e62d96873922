// error.hpp: the one exception type posenc throws, and the input checks every entry point shares.
//
// Every message names the value that was refused and the rule it broke, e.g.
//   "width 5 must be even", "position id 7 is outside the table's 6 rows".
// An Error also carries a code naming the rule ("not-even", "not-divisible", "out-of-range", …) and
// the message's values by name ({ what: "width", value: "5" }), so a page can word the same refusal
// in its learner's language; the English message stays the reference. Errors raised without a
// code have code "invalid" and no values (a page shows their English message).
// Leaves out: logging, recovery. A refused call changes nothing and allocates nothing it keeps, so
// the caller (C++, the JS API, the page) can show the message and carry on.
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace posenc {

// A value of a message, by name, as text ("5", "width").
using ErrorValues = std::vector<std::pair<std::string, std::string>>;

struct Error : std::invalid_argument {
    explicit Error(const std::string& message) : std::invalid_argument(message), code("invalid") {}
    Error(const std::string& message, std::string code_, ErrorValues values_)
        : std::invalid_argument(message), code(std::move(code_)), values(std::move(values_)) {}
    std::string code;     // the rule broken: "not-even", "not-divisible", "out-of-range", …
    ErrorValues values;   // the message's values by name
};

// No single result may exceed this many bytes (256 MiB): large enough for L = 8192 attention
// inputs, small enough that a typo such as sinusoidal(1e9, 512) is refused before any allocation.
inline constexpr double kMaxResultBytes = 256.0 * 1024.0 * 1024.0;

// Largest accepted size (rows, columns, heads, lengths). Keeps index arithmetic in int range.
inline constexpr double kMaxSize = 1 << 30;

// Shortest text for a number as JavaScript would print it: 7, 1.5, -0.25, NaN, Infinity, 1e+999.
std::string format_number(double value);

// A size: a finite integer in [1, kMaxSize]. `what` names it: "length", "width", "heads".
int require_size(double value, const std::string& what);

// A count that may also be zero (e.g. a maximum distance): a finite integer in [0, kMaxSize].
int require_count(double value, const std::string& what);

// "width 5 must be even"
void require_even(int value, const std::string& what);

// "width 10 is not divisible by 3 heads"
void require_divisible(int width, int heads);

// A finite number: "base NaN must be a finite number".
double require_finite(double value, const std::string& what);

// A finite number strictly greater than zero: "base -2 must be a finite number greater than 0".
double require_positive(double value, const std::string& what);

// Refuses a result of rows × cols (× depth) floats over kMaxResultBytes, naming the shape and limit.
void require_result_fits(double rows, double cols, double depth, const std::string& what);

}  // namespace posenc
