// convert.cpp: see convert.hpp.
#include "convert.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace posenc::wasm {

namespace {
bool is_object(const val& v) { return v.typeOf().as<std::string>() == "object" && !v.isNull(); }

std::string article(const std::string& type) {
    return (type == "object" || type == "undefined") ? "an " + type : "a " + type;
}

// The length of an array or typed array, checked to be a whole number in [0, limit] before any
// value is read: a lying { length: 2**29 } is refused here, not after a 2 GiB copy.
std::size_t checked_length(const val& list, const std::string& name, const std::string& rule, double limit) {
    if (!is_object(list)) throw Error(name + " " + js_describe(list) + "; " + rule);
    const val length = list["length"];
    if (!length.isNumber()) throw Error(name + " has no numeric length; " + rule);
    const double n = length.as<double>();
    if (!(n >= 0 && n == std::floor(n) && n <= limit))
        throw Error(name + " has length " + format_number(n) + "; a length must be a whole number from 0 to " +
                    format_number(limit));
    return std::size_t(n);
}

bool is_typed_array(const val& v) { return val::global("ArrayBuffer").call<bool>("isView", v); }

// Values of a list already known to hold n entries, as doubles. Typed arrays are copied in one
// step; a plain array is read entry by entry so a string or an object is named, not coerced.
std::vector<double> numbers_of(const val& list, std::size_t n, const std::string& name) {
    if (is_typed_array(list)) {
        if (list.instanceof(val::global("BigInt64Array")) || list.instanceof(val::global("BigUint64Array")))
            throw Error(name + " is a BigInt array; it must hold numbers");
        return emscripten::convertJSArrayToNumberVector<double>(list);
    }
    std::vector<double> out(n);
    for (std::size_t i = 0; i < n; ++i) {
        const val x = list[i];
        if (!x.isNumber())
            throw Error(name + "[" + std::to_string(i) + "] " + js_describe(x) + "; every value must be a number");
        out[i] = x.as<double>();
    }
    return out;
}

// Matrix or tensor values: count checked against the shape first, then copied and each rounded
// to float32, where a finite double past float32's range (1e39) is named before it becomes ∞.
std::vector<float> float_values(const val& data, double need, const std::string& name, const std::string& shape) {
    const std::size_t n = checked_length(data, name + ".data", "it must be an array or typed array of numbers",
                                         kMaxResultBytes / 4);
    if (double(n) != need)
        throw Error(name + " has " + std::to_string(n) + " values but " + shape + " needs " + format_number(need));
    if (data.instanceof(val::global("Float32Array"))) {
        // Already float32: one copy into the heap (no float64 detour; ∞ and NaN are named later by
        // the finiteness check, as on the general path). This is most of a large call's conversion.
        std::vector<float> out(n);
        emscripten::val(emscripten::typed_memory_view(n, out.data())).call<void>("set", data);
        return out;
    }
    const std::vector<double> values = numbers_of(data, n, name + ".data");
    std::vector<float> out(n);
    for (std::size_t i = 0; i < n; ++i) {
        out[i] = float(values[i]);
        if (std::isfinite(values[i]) && !std::isfinite(out[i]))
            throw Error(name + ".data[" + std::to_string(i) + "] is " + format_number(values[i]) +
                        ", past float32's largest value (about 3.4e38); every value must stay finite in float32");
    }
    return out;
}

std::vector<std::string> keys_of(const val& obj) {
    const val keys = val::global("Object").call<val>("keys", obj);
    std::vector<std::string> out;
    const int n = keys["length"].as<int>();
    for (int i = 0; i < n; ++i) out.push_back(keys[i].as<std::string>());
    return out;
}

std::size_t edit_distance(const std::string& a, const std::string& b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t up = row[j];
            const bool same = std::tolower(a[i - 1]) == std::tolower(b[j - 1]);
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (same ? 0 : 1)});
            diagonal = up;
        }
    }
    return row[b.size()];
}
}  // namespace

std::string js_describe(const val& v) {
    const std::string type = v.typeOf().as<std::string>();
    if (v.isNull()) return "is null";
    if (type == "undefined") return "is missing";
    if (type == "string") {
        std::string s = v.as<std::string>();
        if (s.size() > 24) s = s.substr(0, 21) + "…";
        return "'" + s + "' is a string";
    }
    if (type == "boolean") return std::string(v.as<bool>() ? "true" : "false") + " is a boolean";
    if (type == "number") return format_number(v.as<double>()) + " is a number";
    if (type == "object" && val::global("Array").call<bool>("isArray", v)) return "is an array";
    return "is " + article(type);
}

double from_js_number(const val& v, const std::string& name) {
    if (!v.isNumber()) throw Error(name + " " + js_describe(v) + "; it must be a number");
    return v.as<double>();
}

Matrix from_js_matrix(const val& m, const std::string& name) {
    if (!is_object(m)) throw Error(name + " must be a matrix { rows, cols, data }");
    const int r = require_size(from_js_number(m["rows"], name + ".rows"), name + " rows");
    const int c = require_size(from_js_number(m["cols"], name + ".cols"), name + " cols");
    require_result_fits(r, c, 1, "matrix " + name);
    const val data = m["data"];
    if (is_object(data) && data.instanceof(val::global("Float32Array"))) {
        // Already float32 (what posenc's own results and the lessons pass): checked like float_values,
        // then copied once, straight into the matrix (not through a vector, which cost a second copy
        // of every large attention input).
        const std::size_t n = checked_length(data, name + ".data", "it must be an array or typed array of numbers",
                                             kMaxResultBytes / 4);
        if (double(n) != double(r) * c)
            throw Error(name + " has " + std::to_string(n) + " values but " + shape_text(r, c) + " needs " +
                        format_number(double(r) * c));
        Matrix out(r, c);
        emscripten::val(emscripten::typed_memory_view(n, out.data())).call<void>("set", data);
        require_finite_values(out, name);
        return out;
    }
    return matrix_from(r, c, float_values(data, double(r) * c, name, shape_text(r, c)), name);
}

