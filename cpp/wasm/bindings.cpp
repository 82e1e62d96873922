// bindings.cpp: the one Embind table of the core, used only through web/posenc.js.
//
// The table is grouped by concept (encodings, attention and its position schemes, analysis,
// comparison, random inputs, training, introspection). Each row binds one JS name to a wrapper that
// converts its arguments (convert.hpp: from_js_*), calls one core function and converts the
// result back (to_js_*); `guard` returns a JS Error instead of throwing. No rule and no default
// lives here: sizes, shapes and defaults are the core's (`alibi: true` becomes the paper's slopes
// in attention_call below, the one place, and checkAttention hands them to the WebGPU path).
// Every row also lands in describe(): [{ name, args: [names], options: [keys], of }], from which
// posenc.js generates its wrappers and the hostile-input test its rows. Training is stateful: the
// model is one Embind class, Model (a handle that web/api/model.js owns and disposes); its methods
// are rows too, with of: 'Model' (model.js wraps those; posenc.js the rows without `of`).
// Leaves out: argument copying from getters and Proxies (posenc.js does that first).
#include <emscripten/bind.h>
#include <malloc.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "alibi.hpp"
#include "analysis_cosine.hpp"
#include "analysis_dot.hpp"
#include "analysis_permutation.hpp"
#include "analysis_readback.hpp"
#include "analysis_shift.hpp"
#include "attention.hpp"
#include "compare.hpp"
#include "convert.hpp"
#include "embedding.hpp"
#include "evaluate.hpp"
#include "layout.hpp"
#include "learned.hpp"
#include "linear_map.hpp"
#include "random.hpp"
#include "relative.hpp"
#include "rope.hpp"
#include "sinusoidal.hpp"
#include "sinusoidal_exp_log.hpp"
#include "spread_columns.hpp"
#include "t5.hpp"
#include "tasks.hpp"
#include "training.hpp"

namespace posenc::wasm {
namespace {

using Keys = JsOptions::Keys;

// Option keys, each list written once and used both to read and to describe.
const Keys kNone = {};
const Keys kSinusoidal = {"base", "layout"};
const Keys kBase = {"base"};
const Keys kRope = {"heads", "base", "layout", "scale", "positions"};
const Keys kRopeInAttention = {"base", "layout", "scale"};
const Keys kAttention = {"heads", "causal", "weights", "bias", "rope", "alibi", "relativeKeys", "relativeValues", "maxDistance"};
const Keys kT5 = {"bidirectional", "numBuckets", "maxDistance"};
const Keys kDistances = {"maxDistance"};
const Keys kShaw = {"heads", "maxDistance"};
const Keys kReadPositions = {"base", "layout", "candidates"};
const Keys kReadback = {"base", "layout", "scale", "seed", "trials", "distribution"};
const Keys kPermutation = {"heads", "positions"};
const Keys kRandom = {"seed", "scale", "distribution"};
const Keys kSeed = {"seed"};
const Keys kFrequencies = {"base", "scale"};
const Keys kModel = {"vocab", "width", "heads", "layers", "mlpWidth", "maxLength", "position", "combine", "positionWidth", "causal", "rope", "t5", "shaw", "seed"};
const Keys kModelT5 = {"numBuckets", "maxDistance"};
const Keys kModelShaw = {"maxDistance"};
const Keys kShape = {"batch", "length"};
const Keys kLength = {"length"};
const Keys kStep = {"batch", "length", "lr", "beta1", "beta2", "eps", "weightDecay", "clip"};
const Keys kSteps = {"steps", "batch", "length", "seed", "lr", "beta1", "beta2", "eps", "weightDecay", "clip"};
const Keys kEvaluate = {"lengths", "batches", "batch", "seed"};
const Keys kTaskBatch = {"batch", "length", "vocab", "seed", "index"};

int size_of(const val& v, const std::string& what) { return require_size(from_js_number(v, what), what); }
Layout layout_of(const val& v, const std::string& what) {
    if (!v.isString()) throw Error(what + " " + js_describe(v) + "; it must be 'interleaved' or 'halves'");
    return parse_layout(v.as<std::string>());
}

// ---- encodings: token embeddings, sinusoidal, learned, RoPE, linear maps -------------------

val embedding_lookup_js(val table, val ids) {
    return guard([&] { return to_js_matrix(embedding_lookup(from_js_matrix(table, "table"), from_js_numbers(ids, "ids"))); });
}

val add_embeddings_js(val a, val b) {
    return guard([&] { return to_js_matrix(add_embeddings(from_js_matrix(a, "a"), from_js_matrix(b, "b"))); });
}

val to_js(const Matrix& m) { return to_js_matrix(m); }
val to_js(const HeadTensor& t) { return to_js_tensor(t); }

// The functions of (L, D, { base, layout }): sinusoidal, relativeSinusoidal, positionSimilarity.
template <class Result, Result (*F)(int, int, const SinusoidalOptions&)>
val length_width_js(val length, val dim, val opts) {
    return guard([&] {
        const JsOptions o(opts, kSinusoidal);
        return to_js(F(size_of(length, "length"), size_of(dim, "width"), sinusoidal_options(o)));
    });
}

val sinusoidal_at_js(val positions, val dim, val opts) {
    return guard([&] {
        const JsOptions o(opts, kSinusoidal);
        return to_js_matrix(sinusoidal_at(from_js_numbers(positions, "positions"), size_of(dim, "width"), sinusoidal_options(o)));
    });
}

val exp_log_sinusoidal_js(val length, val dim, val opts) {
    return guard([&] {
        const JsOptions o(opts, kBase);
        return to_js_matrix(exp_log_sinusoidal(size_of(length, "length"), size_of(dim, "width"), o.number("base", SinusoidalOptions{}.base)));
    });
}

val learned_positions_js(val table, val positions) {
    return guard([&] {
        return to_js_matrix(learned_positions_at(from_js_matrix(table, "table"), from_js_numbers(positions, "positions")));
    });
}

val rope_js(val x, val opts) {
    return guard([&] {
        const JsOptions o(opts, kRope);
        const Matrix m = from_js_matrix(x, "x");
        const int heads = require_size(o.number("heads", 1), "heads");
        if (o.has("positions")) return to_js_matrix(rope_at(m, from_js_numbers(o.get("positions"), "positions"), heads, rope_options(o)));
        return to_js_matrix(rope(m, heads, rope_options(o)));
    });
}

val rope_frequencies_js(val head_dim, val opts) {
    return guard([&] {
        const JsOptions o(opts, kFrequencies);
        RopeOptions r;
        r.base = o.number("base", r.base);
        r.scale = o.number("scale", r.scale);
        return to_js_float64(rope_angle_steps(size_of(head_dim, "head width"), r));
    });
}

val apply_linear_js(val m, val x) {
    return guard([&] { return to_js_matrix(apply_linear(from_js_matrix(m, "M"), from_js_matrix(x, "x"))); });
}

val pair_js(val m, val i, val layout) {
    return guard([&] {
        const double index = from_js_number(i, "pair");
        return to_js_matrix(pair(from_js_matrix(m, "m"), require_count(index, "pair"),
                                 layout.isUndefined() ? Layout::interleaved : layout_of(layout, "layout")));
    });
}

val regroup_js(val m, val from, val to) {
    return guard([&] { return to_js_matrix(regroup(from_js_matrix(m, "m"), layout_of(from, "from"), layout_of(to, "to"))); });
}

// ---- attention and the position schemes that act on it ------------------------------------

// attention's JS arguments converted, with the storage its options point into (not copyable).
// The defaults are the core's; `alibi: true` is resolved here to alibi_slopes(heads), once.
struct AttentionCall {
    Matrix q, k, v;
    AttentionOptions o;
    HeadTensor bias;
    RopeOptions rope;
    std::vector<float> alibi;
    Matrix relative_keys, relative_values;

