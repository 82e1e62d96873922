// evaluate.cpp: see evaluate.hpp.
#include "evaluate.hpp"

#include <cmath>
#include <limits>
#include <string>

namespace posenc {

ScoreSums score_logits(const Matrix& logits, const std::vector<int>& targets) {
    if (std::size_t(logits.rows()) != targets.size())
        throw Error("there are " + std::to_string(targets.size()) + " targets but " + std::to_string(logits.rows()) +
                    " rows of logits; they must match");
    ScoreSums s;
    const Eigen::Index V = logits.cols();
    for (Eigen::Index r = 0; r < logits.rows(); ++r) {
        const int t = targets[std::size_t(r)];
        if (t < 0) continue;
        if (t >= V)
            throw Error("target " + std::to_string(t) + " at row " + std::to_string(r) + " is outside the " +
                        std::to_string(V) + " logits");
        const float* row = logits.data() + r * V;
        Eigen::Index best = 0;
        for (Eigen::Index v = 1; v < V; ++v)
            if (row[v] > row[best]) best = v;
        double sum = 0.0;
        const double top = row[best];
        for (Eigen::Index v = 0; v < V; ++v) sum += std::exp(double(row[v]) - top);
        s.loss_sum += std::log(sum) + top - double(row[t]);
        s.correct += best == t;
        ++s.scored;
    }
    return s;
}

void check_task_for_model(Task task, const Transformer& model, double length) {
    const TransformerConfig& c = model.config();
    const TaskInfo& info = task_info(task);
    if (info.needs_causal && !c.causal)
        throw Error(std::string("task '") + info.name +
                    "' scores the next token, which a bidirectional model (causal: false) sees in its input; use "
                    "'position' or 'masked', or a causal model");
    if (c.position == PositionScheme::Learned && length > c.max_length)
        throw Error("length " + format_number(length) + " is longer than maxLength " + format_number(c.max_length) +
                    ", the rows of the learned table wpe");
}

std::vector<LengthScore> evaluate(const Transformer& model, Task task, const EvaluateOptions& opts) {
    if (opts.lengths.empty() || opts.lengths.size() > 64)
        throw Error("lengths has " + std::to_string(opts.lengths.size()) + " entries; it needs 1 to 64 lengths");
    const int batches = require_size(opts.batches, "batches");
    const double V = model.config().vocab;
    for (double L : opts.lengths) {
        check_task_batch(task, opts.batch, L, V);
        check_task_for_model(task, model, L);
    }
    require_seed(opts.seed);
    std::vector<LengthScore> out;
    for (double L : opts.lengths) {
        ScoreSums total;
        for (int k = 0; k < batches; ++k) {
            Pcg32 rng = task_generator(task, opts.seed, k);
            const TaskBatch b = task_batch(task, opts.batch, L, V, rng);
            const ScoreSums s = score_logits(model.forward(b.tokens, b.batch, b.length), b.targets);
            total.loss_sum += s.loss_sum;
            total.correct += s.correct;
            total.scored += s.scored;
        }
        LengthScore r;
        r.length = int(L);
        r.scored = total.scored;
        const double nan = std::numeric_limits<double>::quiet_NaN();
        r.loss = total.scored ? total.loss_sum / double(total.scored) : nan;
        r.accuracy = total.scored ? double(total.correct) / double(total.scored) : nan;
        out.push_back(r);
    }
    return out;
}

}  // namespace posenc
