// bindings_model.cpp (bindings): the training engine (transformer.hpp, training.hpp, tasks.hpp,
// evaluate.hpp) for web/api/model.js, which checks every argument's type and size in JS first.
//
//   new Model() then model.init(config)  → undefined or an Error (the core's check_config message)
//   model.info()                          → { vocab, width, heads, layers, mlpWidth, maxLength, position,
//                                             causal, seed, names, shapes: [[rows, cols]…], parameterCount, steps }
//   model.parameters()                    → { name: { rows, cols, data } } in the fixed order
//   model.setParameters({ name: matrix }) → undefined; all checked before any is replaced
//   model.forward(tokens, batch, length)  → { logits }
//   model.attentionWeights(tokens, length)→ [ { heads, rows, cols, data } per layer ]
//   model.lossAndGradients(tokens, targets, batch, length) → { loss, gradients: { name: matrix } }
//   model.trainStep(tokens, targets, batch, length, opts)  → loss before the step
//   model.trainSteps(task, opts)          → Float32Array of losses
//   model.evaluate(task, opts)            → [ { length, loss, accuracy, scored } ]
//   model.delete()                        → Embind's: frees the model (model.js's dispose)
//   taskBatch(task, opts)                 → { batch, length, tokens: Int32Array, targets: Int32Array }
//   taskList()                            → [ { name, rule, minLength, needsCausal, example: { tokens, targets } } ]
// Every method returns an Error object instead of throwing (convert.hpp's guard). No logic lives here.
#include <emscripten/bind.h>

#include <cmath>
#include <memory>
#include <string>

#include "convert.hpp"
#include "evaluate.hpp"
#include "layout.hpp"
#include "tasks.hpp"
#include "training.hpp"