    AttentionCall(const val& q_js, const val& k_js, const val& v_js, const val& opts_js)
        : q(from_js_matrix(q_js, "q")), k(from_js_matrix(k_js, "k")), v(from_js_matrix(v_js, "v")) {
        const JsOptions opts(opts_js, kAttention);
        o.heads = require_size(opts.number("heads", o.heads), "heads");
        o.causal = opts.flag("causal", o.causal);
        o.weights = opts.flag("weights", o.weights);
        if (opts.has("bias")) {
            bias = from_js_tensor(opts.get("bias"), "bias");
            o.bias = &bias;
        }
        // rope: true or { base, layout, scale }; false or absent: none.
        const val r = opts.get("rope");
        if (opts.has("rope") && !r.isFalse()) {
            if (!r.isTrue() && r.typeOf().as<std::string>() != "object")
                throw Error("option rope " + js_describe(r) + "; it must be true, false or { base, layout, scale }");
            rope = r.isTrue() ? RopeOptions{} : rope_options(JsOptions(r, kRopeInAttention, "option rope"));
            o.rope = &rope;
        }
        // alibi: true (the paper's slopes for `heads`) or a list of H slopes; false or absent: none.
        const val a = opts.get("alibi");
        if (opts.has("alibi") && !a.isFalse()) {
            if (a.isTrue()) {
                alibi = alibi_slopes(o.heads);
            } else {
                const std::vector<double> slopes = from_js_numbers(a, "alibi");
                alibi.assign(slopes.begin(), slopes.end());
            }
            o.alibi_slopes = &alibi;
        }
        if (opts.has("relativeKeys")) {
            relative_keys = from_js_matrix(opts.get("relativeKeys"), "relativeKeys");
            o.relative_keys = &relative_keys;
        }
        if (opts.has("relativeValues")) {
            relative_values = from_js_matrix(opts.get("relativeValues"), "relativeValues");
            o.relative_values = &relative_values;
        }
        o.max_distance = require_count(opts.number("maxDistance", o.max_distance), "maxDistance");
    }
    AttentionCall(const AttentionCall&) = delete;
    AttentionCall& operator=(const AttentionCall&) = delete;
};

val attention_js(val q, val k, val v, val opts) {
    return guard([&] {
        const AttentionCall c(q, k, v, opts);
        const AttentionResult r = attention(c.q, c.k, c.v, c.o);  // fused when it computes the same
        val out = val::object();
        out.set("output", to_js_matrix(r.output));
        if (c.o.weights) out.set("weights", to_js_tensor(r.weights));
        return out;
    });
}

// The core's checks of attention alone (before running it elsewhere, e.g. WebGPU), and what the
// core decided from the options: { alibiSlopes: H slopes or null, ropeFrequencies: θ_i/scale of
// each head's Dh/2 pairs or null }.
val check_attention_js(val q, val k, val v, val opts) {
    return guard([&] {
        const AttentionCall c(q, k, v, opts);
        check_attention_inputs(c.q, c.k, c.v, c.o);
        val out = val::object();
        out.set("alibiSlopes", c.o.alibi_slopes ? to_js_float32(c.alibi) : val::null());
        out.set("ropeFrequencies",
                c.o.rope ? to_js_float64(rope_angle_steps(int(c.q.cols()) / c.o.heads, c.rope)) : val::null());
        return out;
    });
}

val alibi_slopes_js(val heads) {
    return guard([&] { return to_js_float32(alibi_slopes(size_of(heads, "heads"))); });
}

// heads: a head count (the paper's slopes) or a list of slopes.
val alibi_bias_js(val queries, val keys, val heads) {
    return guard([&] {
        const int L = size_of(queries, "query length"), S = size_of(keys, "key length");
        if (!heads.isNumber() && heads.typeOf().as<std::string>() != "object")
            throw Error("heads " + js_describe(heads) + "; it must be a head count or a list of slopes");
        if (heads.isNumber()) return to_js_tensor(alibi_bias(L, S, size_of(heads, "heads")));
        const std::vector<double> slopes = from_js_numbers(heads, "slopes");
        return to_js_tensor(alibi_bias(L, S, std::vector<float>(slopes.begin(), slopes.end())));
    });
}

T5Options t5_options(const JsOptions& o) {
    T5Options t;
    t.bidirectional = o.flag("bidirectional", t.bidirectional);
    t.num_buckets = o.number("numBuckets", t.num_buckets);
    t.max_distance = o.number("maxDistance", t.max_distance);
    return t;
}

val t5_bucket_js(val relative_position, val opts) {
    return guard([&] {
        const JsOptions o(opts, kT5);
        return val(t5_bucket(from_js_number(relative_position, "relative position"), t5_options(o)));
    });
}

val t5_buckets_js(val queries, val keys, val opts) {
    return guard([&] {
        const JsOptions o(opts, kT5);
        const int L = size_of(queries, "query length"), S = size_of(keys, "key length");
        return to_js_int_matrix(L, S, t5_buckets(L, S, t5_options(o)));
    });
}

val t5_bias_js(val queries, val keys, val table, val opts) {
    return guard([&] {
        const JsOptions o(opts, kT5);
        const int L = size_of(queries, "query length"), S = size_of(keys, "key length");
        return to_js_tensor(t5_bias(L, S, from_js_matrix(table, "table"), t5_options(o)));
    });
}

val relative_distances_js(val queries, val keys, val opts) {
    return guard([&] {
        const JsOptions o(opts, kDistances);
        const int L = size_of(queries, "query length"), S = size_of(keys, "key length");
        return to_js_int_matrix(L, S, relative_distances(L, S, o.number("maxDistance", std::numeric_limits<double>::infinity())));
    });
}

val shaw_bias_js(val q, val keys, val relative_keys, val opts) {
    return guard([&] {
        const JsOptions o(opts, kShaw);
        return to_js_tensor(shaw_key_bias(from_js_matrix(q, "q"), size_of(keys, "key length"),
                                          from_js_matrix(relative_keys, "relativeKeys"),
                                          require_size(o.number("heads", 1), "heads"),
                                          require_count(o.number("maxDistance", 0), "maxDistance")));
    });
}

// ---- analysis: shifts, similarity, dot terms, read-back, permutations ----------------------

val shift_matrix_js(val dim, val offset, val opts) {
    return guard([&] {
        const JsOptions o(opts, kSinusoidal);
        return to_js_matrix(shift_matrix(size_of(dim, "width"), from_js_number(offset, "offset"), sinusoidal_options(o)));
    });
}

val wavelengths_js(val dim, val opts) {
    return guard([&] {
        const JsOptions o(opts, kSinusoidal);
        return to_js_float64(wavelengths(size_of(dim, "width"), sinusoidal_options(o).base));
    });
}

// A plain array of column indices (a chart's `columns` list), not a typed array.
val spread_columns_js(val dim) {
    return guard([&] {
        val out = val::array();
        for (int c : spread_columns(from_js_number(dim, "width"))) out.call<void>("push", c);
        return out;
    });
}

val cosine_similarity_js(val m) {
    return guard([&] { return to_js_matrix(row_cosine_similarity(from_js_matrix(m, "matrix"))); });
}

val mean_by_offset_js(val s) {
    return guard([&] { return to_js_matrix(mean_by_offset(from_js_matrix(s, "similarity"))); });
}

val dot_terms_js(val tokens, val positions) {
    return guard([&] {
        const DotTerms t = dot_terms(from_js_matrix(tokens, "E"), from_js_matrix(positions, "P"));
        val out = val::object();
        out.set("tokenToken", to_js_matrix(t.token_token));
        out.set("tokenPosition", to_js_matrix(t.token_position));
        out.set("positionToken", to_js_matrix(t.position_token));
        out.set("positionPosition", to_js_matrix(t.position_position));
        out.set("total", to_js_matrix(t.total));
        return out;
    });
}

ReadbackOptions readback_options(const JsOptions& o) {
    ReadbackOptions r;
    r.scale = o.number("scale", r.scale);
    r.seed = o.number("seed", r.seed);
    r.trials = o.number("trials", r.trials);
    r.distribution = parse_distribution(o.text("distribution", distribution_name(r.distribution)));
    r.sinusoidal = sinusoidal_options(o);
    return r;
}

// candidates: how many positions 0 .. N−1 to compare with (default: one per row of x).
val read_positions_js(val x, val opts) {
    return guard([&] {
        const JsOptions o(opts, kReadPositions);
        const Matrix m = from_js_matrix(x, "x");
        const int n = require_size(o.number("candidates", double(m.rows())), "candidates");
        return to_js_int32(read_positions(m, n, sinusoidal_options(o)));
    });
}

val readback_rate_js(val length, val dim, val opts) {
    return guard([&] {
        const JsOptions o(opts, kReadback);
        return val(readback_rate(size_of(length, "length"), size_of(dim, "width"), readback_options(o)));
    });
}

val readback_sweep_js(val length, val dims, val scales, val opts) {
    return guard([&] {
        const JsOptions o(opts, kReadback);
        return to_js_matrix(readback_sweep(size_of(length, "length"), from_js_numbers(dims, "dims"),
                                           from_js_numbers(scales, "scales"), readback_options(o)));
    });
}

val permute_rows_js(val x, val permutation) {
    return guard([&] { return to_js_matrix(permute_rows(from_js_matrix(x, "x"), from_js_numbers(permutation, "permutation"))); });
}

val permutation_experiment_js(val x, val permutation, val opts) {
    return guard([&] {
        const JsOptions o(opts, kPermutation);
        const int heads = require_size(o.number("heads", 1), "heads");
        Matrix positions;
        if (o.has("positions")) positions = from_js_matrix(o.get("positions"), "positions");
        const PermutationResult r = permutation_experiment(from_js_matrix(x, "x"), from_js_numbers(permutation, "permutation"),
                                                           heads, o.has("positions") ? &positions : nullptr);
        val out = val::object();
        out.set("original", to_js_matrix(r.original));
        out.set("permuted", to_js_matrix(r.permuted));
        out.set("expected", to_js_matrix(r.expected));
        out.set("maxDifference", r.max_difference);
        return out;
    });
}

// ---- comparison ------------------------------------------------------------------------------

// Matrices, or per-head tensors when either argument has `heads` (attention weights).
bool has_heads(const val& a, const val& b) {
    auto with = [](const val& x) { return x.typeOf().as<std::string>() == "object" && !x.isNull() && !x["heads"].isUndefined(); };
    return with(a) || with(b);
}

val difference_js(val a, val b) {
    return guard([&] {
        if (has_heads(a, b)) return to_js_tensor(difference(from_js_tensor(a, "A"), from_js_tensor(b, "B")));
        return to_js_matrix(difference(from_js_matrix(a, "A"), from_js_matrix(b, "B")));
    });
}

val max_abs_difference_js(val a, val b) {
    return guard([&] {
        if (has_heads(a, b)) return val(max_abs_difference(from_js_tensor(a, "A"), from_js_tensor(b, "B")));
        return val(max_abs_difference(from_js_matrix(a, "A"), from_js_matrix(b, "B")));
    });
}

// ---- random inputs -----------------------------------------------------------------------------

val random_matrix_js(val rows, val cols, val opts) {
    return guard([&] {
        const JsOptions o(opts, kRandom);
        RandomOptions r;
        r.seed = o.number("seed", r.seed);
        r.scale = o.number("scale", r.scale);
        r.distribution = parse_distribution(o.text("distribution", distribution_name(r.distribution)));
        return to_js_matrix(random_matrix(size_of(rows, "rows"), size_of(cols, "cols"), r));
    });
}

val random_permutation_js(val n, val opts) {
    return guard([&] {
        const JsOptions o(opts, kSeed);
        return to_js_int32(random_permutation(size_of(n, "length"), o.number("seed", 0)));
    });
}

// ---- training: tasks and the model (transformer.hpp, training.hpp, tasks.hpp, evaluate.hpp) ----
//
//   taskBatch(task, { batch, length, vocab, seed, index }) → { batch, length, tokens, targets }
//   tasks() → [ { name, rule, minLength, needsCausal, example: { tokens, targets } } ]
//   new Model(), then model.init(config) → undefined (or an Error: the core's check_config message)
//   model.info() → { vocab, width, heads, layers, mlpWidth, maxLength, position, combine,
//                    positionWidth, causal, seed,
//                    names, shapes: [[rows, cols]…], parameterCount, steps }
//   model.parameters() → { name: matrix }; model.setParameters({ name: matrix }) (all checked first)
//   model.forward(tokens, { batch, length }) → { logits }
//   model.attentionWeights(tokens, { length }) → [ { heads, rows, cols, data } per layer ]
//   model.lossAndGradients(tokens, targets, { batch, length }) → { loss, gradients: { name: matrix } }
//   model.trainStep(tokens, targets, { batch, length, lr, … }) → the loss before the step
//   model.trainSteps(task, { steps, batch, length, seed, lr, … }) → Float32Array of losses
//   model.evaluate(task, { lengths, batches, batch, seed }) → [ { length, loss, accuracy, scored } ]

// A task by name; anything but a string is named by its type.
Task task_of(const val& v) {
    if (!v.isString())
        throw Error("task " + js_describe(v) + "; it must be one of 'copy', 'reverse', 'recall', 'position', 'masked'");
    return parse_task(v.as<std::string>());
}

// A required option: "option length is missing; it must be a number".
double required_number(const JsOptions& o, const char* key) {
    if (!o.has(key)) throw Error(std::string("option ") + key + " is missing; it must be a number");
    return o.number(key, 0);
}

// Token or target ids: integers in [lowest, V). "tokens[3] is 2.5; every id must be an integer from 0 to 15".
std::vector<int> ids_of(const val& list, const char* name, int lowest, int V) {
    const std::vector<double> values = from_js_numbers(list, name);
    std::vector<int> out(values.size());
    for (std::size_t i = 0; i < values.size(); ++i) {
        const double x = values[i];
        if (!(x >= lowest && x < V && x == std::floor(x)))
            throw Error(std::string(name) + "[" + std::to_string(i) + "] is " + format_number(x) +
                        "; every id must be an integer from " + std::to_string(lowest) + " to " + std::to_string(V - 1));
        out[i] = int(x);
    }
    return out;
}

TransformerConfig config_of(const val& config) {
    const JsOptions c(config, kModel, "config");
    TransformerConfig o;
    o.vocab = required_number(c, "vocab");
    o.width = required_number(c, "width");
    o.heads = required_number(c, "heads");
    o.layers = required_number(c, "layers");
    o.mlp_width = c.number("mlpWidth", 0);
    o.max_length = c.number("maxLength", 0);
    o.position = parse_position_scheme(c.text("position", "none"));
    o.combine = parse_position_combine(c.text("combine", "add"));
    o.position_width = c.number("positionWidth", 0);
    o.causal = c.flag("causal", true);
    if (c.has("rope")) o.rope = rope_options(JsOptions(c.get("rope"), kRopeInAttention, "option rope"));
    if (c.has("t5")) {
        const JsOptions t(c.get("t5"), kModelT5, "option t5");
        o.t5.num_buckets = t.number("numBuckets", o.t5.num_buckets);
        o.t5.max_distance = t.number("maxDistance", o.t5.max_distance);
    }
    if (c.has("shaw")) o.shaw_max_distance = JsOptions(c.get("shaw"), kModelShaw, "option shaw").number("maxDistance", o.shaw_max_distance);
    o.seed = c.number("seed", 0);
    return o;
}

AdamWOptions adamw_of(const JsOptions& o) {
    AdamWOptions a;
    if (!o.has("lr")) throw Error("option lr is missing: the learning rate must be given, e.g. 0.003");
    a.lr = o.number("lr", a.lr);
    a.beta1 = o.number("beta1", a.beta1);
    a.beta2 = o.number("beta2", a.beta2);
    a.eps = o.number("eps", a.eps);
    a.weight_decay = o.number("weightDecay", a.weight_decay);
    a.clip = o.number("clip", a.clip);
    check_adamw_options(a);
    return a;
}

val named_matrices(const std::vector<std::string>& names, const std::vector<Matrix>& values) {
    val out = val::object();
    for (std::size_t i = 0; i < names.size(); ++i) out.set(names[i], to_js_matrix(values[i]));
    return out;
}

class Model {
public:
    val init(val config) {
        return guard([&] {
            training_ = std::make_unique<Training>(config_of(config));
            return val::undefined();
        });
    }

