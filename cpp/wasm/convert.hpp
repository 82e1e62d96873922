// convert.hpp: JS values ⇄ core types, for the Embind binding table (bindings.cpp) only.
//
// Named by direction: from_js_* reads a JS value into a core type, to_js_* writes a core value
// back. One numeric type crosses inward: every JS number is read as a double (lists too), and a
// matrix's values are read as float32, the core's type. Outward: matrices as Float32Array data,
// integer results as Int32Array, real lists as Float32Array (wavelengths: Float64Array, since
// 10000·2π needs more than float32's 7 digits to show its ratios exactly).
//
// Strict: a value of the wrong JS type is refused by name ("length '4' is a string; it must be a
// number"), a list or matrix data whose length is not a whole number, or is not what rows × cols
// needs, is refused before a single value is copied into the wasm heap, and an options object with
// an unknown key is refused with the known keys and the nearest one ("did you mean 'causal'?").
// The rules a value must follow (sizes, finiteness, shapes) are the core's: converters check types
// and lengths only, so C++ and JS callers get the same messages.
// Errors never cross the boundary as C++ exceptions: `guard` turns them into a JS Error object
// that web/posenc.js throws, so no wasm frame is left half-unwound and the module stays usable.
// Leaves out: reading JS getters or Proxies safely (posenc.js copies every argument into plain
// values first; a getter that throws inside a conversion would skip C++ destructors).
#pragma once

#include <emscripten/val.h>

#include <string>
#include <vector>

#include "error.hpp"
#include "matrix.hpp"
#include "rope.hpp"
#include "sinusoidal.hpp"

namespace posenc::wasm {

using emscripten::val;

// A JS value as a message shows it, with its type: "'4' is a string", "null", "an object".
std::string js_describe(const val& v);

// A JS number (as double), else Error: "<name> '4' is a string; it must be a number".
double from_js_number(const val& v, const std::string& name);
// { rows, cols, data } → Matrix; `name` is used in messages ("q has 5 values but 2×3 needs 6").
Matrix from_js_matrix(const val& m, const std::string& name);
// { heads, rows, cols, data } → HeadTensor; a plain { rows, cols, data } becomes 1×rows×cols.
HeadTensor from_js_tensor(const val& t, const std::string& name);
// An array or typed array of numbers → doubles (non-numbers named by index and type).
std::vector<double> from_js_numbers(const val& list, const std::string& name);

// Matrix → { rows, cols, data: Float32Array } (a copy: nothing points into the wasm heap).
val to_js_matrix(const Matrix& m);
// HeadTensor → { heads, rows, cols, data: Float32Array }.
val to_js_tensor(const HeadTensor& t);
// Integer matrix → { rows, cols, data: Int32Array }.
val to_js_int_matrix(int rows, int cols, const std::vector<int>& values);
val to_js_float32(const std::vector<float>& values);
val to_js_float64(const std::vector<double>& values);
val to_js_int32(const std::vector<int>& values);

// An options object read against its known keys: absent (undefined or null) is {}; anything but
// a plain object is refused; an unknown key is refused with the list of known ones and the
// nearest. A missing key (or undefined) gives the core's default.
class JsOptions {
public:
    using Keys = std::vector<const char*>;
    JsOptions(const val& opts, const Keys& known, const std::string& what = "options");
    bool has(const char* key) const;
    val get(const char* key) const { return opts_[key]; }
    double number(const char* key, double fallback) const;
    bool flag(const char* key, bool fallback) const;
    std::string text(const char* key, const std::string& fallback) const;

private:
    val opts_;
};

// The sinusoid's { base, layout }, RoPE's { base, layout, scale } from an options object.
SinusoidalOptions sinusoidal_options(const JsOptions& o);
RopeOptions rope_options(const JsOptions& o);

// The nearest of `known` to `key` by edit distance (for "did you mean"), or "" if none is close.
std::string nearest_key(const std::string& key, const std::vector<std::string>& known);

// Runs f (which returns a val) and turns any exception into a returned JS Error. A posenc::Error's
// code and named values go with it (error.code, error.values), so the page can word it.
template <class F>
val guard(F&& f) {
    try {
        return f();
    } catch (const posenc::Error& e) {
        val error = val::global("Error").new_(val(std::string(e.what())));
        val values = val::object();
        for (const auto& [name, text] : e.values) values.set(name, val(text));
        error.set("code", val(e.code));
        error.set("values", values);
        return error;
    } catch (const std::exception& e) {
        return val::global("Error").new_(val(std::string(e.what())));
    }
}

}  // namespace posenc::wasm
