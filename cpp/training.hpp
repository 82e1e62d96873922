// training.hpp: one model with its optimiser state, the unit the JS API's model object wraps:
// a Transformer (transformer.hpp), AdamW's moments (adamw.hpp) and the gradient buffers reused
// by every step (allocated once, at the first step).
//
//   train_step:  loss, grads = loss_and_gradients(tokens, targets);  AdamW step (clipping first);
//                returns the loss before the step.
//   train_steps: n such steps on batches the core draws itself, so a page crosses into WebAssembly
//                once per n steps: step t (t = the optimiser's step count before it) trains on
//                task_batch(task, B, L, V, seed, index = t), i.e. the batch
//                pe.taskBatch(task, { batch: B, length: L, vocab: V, seed, index: t }) — a JS loop of
//                trainStep over those batches gives the same losses.
// Checks before any work: AdamW's options; the task's sizes and its fit to the model
// (evaluate.hpp: check_task_for_model); steps 1 … 1e6. A step whose loss is not finite is refused
// before the update ("the loss is NaN: training diverged; lower lr (now 10) or set clip") and the
// model and optimiser stay as they were (train_steps stops there; the steps before it are kept).
// Replacing parameters (set_parameter) keeps the optimiser's moments, as assigning to a torch
// parameter's data does. Leaves out: learning-rate schedules (the caller passes lr per call),
// gradient accumulation, checkpoints.
#pragma once

#include <vector>

#include "adamw.hpp"
#include "tasks.hpp"
#include "transformer.hpp"

namespace posenc {

struct TrainStepsOptions {
    double steps = 1;
    double batch = 16;
    double length = 16;
    double seed = 0;
    AdamWOptions adamw;
};

class Training {
public:
    explicit Training(const TransformerConfig& config) : model_(config) {}

    Transformer& model() { return model_; }
    const Transformer& model() const { return model_; }
    const AdamW& optimizer() const { return optimizer_; }

    float train_step(const std::vector<int>& tokens, const std::vector<int>& targets, int batch, int length,
                     const AdamWOptions& o);
    std::vector<float> train_steps(Task task, const TrainStepsOptions& o);

private:
    Transformer model_;
    AdamW optimizer_;
    std::vector<Matrix> grads_;
};

}  // namespace posenc