    val info() const {
        return guard([&] {
            const Transformer& m = model();
            const TransformerConfig& c = m.config();
            val out = val::object();
            out.set("vocab", c.vocab);
            out.set("width", c.width);
            out.set("heads", c.heads);
            out.set("layers", c.layers);
            out.set("mlpWidth", c.mlp_width);
            out.set("maxLength", c.max_length);
            out.set("position", std::string(position_scheme_name(c.position)));
            out.set("combine", std::string(position_combine_name(c.combine)));
            out.set("positionWidth", c.position_width);
            out.set("causal", c.causal);
            out.set("seed", c.seed);
            val names = val::array(), shapes = val::array();
            for (std::size_t i = 0; i < m.parameter_names().size(); ++i) {
                names.call<void>("push", m.parameter_names()[i]);
                val shape = val::array();
                shape.call<void>("push", int(m.parameters()[i].rows()));
                shape.call<void>("push", int(m.parameters()[i].cols()));
                shapes.call<void>("push", shape);
            }
            out.set("names", names);
            out.set("shapes", shapes);
            out.set("parameterCount", double(m.parameter_count()));
            out.set("steps", double(training_->optimizer().steps()));
            return out;
        });
    }

    val parameters() const {
        return guard([&] { return named_matrices(model().parameter_names(), model().parameters()); });
    }

