// evaluate.hpp: measuring a model on a task at several lengths, the numbers behind the "train
// short, test long" curves: per length L, over `batches` seeded batches of B sequences,
//   loss(L)     = mean over scored positions r (target_r ≥ 0) of −log softmax(logits_r)[target_r]
//   accuracy(L) = (number of scored positions whose argmax_v logits_r,v = target_r) / (scored positions)
// (exact match per scored position; the argmax takes the first of equal maxima). Both pool all
// scored positions of all batches of that length (not a mean of per-batch means).
// Batch k (k = 0 … batches − 1) at length L is task_batch(task, B, L, V, task_generator(task, seed, k)),
// the batch pe.taskBatch(task, { batch: B, length: L, vocab: V, seed, index: k }) gives in JS; pick a seed
// other than training's to measure on held-out batches.
// A length with no scored position gives loss and accuracy NaN and scored 0.
// Checks before any work: lengths (1 … 64 of them, each a size and at least the task's minimum),
// batches ≥ 1, batch ≥ 1, seed; a length past maxLength for learned positions ("length 128 is
// longer than maxLength 64, the rows of the learned table wpe"); a next-token task (copy, reverse,
// recall) on a bidirectional model ("task 'copy' scores the next token, which a bidirectional model
// (causal: false) sees in its input; use 'position' or 'masked', or a causal model").
// Leaves out: per-position curves, sampling/generation (scoring is teacher-forced).
#pragma once

#include <vector>

#include "tasks.hpp"
#include "transformer.hpp"

namespace posenc {

struct EvaluateOptions {
    std::vector<double> lengths;
    double batches = 4;  // seeded batches per length
    double batch = 16;   // sequences per batch
    double seed = 0;
};

struct LengthScore {
    int length = 0;
    double loss = 0;      // mean cross-entropy over scored positions
    double accuracy = 0;  // exact-match share of scored positions
    long scored = 0;      // scored positions measured
};

// Sums over one batch: logits (B·L) × V, targets B·L ids or −1.
struct ScoreSums {
    double loss_sum = 0;  // Σ −log softmax(logits_r)[target_r] (computed in double)
    long correct = 0;
    long scored = 0;
};
ScoreSums score_logits(const Matrix& logits, const std::vector<int>& targets);

// Refuses a task the model cannot be measured or trained on (the two rules above with the model).
void check_task_for_model(Task task, const Transformer& model, double length);

std::vector<LengthScore> evaluate(const Transformer& model, Task task, const EvaluateOptions& opts);

}  // namespace posenc