namespace posenc::wasm {
namespace {

// Token or target ids: integers in [lowest, V). "tokens[3] is 2.5; every id must be an integer from 0 to 15".
std::vector<int> ids(const val& list, const char* name, int lowest, int V) {
    const std::vector<double> values = to_numbers(list, name);
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

TransformerConfig config_from(const val& c) {
    TransformerConfig o;
    o.vocab = number_option(c, "vocab", std::nan(""));
    o.width = number_option(c, "width", std::nan(""));
    o.heads = number_option(c, "heads", std::nan(""));
    o.layers = number_option(c, "layers", std::nan(""));
    o.mlp_width = number_option(c, "mlpWidth", 0);
    o.max_length = number_option(c, "maxLength", 0);
    o.position = parse_position_scheme(string_option(c, "position", "none"));
    o.causal = bool_option(c, "causal", true);
    if (has_option(c, "rope")) o.rope = rope_options(c["rope"]);
    if (has_option(c, "t5")) {
        o.t5.num_buckets = number_option(c["t5"], "numBuckets", o.t5.num_buckets);
        o.t5.max_distance = number_option(c["t5"], "maxDistance", o.t5.max_distance);
    }
    if (has_option(c, "shaw")) o.shaw_max_distance = number_option(c["shaw"], "maxDistance", o.shaw_max_distance);
    o.seed = number_option(c, "seed", 0);
    return o;
}

AdamWOptions adamw_from(const val& opts) {
    AdamWOptions o;
    o.lr = number_option(opts, "lr", std::nan(""));
    o.beta1 = number_option(opts, "beta1", o.beta1);
    o.beta2 = number_option(opts, "beta2", o.beta2);
    o.eps = number_option(opts, "eps", o.eps);
    o.weight_decay = number_option(opts, "weightDecay", o.weight_decay);
    o.clip = number_option(opts, "clip", o.clip);
    return o;
}

val named_matrices(const std::vector<std::string>& names, const std::vector<Matrix>& values) {
    val out = val::object();
    for (std::size_t i = 0; i < names.size(); ++i) out.set(names[i], from_matrix(values[i]));
    return out;
}

class Model {
public:
    val init(val config) {
        return guard([&] {
            training_ = std::make_unique<Training>(config_from(config));
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

    val set_parameters(val values) {
        return guard([&] {
            Transformer& m = training_model();
            const val keys = val::global("Object").call<val>("keys", values);
            const int n = keys["length"].as<int>();
            std::vector<std::pair<std::string, Matrix>> updates;
            for (int i = 0; i < n; ++i) {
                const std::string name = keys[i].as<std::string>();
                const int index = m.parameter_index(name);
                Matrix value = to_matrix(values[name], name);
                const Matrix& current = m.parameters()[std::size_t(index)];
                if (value.rows() != current.rows() || value.cols() != current.cols())
                    throw Error(name + " is " + shape_text(value.rows(), value.cols()) + " but must be " +
                                shape_text(current.rows(), current.cols()));
                updates.emplace_back(name, std::move(value));
            }
            for (auto& u : updates) m.set_parameter(u.first, u.second);
            return val::undefined();
        });
    }

    val forward(val tokens, val batch, val length) const {
        return guard([&] {
            const int B = require_size(to_number(batch), "batch");
            const int L = require_size(to_number(length), "length");
            const Matrix logits = model().forward(ids(tokens, "tokens", 0, V()), B, L);
            val out = val::object();
            out.set("logits", from_matrix(logits));
            return out;
        });
    }

    val attention_weights(val tokens, val length) const {
        return guard([&] {
            const int L = require_size(to_number(length), "length");
            const std::vector<HeadTensor> weights = model().attention_weights(ids(tokens, "tokens", 0, V()), L);
            val out = val::array();
            for (const HeadTensor& w : weights) out.call<void>("push", from_head_tensor(w));
            return out;
        });
    }

    val loss_and_gradients(val tokens, val targets, val batch, val length) const {
        return guard([&] {
            const int B = require_size(to_number(batch), "batch");
            const int L = require_size(to_number(length), "length");
            std::vector<Matrix> grads;
            const float loss =
                model().loss_and_gradients(ids(tokens, "tokens", 0, V()), ids(targets, "targets", -1, V()), B, L, grads);
            val out = val::object();
            out.set("loss", double(loss));
            out.set("gradients", named_matrices(model().parameter_names(), grads));
            return out;
        });
    }

    val train_step(val tokens, val targets, val batch, val length, val opts) {
        return guard([&] {
            const int B = require_size(to_number(batch), "batch");
            const int L = require_size(to_number(length), "length");
            const AdamWOptions o = adamw_from(opts);
            check_adamw_options(o);
            return val(double(training_->train_step(ids(tokens, "tokens", 0, V()), ids(targets, "targets", -1, V()), B,
                                                    L, o)));
        });
    }

    val train_steps(val task, val opts) {
        return guard([&] {
            model();
            const Task t = parse_task(task.isString() ? task.as<std::string>() : std::string("(not a string)"));
            TrainStepsOptions o;
            o.steps = number_option(opts, "steps", std::nan(""));
            o.batch = number_option(opts, "batch", std::nan(""));
            o.length = number_option(opts, "length", std::nan(""));
            o.seed = number_option(opts, "seed", 0);
            o.adamw = adamw_from(opts);
            const std::vector<float> losses = training_->train_steps(t, o);
            return to_float32_array(losses);
        });
    }

    val evaluate_js(val task, val opts) const {
        return guard([&] {
            const Transformer& m = model();
            const Task t = parse_task(task.isString() ? task.as<std::string>() : std::string("(not a string)"));
            EvaluateOptions o;
            if (!has_option(opts, "lengths")) throw Error("evaluate needs lengths, e.g. [16, 32, 64]");
            o.lengths = to_numbers(opts["lengths"], "lengths");
            o.batches = number_option(opts, "batches", o.batches);
            o.batch = number_option(opts, "batch", o.batch);
            o.seed = number_option(opts, "seed", o.seed);
            val out = val::array();
            for (const LengthScore& s : evaluate(m, t, o)) {
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
        const Task t = parse_task(task.isString() ? task.as<std::string>() : std::string("(not a string)"));
        const TaskBatch b = task_batch(t, number_option(opts, "batch", std::nan("")),
                                       number_option(opts, "length", std::nan("")),
                                       number_option(opts, "vocab", std::nan("")), number_option(opts, "seed", 0),
                                       number_option(opts, "index", 0));
        val out = val::object();
        out.set("batch", b.batch);
        out.set("length", b.length);
        out.set("tokens", to_int32_array(b.tokens));
        out.set("targets", to_int32_array(b.targets));
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
            example.set("tokens", to_int32_array(info.example_tokens));
            example.set("targets", to_int32_array(info.example_targets));
            t.set("example", example);
            out.call<void>("push", t);
        }
        return out;
    });
}

}  // namespace
}  // namespace posenc::wasm

EMSCRIPTEN_BINDINGS(posenc_model) {
    using posenc::wasm::Model;
    emscripten::class_<Model>("Model")
        .constructor<>()
        .function("init", &Model::init)
        .function("info", &Model::info)
        .function("parameters", &Model::parameters)
        .function("setParameters", &Model::set_parameters)
        .function("forward", &Model::forward)
        .function("attentionWeights", &Model::attention_weights)
        .function("lossAndGradients", &Model::loss_and_gradients)
        .function("trainStep", &Model::train_step)
        .function("trainSteps", &Model::train_steps)
        .function("evaluate", &Model::evaluate_js);
    emscripten::function("taskBatch", &posenc::wasm::task_batch_js);
    emscripten::function("taskList", &posenc::wasm::task_list_js);
}