    // Any subset of the parameters by name; every one is converted and checked before any is set.
    val set_parameters(val values) {
        return guard([&] {
            Transformer& m = training_model();
            if (values.typeOf().as<std::string>() != "object" || values.isNull() ||
                val::global("Array").call<bool>("isArray", values))
                throw Error("setParameters' argument " + js_describe(values) + "; it must be an object { name: matrix }");
            const val keys = val::global("Object").call<val>("keys", values);
            const int n = keys["length"].as<int>();
            std::vector<std::pair<std::string, Matrix>> updates;
            for (int i = 0; i < n; ++i) {
                const std::string name = keys[i].as<std::string>();
                const std::vector<std::string>& names = m.parameter_names();
                if (std::find(names.begin(), names.end(), name) == names.end()) {
                    std::string list;
                    for (const std::string& n : names) list += (list.empty() ? "" : ", ") + n;
                    const std::string near = nearest_key(name, names);
                    throw Error("parameter '" + name + "' is not known" + (near.empty() ? "" : "; did you mean '" + near + "'?") +
                                " Known parameters: " + list);
                }
                const Matrix& current = m.parameters()[std::size_t(m.parameter_index(name))];
                Matrix value = from_js_matrix(values[name], name);
                if (value.rows() != current.rows() || value.cols() != current.cols())
                    throw Error(name + " is " + shape_text(value.rows(), value.cols()) + " but must be " +
                                shape_text(current.rows(), current.cols()));
                updates.emplace_back(name, std::move(value));
            }
            for (auto& u : updates) m.set_parameter(u.first, u.second);
            return val::undefined();
        });
    }

