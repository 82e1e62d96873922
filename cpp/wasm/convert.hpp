// convert.hpp: JS values ⇄ core types, for the Embind bindings only.
//
// Conversion and nothing else: every rule a value must follow (sizes, finiteness, shapes) is
// checked by the core, so C++ and JS callers get the same messages. A JS value of the wrong
// type (a string where a number belongs) becomes NaN here and the core names it.
// Errors never cross the boundary as C++ exceptions: `guard` turns them into a JS Error object
// that web/posenc.js throws, so no wasm frame is left half-unwound and the module stays usable.
#pragma once

#include <emscripten/val.h>

#include <string>
#include <vector>

#include "matrix.hpp"
#include "rope.hpp"
#include "sinusoidal.hpp"

namespace posenc::wasm {

using emscripten::val;

// { rows, cols, data } → Matrix; `name` is used in messages ("q has 5 values but 2×3 needs 6").
Matrix to_matrix(const val& m, const std::string& name);

// { heads, rows, cols, data } → HeadTensor; a plain { rows, cols, data } becomes 1×rows×cols.
HeadTensor to_head_tensor(const val& t, const std::string& name);

// An array or typed array of numbers → doubles (non-numbers become NaN for the core to refuse).
std::vector<double> to_numbers(const val& list, const std::string& name);

// A JS number, or NaN for anything else (so the core's message shows what was wrong).
double to_number(const val& v);

// Matrix → { rows, cols, data: Float32Array } (a copy: nothing points into the wasm heap).
val from_matrix(const Matrix& m);
// HeadTensor → { heads, rows, cols, data: Float32Array }.
val from_head_tensor(const HeadTensor& t);
// Integer matrix → { rows, cols, data: Int32Array }.
val from_int_matrix(int rows, int cols, const std::vector<int>& values);
// std::vector<double|float> → Float32Array.
val to_float32_array(const std::vector<float>& values);
val to_float64_array(const std::vector<double>& values);

// Options objects: a missing key (or a missing object) gives the fallback.
bool has_option(const val& opts, const char* key);
double number_option(const val& opts, const char* key, double fallback);
bool bool_option(const val& opts, const char* key, bool fallback);
std::string string_option(const val& opts, const char* key, const std::string& fallback);

// std::vector<int> → Int32Array.
val to_int32_array(const std::vector<int>& values);

// { base, layout } of the sinusoidal functions; { base, layout, scale } of RoPE (defaults of the core).
SinusoidalOptions sinusoidal_options(const val& opts);
RopeOptions rope_options(const val& opts);

// Runs f (which returns a val) and turns any exception into a returned JS Error.
template <class F>
val guard(F&& f) {
    try {
        return f();
    } catch (const std::exception& e) {
        return val::global("Error").new_(val(std::string(e.what())));
    }
}

}  // namespace posenc::wasm
