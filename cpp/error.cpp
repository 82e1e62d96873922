// error.cpp: message formatting and the shared checks declared in error.hpp.
#include "error.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace posenc {

std::string format_number(double value) {
    if (std::isnan(value)) return "NaN";
    if (std::isinf(value)) return value > 0 ? "Infinity" : "-Infinity";
    if (value == std::floor(value) && std::fabs(value) < 1e21) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.0f", value);
        return buf;
    }
    // Shortest %g form that reads back to the same double, as JS's Number#toString does.
    char buf[40];
    for (int precision = 1; precision <= 17; ++precision) {
        std::snprintf(buf, sizeof buf, "%.*g", precision, value);
        if (std::strtod(buf, nullptr) == value) break;
    }
    return buf;
}

static bool is_integer(double v) { return std::isfinite(v) && v == std::floor(v); }

int require_size(double value, const std::string& what) {
    if (!is_integer(value) || value < 1)
        throw Error(what + " " + format_number(value) + " must be a finite positive integer",
                    "not-positive-integer", {{"what", what}, {"value", format_number(value)}});
    if (value > kMaxSize)
        throw Error(what + " " + format_number(value) + " is too large (at most " +
                    format_number(kMaxSize) + ")",
                    "too-large", {{"what", what}, {"value", format_number(value)}, {"max", format_number(kMaxSize)}});
    return static_cast<int>(value);
}

int require_count(double value, const std::string& what) {
    if (!is_integer(value) || value < 0)
        throw Error(what + " " + format_number(value) + " must be a finite integer of at least 0",
                    "not-count", {{"what", what}, {"value", format_number(value)}});
    if (value > kMaxSize)
        throw Error(what + " " + format_number(value) + " is too large (at most " +
                    format_number(kMaxSize) + ")",
                    "too-large", {{"what", what}, {"value", format_number(value)}, {"max", format_number(kMaxSize)}});
    return static_cast<int>(value);
}

void require_even(int value, const std::string& what) {
    if (value % 2 != 0)
        throw Error(what + " " + std::to_string(value) + " must be even", "not-even",
                    {{"what", what}, {"value", std::to_string(value)}});
}

void require_divisible(int width, int heads) {
    if (width % heads != 0)
        throw Error("width " + std::to_string(width) + " is not divisible by " +
                    std::to_string(heads) + (heads == 1 ? " head" : " heads"),
                    "not-divisible", {{"width", std::to_string(width)}, {"heads", std::to_string(heads)}});
}

double require_finite(double value, const std::string& what) {
    if (!std::isfinite(value))
        throw Error(what + " " + format_number(value) + " must be a finite number", "not-finite",
                    {{"what", what}, {"value", format_number(value)}});
    return value;
}

double require_positive(double value, const std::string& what) {
    if (!std::isfinite(value) || value <= 0)
        throw Error(what + " " + format_number(value) + " must be a finite number greater than 0", "not-positive",
                    {{"what", what}, {"value", format_number(value)}});
    return value;
}

void require_result_fits(double rows, double cols, double depth, const std::string& what) {
    const double bytes = rows * cols * depth * 4.0;
    if (bytes > kMaxResultBytes) {
        std::string shape = format_number(rows) + "×" + format_number(cols);
        if (depth != 1) shape = format_number(depth) + "×" + shape;
        throw Error("a " + shape + " " + what + " needs " + format_number(bytes) +
                    " bytes, over the limit of " + format_number(kMaxResultBytes) + " bytes (256 MiB)",
                    "result-too-large", {{"shape", shape}, {"what", what}, {"bytes", format_number(bytes)}, {"max", "256 MiB"}});
    }
}

}  // namespace posenc
