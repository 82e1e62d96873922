// convert.cpp: see convert.hpp.
#include "convert.hpp"

#include <cmath>
#include <limits>

namespace posenc::wasm {

namespace {
bool is_object(const val& v) { return v.typeOf().as<std::string>() == "object" && !v.isNull(); }

std::vector<float> float_values(const val& data, const std::string& name) {
    if (!is_object(data) || !data["length"].isNumber())
        throw Error(name + ".data must be an array or typed array of numbers");
    return emscripten::convertJSArrayToNumberVector<float>(data);
}
}  // namespace

double to_number(const val& v) { return v.isNumber() ? v.as<double>() : std::numeric_limits<double>::quiet_NaN(); }

Matrix to_matrix(const val& m, const std::string& name) {
    if (!is_object(m)) throw Error(name + " must be a matrix { rows, cols, data }");
    return matrix_from(to_number(m["rows"]), to_number(m["cols"]), float_values(m["data"], name), name);
}

HeadTensor to_head_tensor(const val& t, const std::string& name) {
    if (!is_object(t)) throw Error(name + " must be a tensor { heads, rows, cols, data } or a matrix");
    const double heads = t["heads"].isUndefined() ? 1.0 : to_number(t["heads"]);
    return head_tensor_from(heads, to_number(t["rows"]), to_number(t["cols"]), float_values(t["data"], name), name);
}

std::vector<double> to_numbers(const val& list, const std::string& name) {
    if (!is_object(list) || !list["length"].isNumber())
        throw Error(name + " must be an array of numbers");
    return emscripten::convertJSArrayToNumberVector<double>(list);
}

val to_float32_array(const std::vector<float>& values) {
    return val::global("Float32Array").new_(emscripten::typed_memory_view(values.size(), values.data()));
}

val to_float64_array(const std::vector<double>& values) {
    return val::global("Float64Array").new_(emscripten::typed_memory_view(values.size(), values.data()));
}

val from_matrix(const Matrix& m) {
    val out = val::object();
    out.set("rows", int(m.rows()));
    out.set("cols", int(m.cols()));
    out.set("data", val::global("Float32Array").new_(emscripten::typed_memory_view(std::size_t(m.size()), m.data())));
    return out;
}

val from_head_tensor(const HeadTensor& t) {
    val out = val::object();
    out.set("heads", t.heads);
    out.set("rows", t.rows);
    out.set("cols", t.cols);
    out.set("data", to_float32_array(t.data));
    return out;
}

val from_int_matrix(int rows, int cols, const std::vector<int>& values) {
    val out = val::object();
    out.set("rows", rows);
    out.set("cols", cols);
    out.set("data", val::global("Int32Array").new_(emscripten::typed_memory_view(values.size(), values.data())));
    return out;
}

bool has_option(const val& opts, const char* key) {
    return is_object(opts) && !opts[key].isUndefined() && !opts[key].isNull();
}

double number_option(const val& opts, const char* key, double fallback) {
    return has_option(opts, key) ? to_number(opts[key]) : fallback;
}

bool bool_option(const val& opts, const char* key, bool fallback) {
    if (!has_option(opts, key)) return fallback;
    const val v = opts[key];
    if (v.typeOf().as<std::string>() != "boolean")
        throw Error(std::string("option ") + key + " must be true or false");
    return v.as<bool>();
}

std::string string_option(const val& opts, const char* key, const std::string& fallback) {
    if (!has_option(opts, key)) return fallback;
    const val v = opts[key];
    if (!v.isString()) throw Error(std::string("option ") + key + " must be a string");
    return v.as<std::string>();
}

val to_int32_array(const std::vector<int>& values) {
    return val::global("Int32Array").new_(emscripten::typed_memory_view(values.size(), values.data()));
}

SinusoidalOptions sinusoidal_options(const val& opts) {
    SinusoidalOptions o;
    o.base = number_option(opts, "base", o.base);
    o.layout = parse_layout(string_option(opts, "layout", layout_name(o.layout)));
    return o;
}

RopeOptions rope_options(const val& opts) {
    RopeOptions o;
    o.base = number_option(opts, "base", o.base);
    o.layout = parse_layout(string_option(opts, "layout", layout_name(o.layout)));
    o.scale = number_option(opts, "scale", o.scale);
    return o;
}

}  // namespace posenc::wasm