    val forward(val tokens, val opts) const {
        return guard([&] {
            const JsOptions o(opts, kShape);
            const int B = require_size(required_number(o, "batch"), "batch");
            const int L = require_size(required_number(o, "length"), "length");
            val out = val::object();
            out.set("logits", to_js_matrix(model().forward(ids_of(tokens, "tokens", 0, V()), B, L)));
            return out;
        });
    }

    val attention_weights(val tokens, val opts) const {
        return guard([&] {
            const JsOptions o(opts, kLength);
            const int L = require_size(required_number(o, "length"), "length");
            val out = val::array();
            for (const HeadTensor& w : model().attention_weights(ids_of(tokens, "tokens", 0, V()), L))
                out.call<void>("push", to_js_tensor(w));
            return out;
        });
    }

    val loss_and_gradients(val tokens, val targets, val opts) const {
        return guard([&] {
            const JsOptions o(opts, kShape);
            const int B = require_size(required_number(o, "batch"), "batch");
            const int L = require_size(required_number(o, "length"), "length");
            std::vector<Matrix> grads;
            const float loss =
                model().loss_and_gradients(ids_of(tokens, "tokens", 0, V()), ids_of(targets, "targets", -1, V()), B, L, grads);
            val out = val::object();
            out.set("loss", double(loss));
            out.set("gradients", named_matrices(model().parameter_names(), grads));
            return out;
        });
    }

