// training.cpp: see training.hpp.
#include "training.hpp"

#include <cmath>
#include <string>

#include "evaluate.hpp"

namespace posenc {

float Training::train_step(const std::vector<int>& tokens, const std::vector<int>& targets, int batch, int length,
                           const AdamWOptions& o) {
    check_adamw_options(o);
    const float loss = model_.loss_and_gradients(tokens, targets, batch, length, grads_);
    if (!std::isfinite(loss))
        throw Error("the loss is " + format_number(loss) + ": training diverged; lower lr (now " + format_number(o.lr) +
                    ") or set clip");
    optimizer_.step(model_.parameters(), grads_, o);
    return loss;
}

std::vector<float> Training::train_steps(Task task, const TrainStepsOptions& o) {
    const int steps = require_size(o.steps, "steps");
    if (steps > 1000000) throw Error("steps " + std::to_string(steps) + " must be at most 1000000 per call");
    check_adamw_options(o.adamw);
    check_task_batch(task, o.batch, o.length, model_.config().vocab);
    check_task_for_model(task, model_, o.length);
    require_seed(o.seed);
    std::vector<float> losses;
    losses.reserve(std::size_t(steps));
    for (int s = 0; s < steps; ++s) {
        Pcg32 rng = task_generator(task, o.seed, double(optimizer_.steps()));
        const TaskBatch b = task_batch(task, o.batch, o.length, model_.config().vocab, rng);
        losses.push_back(train_step(b.tokens, b.targets, b.batch, b.length, o.adamw));
    }
    return losses;
}

}  // namespace posenc
