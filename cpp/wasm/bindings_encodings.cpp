// bindings_encodings.cpp: the Embind surface of issue 3's encodings and analysis (rope, alibi, t5,
// relative, analysis_*, random), used only through web/posenc.js.
//
// Each wrapper converts its arguments (convert.hpp), calls one core function and converts the
// result back; `guard` returns a JS Error instead of throwing. No logic lives here: sizes are
// checked by the core's require_size, defaults are the core's.
#include <emscripten/bind.h>

#include <limits>

#include "alibi.hpp"
#include "analysis_dot.hpp"
#include "analysis_permutation.hpp"
#include "analysis_readback.hpp"
#include "analysis_shift.hpp"
#include "convert.hpp"
#include "random.hpp"
#include "relative.hpp"
#include "rope.hpp"
#include "t5.hpp"

namespace posenc::wasm {
namespace {

int size_of(const val& v, const char* what) { return require_size(to_number(v), what); }

T5Options t5_options(const val& opts) {
    T5Options o;
    o.bidirectional = bool_option(opts, "bidirectional", o.bidirectional);
    o.num_buckets = number_option(opts, "numBuckets", o.num_buckets);
    o.max_distance = number_option(opts, "maxDistance", o.max_distance);
    return o;
}

RandomOptions random_options(const val& opts) {
    RandomOptions o;
    o.seed = number_option(opts, "seed", o.seed);
    o.scale = number_option(opts, "scale", o.scale);
    o.distribution = parse_distribution(string_option(opts, "distribution", distribution_name(o.distribution)));
    return o;
}

ReadbackOptions readback_options(const val& opts) {
    ReadbackOptions o;
    o.scale = number_option(opts, "scale", o.scale);
    o.seed = number_option(opts, "seed", o.seed);
    o.trials = number_option(opts, "trials", o.trials);
    o.distribution = parse_distribution(string_option(opts, "distribution", distribution_name(o.distribution)));
    o.sinusoidal = sinusoidal_options(opts);
    return o;
}

val rope_js(val x, val opts) {
    return guard([&] {
        const Matrix m = to_matrix(x, "x");
        const int heads = require_size(number_option(opts, "heads", 1), "heads");
        const RopeOptions o = rope_options(opts);
        if (has_option(opts, "positions"))
            return from_matrix(rope_at(m, to_numbers(opts["positions"], "positions"), heads, o));
        return from_matrix(rope(m, heads, o));
    });
}

val alibi_slopes_js(val heads) {
    return guard([&] { return to_float32_array(alibi_slopes(size_of(heads, "heads"))); });
}

// heads: a head count (the paper's slopes) or a list of slopes.
val alibi_bias_js(val queries, val keys, val heads) {
    return guard([&] {
        const int L = size_of(queries, "query length"), S = size_of(keys, "key length");
        if (heads.isNumber() || heads.isUndefined() || heads.isNull() || heads.isString())
            return from_head_tensor(alibi_bias(L, S, size_of(heads, "heads")));
        const std::vector<double> slopes = to_numbers(heads, "slopes");
        return from_head_tensor(alibi_bias(L, S, std::vector<float>(slopes.begin(), slopes.end())));
    });
}

val t5_bucket_js(val relative_position, val opts) {
    return guard([&] { return val(t5_bucket(to_number(relative_position), t5_options(opts))); });
}

val t5_buckets_js(val queries, val keys, val opts) {
    return guard([&] {
        const int L = size_of(queries, "query length"), S = size_of(keys, "key length");
        return from_int_matrix(L, S, t5_buckets(L, S, t5_options(opts)));
    });
}

val t5_bias_js(val queries, val keys, val table, val opts) {
    return guard([&] {
        const int L = size_of(queries, "query length"), S = size_of(keys, "key length");
        return from_head_tensor(t5_bias(L, S, to_matrix(table, "table"), t5_options(opts)));
    });
}

val relative_distances_js(val queries, val keys, val opts) {
    return guard([&] {
        const int L = size_of(queries, "query length"), S = size_of(keys, "key length");
        const double k = number_option(opts, "maxDistance", std::numeric_limits<double>::infinity());
        return from_int_matrix(L, S, relative_distances(L, S, k));
    });
}

val shaw_bias_js(val q, val keys, val relative_keys, val opts) {
    return guard([&] {
        return from_head_tensor(shaw_key_bias(to_matrix(q, "q"), size_of(keys, "key length"),
                                              to_matrix(relative_keys, "relativeKeys"),
                                              require_size(number_option(opts, "heads", 1), "heads"),
                                              require_count(number_option(opts, "maxDistance", 0), "maxDistance")));
    });
}

val relative_sinusoidal_js(val length, val dim, val opts) {
    return guard([&] {
        return from_head_tensor(relative_sinusoidal(size_of(length, "length"), size_of(dim, "width"),
                                                    sinusoidal_options(opts)));
    });
}

val shift_matrix_js(val dim, val offset, val opts) {
    return guard([&] { return from_matrix(shift_matrix(size_of(dim, "width"), to_number(offset), sinusoidal_options(opts))); });
}

val wavelengths_js(val dim, val opts) {
    return guard([&] { return to_float64_array(wavelengths(size_of(dim, "width"), sinusoidal_options(opts).base)); });
}

val position_similarity_js(val length, val dim, val opts) {
    return guard([&] {
        return from_matrix(position_similarity(size_of(length, "length"), size_of(dim, "width"), sinusoidal_options(opts)));
    });
}

val dot_terms_js(val tokens, val positions) {
    return guard([&] {
        const DotTerms t = dot_terms(to_matrix(tokens, "E"), to_matrix(positions, "P"));
        val out = val::object();
        out.set("tokenToken", from_matrix(t.token_token));
        out.set("tokenPosition", from_matrix(t.token_position));
        out.set("positionToken", from_matrix(t.position_token));
        out.set("positionPosition", from_matrix(t.position_position));
        out.set("total", from_matrix(t.total));
        return out;
    });
}

// candidates: how many positions 0 .. N−1 to compare with (default: one per row of x).
val read_positions_js(val x, val opts) {
    return guard([&] {
        const Matrix m = to_matrix(x, "x");
        const int n = require_size(number_option(opts, "candidates", double(m.rows())), "candidates");
        return to_int32_array(read_positions(m, n, sinusoidal_options(opts)));
    });
}

val readback_rate_js(val length, val dim, val opts) {
    return guard([&] { return val(readback_rate(size_of(length, "length"), size_of(dim, "width"), readback_options(opts))); });
}

val readback_sweep_js(val length, val dims, val scales, val opts) {
    return guard([&] {
        return from_matrix(readback_sweep(size_of(length, "length"), to_numbers(dims, "dims"),
                                          to_numbers(scales, "scales"), readback_options(opts)));
    });
}

val permute_rows_js(val x, val permutation) {
    return guard([&] { return from_matrix(permute_rows(to_matrix(x, "x"), to_numbers(permutation, "permutation"))); });
}

val permutation_experiment_js(val x, val permutation, val opts) {
    return guard([&] {
        const int heads = require_size(number_option(opts, "heads", 1), "heads");
        Matrix positions;
        if (has_option(opts, "positions")) positions = to_matrix(opts["positions"], "positions");
        const PermutationResult r = permutation_experiment(to_matrix(x, "x"), to_numbers(permutation, "permutation"),
                                                           heads, has_option(opts, "positions") ? &positions : nullptr);
        val out = val::object();
        out.set("original", from_matrix(r.original));
        out.set("permuted", from_matrix(r.permuted));
        out.set("expected", from_matrix(r.expected));
        out.set("maxDifference", r.max_difference);
        return out;
    });
}

val random_matrix_js(val rows, val cols, val opts) {
    return guard([&] { return from_matrix(random_matrix(size_of(rows, "rows"), size_of(cols, "cols"), random_options(opts))); });
}

val random_permutation_js(val n, val opts) {
    return guard([&] { return to_int32_array(random_permutation(size_of(n, "length"), number_option(opts, "seed", 0))); });
}

}  // namespace
}  // namespace posenc::wasm