    val train_step(val tokens, val targets, val opts) {
        return guard([&] {
            const JsOptions o(opts, kStep);
            model();
            const int B = require_size(required_number(o, "batch"), "batch");
            const int L = require_size(required_number(o, "length"), "length");
            const AdamWOptions a = adamw_of(o);
            return val(double(training_->train_step(ids_of(tokens, "tokens", 0, V()), ids_of(targets, "targets", -1, V()), B, L, a)));
        });
    }

    val train_steps(val task, val opts) {
        return guard([&] {
            model();
            const Task t = task_of(task);
            const JsOptions o(opts, kSteps);
            TrainStepsOptions s;
            s.steps = required_number(o, "steps");
            s.batch = required_number(o, "batch");
            s.length = required_number(o, "length");
            s.seed = o.number("seed", 0);
            s.adamw = adamw_of(o);
            return to_js_float32(training_->train_steps(t, s));
        });
    }

    val evaluate_js(val task, val opts) const {
        return guard([&] {
            const Transformer& m = model();
            const Task t = task_of(task);
            const JsOptions o(opts, kEvaluate);
            EvaluateOptions e;
            if (!o.has("lengths")) throw Error("option lengths is missing; evaluate needs lengths, e.g. [16, 32, 64]");
            e.lengths = from_js_numbers(o.get("lengths"), "lengths");
            e.batches = o.number("batches", e.batches);
            e.batch = o.number("batch", e.batch);
            e.seed = o.number("seed", e.seed);
            val out = val::array();
            for (const LengthScore& s : evaluate(m, t, e)) {
                val r = val::object();
                r.set("length", s.length);
                r.set("loss", s.loss);
                r.set("accuracy", s.accuracy);
                r.set("scored", double(s.scored));
                out.call<void>("push", r);
            }
            return out;
        });
    }

private:
    std::unique_ptr<Training> training_;