HeadTensor from_js_tensor(const val& t, const std::string& name) {
    if (!is_object(t)) throw Error(name + " must be a tensor { heads, rows, cols, data } or a matrix");
    const double heads = t["heads"].isUndefined() ? 1.0 : from_js_number(t["heads"], name + ".heads");
    const int h = require_size(heads, name + " heads");
    const int r = require_size(from_js_number(t["rows"], name + ".rows"), name + " rows");
    const int c = require_size(from_js_number(t["cols"], name + ".cols"), name + " cols");
    require_result_fits(r, c, h, "tensor " + name);
    const std::string shape = std::to_string(h) + "×" + shape_text(r, c);
    return head_tensor_from(h, r, c, float_values(t["data"], double(h) * r * c, name, shape), name);
}

std::vector<double> from_js_numbers(const val& list, const std::string& name) {
    const std::size_t n = checked_length(list, name, "it must be an array of numbers", kMaxResultBytes / 4);
    return numbers_of(list, n, name);
}

val to_js_float32(const std::vector<float>& values) {
    return val::global("Float32Array").new_(emscripten::typed_memory_view(values.size(), values.data()));
}

val to_js_float64(const std::vector<double>& values) {
    return val::global("Float64Array").new_(emscripten::typed_memory_view(values.size(), values.data()));
}

val to_js_int32(const std::vector<int>& values) {
    return val::global("Int32Array").new_(emscripten::typed_memory_view(values.size(), values.data()));
}

val to_js_matrix(const Matrix& m) {
    val out = val::object();
    out.set("rows", int(m.rows()));
    out.set("cols", int(m.cols()));
    out.set("data", val::global("Float32Array").new_(emscripten::typed_memory_view(std::size_t(m.size()), m.data())));
    return out;
}

val to_js_tensor(const HeadTensor& t) {
    val out = val::object();
    out.set("heads", t.heads);
    out.set("rows", t.rows);
    out.set("cols", t.cols);
    out.set("data", to_js_float32(t.data));
    return out;
}

val to_js_int_matrix(int rows, int cols, const std::vector<int>& values) {
    val out = val::object();
    out.set("rows", rows);
    out.set("cols", cols);
    out.set("data", to_js_int32(values));
    return out;
}

std::string nearest_key(const std::string& key, const std::vector<std::string>& known) {
    std::string best;
    std::size_t best_d = std::max<std::size_t>(2, key.size() / 3) + 1;
    for (const std::string& k : known) {
        const std::size_t d = edit_distance(key, k);
        if (d < best_d) {
            best_d = d;
            best = k;
        }
    }
    return best;
}

JsOptions::JsOptions(const val& opts, const Keys& known, const std::string& what)
    : opts_(opts.isUndefined() || opts.isNull() ? val::object() : opts) {
    if (!is_object(opts_) || val::global("Array").call<bool>("isArray", opts_))
        throw Error(what + " " + js_describe(opts) + "; it must be an object such as { " +
                    (known.empty() ? std::string("}") : std::string(known.front()) + ": … }"));
    std::vector<std::string> names(known.begin(), known.end());
    for (const std::string& key : keys_of(opts_)) {
        if (std::find(names.begin(), names.end(), key) != names.end()) continue;
        std::string list;
        for (const std::string& n : names) list += (list.empty() ? "'" : ", '") + n + "'";
        const std::string near = nearest_key(key, names);
        throw Error("option '" + key + "' is not known" + (near.empty() ? "" : "; did you mean '" + near + "'?") +
                    (names.empty() ? " This function takes no options." : " Known options: " + list + "."));
    }
}

bool JsOptions::has(const char* key) const { return !opts_[key].isUndefined() && !opts_[key].isNull(); }

double JsOptions::number(const char* key, double fallback) const {
    return has(key) ? from_js_number(opts_[key], std::string("option ") + key) : fallback;
}

bool JsOptions::flag(const char* key, bool fallback) const {
    if (!has(key)) return fallback;
    const val v = opts_[key];
    if (v.typeOf().as<std::string>() != "boolean")
        throw Error(std::string("option ") + key + " " + js_describe(v) + "; it must be true or false");
    return v.as<bool>();
}

std::string JsOptions::text(const char* key, const std::string& fallback) const {
    if (!has(key)) return fallback;
    const val v = opts_[key];
    if (!v.isString()) throw Error(std::string("option ") + key + " " + js_describe(v) + "; it must be a string");
    return v.as<std::string>();
}

SinusoidalOptions sinusoidal_options(const JsOptions& o) {
    SinusoidalOptions s;
    s.base = o.number("base", s.base);
    s.layout = parse_layout(o.text("layout", layout_name(s.layout)));
    return s;
}

RopeOptions rope_options(const JsOptions& o) {
    RopeOptions r;
    r.base = o.number("base", r.base);
    r.layout = parse_layout(o.text("layout", layout_name(r.layout)));
    r.scale = o.number("scale", r.scale);
    return r;
}

}  // namespace posenc::wasm
