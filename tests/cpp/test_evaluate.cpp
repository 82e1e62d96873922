// test_evaluate.cpp: scoring logits (loss and exact-match accuracy), evaluation by length, the
// training loop (train_step / train_steps), and an end-to-end claim: a tiny model trained on copy
// for a few hundred steps learns it.
#include <cmath>
#include <limits>
#include <vector>

#include "evaluate.hpp"
#include "helpers.hpp"
#include "training.hpp"

using namespace posenc;

namespace {

TransformerConfig tiny(PositionScheme position, bool causal = true) {
    TransformerConfig c;
    c.vocab = 8;
    c.width = 16;
    c.heads = 2;
    c.layers = 2;
    c.mlp_width = 32;
    c.max_length = 16;
    c.position = position;
    c.causal = causal;
    c.seed = 3;
    return c;
}

}  // namespace

TEST_CASE("scoring counts a scored position as right when its largest logit is the target", "[evaluate]") {
    // Row 0: target 2 is the largest; row 1 unscored; row 2: target 0 but 1 is largest.
    const Matrix logits = test::rows({{0.0f, 1.0f, 3.0f}, {9.0f, 0.0f, 0.0f}, {0.5f, 2.0f, 0.0f}});
    const ScoreSums s = score_logits(logits, {2, -1, 0});
    REQUIRE(s.scored == 2);
    REQUIRE(s.correct == 1);
    const double l0 = std::log(1.0 + std::exp(1.0) + std::exp(3.0)) - 3.0;
    const double l2 = std::log(std::exp(0.5) + std::exp(2.0) + 1.0) - 0.5;
    REQUIRE(s.loss_sum == Approx(l0 + l2).epsilon(1e-6));
    // Logits forced to the answer by a wide margin: accuracy 1, loss near 0.
    Matrix forced = Matrix::Constant(4, 5, -50.0f);
    const std::vector<int> targets = {3, 0, 4, 1};
    for (int r = 0; r < 4; ++r) forced(r, targets[std::size_t(r)]) = 50.0f;
    const ScoreSums f = score_logits(forced, targets);
    REQUIRE(f.correct == 4);
    REQUIRE(f.loss_sum < 1e-30);
    // Equal maxima: the first wins.
    REQUIRE(score_logits(test::rows({{1.0f, 1.0f}}), {1}).correct == 0);
    REQUIRE(score_logits(test::rows({{1.0f, 1.0f}}), {0}).correct == 1);
    REQUIRE_THROWS_WITH(score_logits(logits, {2, 0}), "there are 2 targets but 3 rows of logits; they must match");
}

TEST_CASE("evaluation pools every scored position of the seeded batches of each length", "[evaluate]") {
    const Transformer model(tiny(PositionScheme::Rope));
    EvaluateOptions o;
    o.lengths = {5, 12};
    o.batches = 3;
    o.batch = 4;
    o.seed = 9;
    const std::vector<LengthScore> r = evaluate(model, Task::Copy, o);
    REQUIRE(r.size() == 2);
    for (std::size_t i = 0; i < 2; ++i) {
        const int L = int(o.lengths[i]);
        ScoreSums total;
        for (int k = 0; k < 3; ++k) {
            const TaskBatch b = task_batch(Task::Copy, 4, L, 8, 9, k);
            const ScoreSums s = score_logits(model.forward(b.tokens, 4, L), b.targets);
            total.loss_sum += s.loss_sum;
            total.correct += s.correct;
            total.scored += s.scored;
        }
        REQUIRE(r[i].length == L);
        REQUIRE(r[i].scored == total.scored);
        REQUIRE(r[i].scored == 3 * 4 * ((L - 1) / 2));
        REQUIRE(r[i].loss == Approx(total.loss_sum / double(total.scored)));
        REQUIRE(r[i].accuracy == Approx(double(total.correct) / double(total.scored)));
        // Untrained (weights of σ 0.02): logits near 0, so the loss is near ln V.
        REQUIRE(r[i].loss == Approx(std::log(8.0)).margin(0.1));
    }
    // The same options give the same numbers.
    const std::vector<LengthScore> again = evaluate(model, Task::Copy, o);
    REQUIRE(again[1].loss == r[1].loss);
}

TEST_CASE("evaluation refuses next-token tasks for encoders, lengths past the learned table, bad options",
          "[evaluate]") {
    const Transformer encoder(tiny(PositionScheme::Sinusoidal, false));
    EvaluateOptions o;
    o.lengths = {8};
    REQUIRE_THROWS_WITH(evaluate(encoder, Task::Copy, o),
                        "task 'copy' scores the next token, which a bidirectional model (causal: false) sees in its "
                        "input; use 'position' or 'masked', or a causal model");
    REQUIRE(evaluate(encoder, Task::Masked, o).size() == 1);
    const Transformer learned(tiny(PositionScheme::Learned));
    o.lengths = {8, 32};
    REQUIRE_THROWS_WITH(evaluate(learned, Task::Copy, o),
                        "length 32 is longer than maxLength 16, the rows of the learned table wpe");
    o.lengths = {};
    REQUIRE_THROWS_WITH(evaluate(learned, Task::Copy, o), "lengths has 0 entries; it needs 1 to 64 lengths");
    o.lengths = {8};
    o.batches = 0;
    REQUIRE_THROWS_WITH(evaluate(learned, Task::Copy, o), Catch::Contains("batches 0"));
    o.batches = 1;
    o.lengths = {2};
    REQUIRE_THROWS_WITH(evaluate(learned, Task::Copy, o), "length 2 is too short for task 'copy': it needs at least 3");
}