    const Transformer& model() const {
        if (!training_) throw Error("this model was not initialised");
        return training_->model();
    }
    Transformer& training_model() {
        if (!training_) throw Error("this model was not initialised");
        return training_->model();
    }
    int V() const { return int(model().config().vocab); }
};

val task_batch_js(val task, val opts) {
    return guard([&] {
        const Task t = task_of(task);
        const JsOptions o(opts, kTaskBatch);
        const TaskBatch b = task_batch(t, required_number(o, "batch"), required_number(o, "length"),
                                       required_number(o, "vocab"), o.number("seed", 0), o.number("index", 0));
        val out = val::object();
        out.set("batch", b.batch);
        out.set("length", b.length);
        out.set("tokens", to_js_int32(b.tokens));
        out.set("targets", to_js_int32(b.targets));
        return out;
    });
}

val task_list_js() {
    return guard([&] {
        val out = val::array();
        for (const TaskInfo& info : task_list()) {
            val t = val::object();
            t.set("name", std::string(info.name));
            t.set("rule", std::string(info.rule));
            t.set("minLength", info.min_length);
            t.set("needsCausal", info.needs_causal);
            val example = val::object();
            example.set("tokens", to_js_int32(info.example_tokens));
            example.set("targets", to_js_int32(info.example_targets));
            t.set("example", example);
            out.call<void>("push", t);
        }
        return out;
    });
}

// ---- introspection (memory-stability tests) ------------------------------------------------
// What the C++ side holds right now (dlmalloc's in-use bytes): a leak of even a few bytes per
// call shows here long before the WASM memory itself has to grow.
double malloc_bytes() { return double(mallinfo().uordblks); }

// ---- the table ---------------------------------------------------------------------------------

struct Row {
    const char* name;
    std::vector<const char*> args;
    const Keys* options;  // null: the function takes no options argument
    const char* of;       // null: a free function; else the class whose method it is
};
std::vector<Row>& rows() {
    static std::vector<Row> table;
    return table;
}

template <class Fn>
void bind(const char* name, Fn fn, std::vector<const char*> args, const Keys* options = nullptr) {
    emscripten::function(name, fn);
    rows().push_back({name, std::move(args), options, nullptr});
}

// A method of an Embind class, described like a function with `of` naming the class.
template <class C, class Fn>
void bind_method(emscripten::class_<C>& cls, const char* of, const char* name, Fn fn, std::vector<const char*> args,
                 const Keys* options = nullptr) {
    cls.function(name, fn);
    rows().push_back({name, std::move(args), options, of});
}

val describe() {
    val out = val::array();
    for (const Row& r : rows()) {
        val row = val::object();
        row.set("name", std::string(r.name));
        val args = val::array();
        for (const char* a : r.args) args.call<void>("push", std::string(a));
        row.set("args", args);
        if (r.options) {
            val keys = val::array();
            for (const char* k : *r.options) keys.call<void>("push", std::string(k));
            row.set("options", keys);
        } else {
            row.set("options", val::null());
        }
        row.set("of", r.of ? val(std::string(r.of)) : val::null());
        out.call<void>("push", row);
    }
    return out;
}

}  // namespace
}  // namespace posenc::wasm

