// bindings.cpp: the Embind surface of the core, used only through web/posenc.js.
//
// Each wrapper converts its arguments (convert.hpp), calls one core function and converts the
// result back; `guard` returns a JS Error instead of throwing. No logic lives here.
#include <emscripten/bind.h>

#include "alibi.hpp"
#include "attention.hpp"
#include "attention_fused.hpp"
#include "convert.hpp"
#include "embedding.hpp"
#include "sinusoidal.hpp"

namespace posenc::wasm {
namespace {

val embedding_lookup_js(val table, val ids) {
    return guard([&] { return from_matrix(embedding_lookup(to_matrix(table, "table"), to_numbers(ids, "ids"))); });
}

val add_embeddings_js(val a, val b) {
    return guard([&] { return from_matrix(add_embeddings(to_matrix(a, "a"), to_matrix(b, "b"))); });
}

val sinusoidal_js(val length, val dim, val opts) {
    return guard([&] {
        const int L = require_size(to_number(length), "length");
        const int D = require_size(to_number(dim), "width");
        return from_matrix(sinusoidal(L, D, sinusoidal_options(opts)));
    });
}

val sinusoidal_at_js(val positions, val dim, val opts) {
    return guard([&] {
        const int D = require_size(to_number(dim), "width");
        return from_matrix(sinusoidal_at(to_numbers(positions, "positions"), D, sinusoidal_options(opts)));
    });
}

// attention's JS arguments converted, with the storage its options point into (not copyable).
struct AttentionCall {
    Matrix q, k, v;
    AttentionOptions o;
    HeadTensor bias;
    RopeOptions rope;
    std::vector<float> alibi;
    Matrix relative_keys, relative_values;

    AttentionCall(const val& q_js, const val& k_js, const val& v_js, const val& opts)
        : q(to_matrix(q_js, "q")), k(to_matrix(k_js, "k")), v(to_matrix(v_js, "v")) {
        o.heads = require_size(number_option(opts, "heads", 1), "heads");
        o.causal = bool_option(opts, "causal", false);
        o.weights = bool_option(opts, "weights", true);
        if (has_option(opts, "bias")) {
            bias = to_head_tensor(opts["bias"], "bias");
            o.bias = &bias;
        }
        // rope: true or { base, layout, scale }; false or absent: none.
        if (has_option(opts, "rope") && !(opts["rope"].isFalse())) {
            rope = rope_options(opts["rope"]);
            o.rope = &rope;
        }
        // alibi: true (the paper's slopes for `heads`) or a list of H slopes; false or absent: none.
        if (has_option(opts, "alibi") && !(opts["alibi"].isFalse())) {
            if (opts["alibi"].isTrue()) {
                alibi = alibi_slopes(o.heads);
            } else {
                const std::vector<double> slopes = to_numbers(opts["alibi"], "alibi");
                alibi.assign(slopes.begin(), slopes.end());
            }
            o.alibi_slopes = &alibi;
        }
        if (has_option(opts, "relativeKeys")) {
            relative_keys = to_matrix(opts["relativeKeys"], "relativeKeys");
            o.relative_keys = &relative_keys;
        }
        if (has_option(opts, "relativeValues")) {
            relative_values = to_matrix(opts["relativeValues"], "relativeValues");
            o.relative_values = &relative_values;
        }
        o.max_distance = require_count(number_option(opts, "maxDistance", 0), "maxDistance");
    }
    AttentionCall(const AttentionCall&) = delete;
    AttentionCall& operator=(const AttentionCall&) = delete;
};

val attention_js(val q, val k, val v, val opts) {
    return guard([&] {
        const AttentionCall c(q, k, v, opts);
        const AttentionResult r = attention_auto(c.q, c.k, c.v, c.o);  // fused when no weights are asked for
        val out = val::object();
        out.set("output", from_matrix(r.output));
        if (c.o.weights) out.set("weights", from_head_tensor(r.weights));
        return out;
    });
}

// The core's checks of attention alone (used before running attention elsewhere, e.g. WebGPU).
val check_attention_js(val q, val k, val v, val opts) {
    return guard([&] {
        const AttentionCall c(q, k, v, opts);
        check_attention_inputs(c.q, c.k, c.v, c.o);
        return val(true);
    });
}

}  // namespace
}  // namespace posenc::wasm

EMSCRIPTEN_BINDINGS(posenc) {
    using namespace posenc::wasm;
    emscripten::function("embeddingLookup", &embedding_lookup_js);
    emscripten::function("addEmbeddings", &add_embeddings_js);
    emscripten::function("sinusoidal", &sinusoidal_js);
    emscripten::function("sinusoidalAt", &sinusoidal_at_js);
    emscripten::function("attention", &attention_js);
    emscripten::function("checkAttention", &check_attention_js);
}