TEST_CASE("train_steps trains on batch index t at step t, as a loop of train_step on those batches does",
          "[evaluate][training]") {
    TrainStepsOptions o;
    o.steps = 5;
    o.batch = 4;
    o.length = 9;
    o.seed = 21;
    o.adamw.lr = 3e-3;
    Training a(tiny(PositionScheme::Alibi));
    Training b(tiny(PositionScheme::Alibi));
    const std::vector<float> losses = a.train_steps(Task::Reverse, o);
    REQUIRE(losses.size() == 5);
    for (int t = 0; t < 5; ++t) {
        const TaskBatch batch = task_batch(Task::Reverse, 4, 9, 8, 21, t);
        REQUIRE(b.train_step(batch.tokens, batch.targets, 4, 9, o.adamw) == losses[std::size_t(t)]);
    }
    REQUIRE(a.optimizer().steps() == 5);
    for (std::size_t p = 0; p < a.model().parameters().size(); ++p)
        REQUIRE(a.model().parameters()[p] == b.model().parameters()[p]);
    // The next call continues at index 5.
    o.steps = 1;
    const TaskBatch next = task_batch(Task::Reverse, 4, 9, 8, 21, 5);
    REQUIRE(a.train_steps(Task::Reverse, o)[0] == b.train_step(next.tokens, next.targets, 4, 9, o.adamw));
}

TEST_CASE("training refuses bad options and a diverged loss before changing anything", "[evaluate][training]") {
    Training t(tiny(PositionScheme::None));
    const std::vector<Matrix> before = t.model().parameters();
    TrainStepsOptions o;
    o.adamw.lr = -1;
    REQUIRE_THROWS_WITH(t.train_steps(Task::Copy, o), "lr -1 must be a finite number ≥ 0");
    o.adamw.lr = 1e-3;
    o.steps = 0;
    REQUIRE_THROWS_WITH(t.train_steps(Task::Copy, o), Catch::Contains("steps 0"));
    o.steps = 1;
    o.length = 2;
    REQUIRE_THROWS_WITH(t.train_steps(Task::Copy, o), "length 2 is too short for task 'copy': it needs at least 3");
    Training enc(tiny(PositionScheme::None, false));
    o.length = 8;
    REQUIRE_THROWS_WITH(enc.train_steps(Task::Recall, o), Catch::Contains("task 'recall' scores the next token"));
    // A huge final LN bias and head make the logits overflow: the loss is not finite and nothing changes.
    t.model().set_parameter("lnf.bias", Matrix::Constant(1, 16, 1e30f));
    t.model().set_parameter("head", Matrix::Constant(16, 8, 3e37f));
    const TaskBatch b = task_batch(Task::Copy, 2, 8, 8, 0);
    REQUIRE_THROWS_WITH(t.train_step(b.tokens, b.targets, 2, 8, o.adamw), Catch::Contains("training diverged"));
    REQUIRE(t.optimizer().steps() == 0);
    for (std::size_t p = 0; p + 2 < before.size(); ++p) REQUIRE(t.model().parameters()[p] == before[p]);
}

TEST_CASE("a tiny model trained on copy for a few hundred steps learns it", "[evaluate][training]") {
    // D = 16, H = 2, N = 2, V = 8, RoPE, causal; copy at L = 11 (5 symbols): an induction head.
    Training t(tiny(PositionScheme::Rope));
    TrainStepsOptions o;
    o.steps = 400;
    o.batch = 16;
    o.length = 11;
    o.seed = 1;
    o.adamw.lr = 1e-2;
    const std::vector<float> losses = t.train_steps(Task::Copy, o);
    double first = 0, last = 0;
    for (int i = 0; i < 20; ++i) {
        first += losses[std::size_t(i)] / 20.0;
        last += losses[losses.size() - 1 - std::size_t(i)] / 20.0;
    }
    INFO("mean loss of the first 20 steps " << first << ", of the last 20 " << last);
    REQUIRE(first > 1.5);  // chance: ln 5 ≈ 1.6 over the symbols
    REQUIRE(last < 0.5 * first);
    EvaluateOptions e;
    e.lengths = {11};
    e.seed = 1000;  // held-out batches
    const LengthScore s = evaluate(t.model(), Task::Copy, e)[0];
    INFO("held-out loss " << s.loss << ", accuracy " << s.accuracy);
    REQUIRE(s.accuracy > 0.9);  // chance is 1/5
}