EMSCRIPTEN_BINDINGS(posenc_encodings) {
    using namespace posenc::wasm;
    emscripten::function("rope", &rope_js);
    emscripten::function("alibiSlopes", &alibi_slopes_js);
    emscripten::function("alibiBias", &alibi_bias_js);
    emscripten::function("t5Bucket", &t5_bucket_js);
    emscripten::function("t5Buckets", &t5_buckets_js);
    emscripten::function("t5Bias", &t5_bias_js);
    emscripten::function("relativeDistances", &relative_distances_js);
    emscripten::function("shawBias", &shaw_bias_js);
    emscripten::function("relativeSinusoidal", &relative_sinusoidal_js);
    emscripten::function("shiftMatrix", &shift_matrix_js);
    emscripten::function("wavelengths", &wavelengths_js);
    emscripten::function("positionSimilarity", &position_similarity_js);
    emscripten::function("dotTerms", &dot_terms_js);
    emscripten::function("readPositions", &read_positions_js);
    emscripten::function("readbackRate", &readback_rate_js);
    emscripten::function("readbackSweep", &readback_sweep_js);
    emscripten::function("permuteRows", &permute_rows_js);
    emscripten::function("permutationExperiment", &permutation_experiment_js);
    emscripten::function("randomMatrix", &random_matrix_js);
    emscripten::function("randomPermutation", &random_permutation_js);
}