EMSCRIPTEN_BINDINGS(posenc) {
    using namespace posenc;
    using namespace posenc::wasm;
    // Encodings.
    bind("embeddingLookup", &embedding_lookup_js, {"table", "ids"});
    bind("addEmbeddings", &add_embeddings_js, {"a", "b"});
    bind("sinusoidal", &length_width_js<Matrix, sinusoidal>, {"length", "dim", "opts"}, &kSinusoidal);
    bind("sinusoidalAt", &sinusoidal_at_js, {"positions", "dim", "opts"}, &kSinusoidal);
    bind("expLogSinusoidal", &exp_log_sinusoidal_js, {"length", "dim", "opts"}, &kBase);
    bind("learnedPositions", &learned_positions_js, {"table", "positions"});
    bind("rope", &rope_js, {"x", "opts"}, &kRope);
    bind("ropeFrequencies", &rope_frequencies_js, {"headDim", "opts"}, &kFrequencies);
    bind("applyLinear", &apply_linear_js, {"M", "x"});
    bind("pair", &pair_js, {"m", "i", "layout"});
    bind("regroup", &regroup_js, {"m", "from", "to"});
    // Attention and the position schemes that act on it.
    bind("attention", &attention_js, {"q", "k", "v", "opts"}, &kAttention);
    bind("checkAttention", &check_attention_js, {"q", "k", "v", "opts"}, &kAttention);
    bind("alibiSlopes", &alibi_slopes_js, {"heads"});
    bind("alibiBias", &alibi_bias_js, {"queryLength", "keyLength", "headsOrSlopes"});
    bind("t5Bucket", &t5_bucket_js, {"relativePosition", "opts"}, &kT5);
    bind("t5Buckets", &t5_buckets_js, {"queryLength", "keyLength", "opts"}, &kT5);
    bind("t5Bias", &t5_bias_js, {"queryLength", "keyLength", "table", "opts"}, &kT5);
    bind("relativeDistances", &relative_distances_js, {"queryLength", "keyLength", "opts"}, &kDistances);
    bind("shawBias", &shaw_bias_js, {"q", "keyLength", "relativeKeys", "opts"}, &kShaw);
    bind("relativeSinusoidal", &length_width_js<HeadTensor, relative_sinusoidal>, {"length", "dim", "opts"}, &kSinusoidal);
    // Analysis.
    bind("shiftMatrix", &shift_matrix_js, {"dim", "offset", "opts"}, &kSinusoidal);
    bind("wavelengths", &wavelengths_js, {"dim", "opts"}, &kSinusoidal);
    bind("spreadColumns", &spread_columns_js, {"dim"});
    bind("positionSimilarity", &length_width_js<Matrix, position_similarity>, {"length", "dim", "opts"}, &kSinusoidal);
    bind("cosineSimilarity", &cosine_similarity_js, {"M"});
    bind("meanByOffset", &mean_by_offset_js, {"S"});
    bind("dotTerms", &dot_terms_js, {"E", "P"});
    bind("readPositions", &read_positions_js, {"x", "opts"}, &kReadPositions);
    bind("readbackRate", &readback_rate_js, {"length", "dim", "opts"}, &kReadback);
    bind("readbackSweep", &readback_sweep_js, {"length", "dims", "scales", "opts"}, &kReadback);
    bind("permuteRows", &permute_rows_js, {"x", "permutation"});
    bind("permutationExperiment", &permutation_experiment_js, {"x", "permutation", "opts"}, &kPermutation);
    // Comparison.
    bind("difference", &difference_js, {"A", "B"});
    bind("maxAbsDifference", &max_abs_difference_js, {"A", "B"});
    // Random inputs.
    bind("randomMatrix", &random_matrix_js, {"rows", "cols", "opts"}, &kRandom);
    bind("randomPermutation", &random_permutation_js, {"n", "opts"}, &kSeed);
    // Training: tasks, and the model (a stateful handle, so a class whose methods are rows too).
    bind("taskBatch", &task_batch_js, {"task", "opts"}, &kTaskBatch);
    bind("tasks", &task_list_js, {});
    emscripten::class_<Model> model("Model");
    model.constructor<>();
    bind_method(model, "Model", "init", &Model::init, {"config"}, &kModel);
    bind_method(model, "Model", "info", &Model::info, {});
    bind_method(model, "Model", "parameters", &Model::parameters, {});
    bind_method(model, "Model", "setParameters", &Model::set_parameters, {"values"});
    bind_method(model, "Model", "forward", &Model::forward, {"tokens", "opts"}, &kShape);
    bind_method(model, "Model", "attentionWeights", &Model::attention_weights, {"tokens", "opts"}, &kLength);
    bind_method(model, "Model", "lossAndGradients", &Model::loss_and_gradients, {"tokens", "targets", "opts"}, &kShape);
    bind_method(model, "Model", "trainStep", &Model::train_step, {"tokens", "targets", "opts"}, &kStep);
    bind_method(model, "Model", "trainSteps", &Model::train_steps, {"task", "opts"}, &kSteps);
    bind_method(model, "Model", "evaluate", &Model::evaluate_js, {"task", "opts"}, &kEvaluate);
    // Introspection: not part of the described API.
    emscripten::function("mallocBytes", &malloc_bytes);
    emscripten::function("describe", &describe);
}
