// tasks.hpp: the seeded synthetic tasks the training lessons train and test on, at any length L,
// so that a model trained at one length can be measured at 2×, 4× … (length generalisation, as in
// Press et al. 2022 and Kazemnejad et al. 2023).
//
// A batch is B sequences of L token ids (row-major: sequence b at tokens[b·L … b·L + L − 1]) and
// as many targets: target[i] is the id the model must output at position i, or −1 (not scored).
// Vocabulary V (≥ 5): 0 = PAD (filler, never scored), 1 = SEP (separator), 2 = MASK (a hidden
// token), and the symbols 3 … V − 1 (A = V − 3 of them), drawn uniformly by the core's PCG32.
//
// Tasks (examples with V = 9, symbols 3 … 8; positions from 0):
//   copy     next-token form (decoder): n = ⌊(L − 1)/2⌋ symbols, SEP, the same n symbols again
//            (teacher forcing); at SEP and at each copied symbol but the last, predict the next one;
//            a PAD ends an even L.                                   needs L ≥ 3, causal model
//              tokens  5 3 7 1 5 3 7      targets  − − − 5 3 7 −
//   reverse  as copy, but the second half is the first reversed.     needs L ≥ 3, causal model
//              tokens  5 3 7 1 7 3 5      targets  − − − 7 3 5 −
//   recall   associative recall (many queries): ⌊L/2⌋ key–value pairs k v k v …; keys from the
//            first ⌊A/2⌋ symbols, values from the rest, one random key → value map per sequence;
//            a key seen before in the sequence must be followed by its value: at such a key,
//            predict the value. A PAD ends an odd L.                 needs L ≥ 4, causal model
//              map 3→7 4→6 5→8:  tokens  3 7 4 6 3 7 5 8   targets  − − − − 7 − − −
//   position needs absolute position: L random symbols; at every position after the third,
//            output the third token (the one at position 2).         needs L ≥ 4; any model
//              tokens  4 6 3 7 5 3        targets  − − − 3 3 3
//   masked   masked-token task for encoders: a run of consecutive symbols from a random start,
//            each one up by one (wrapping from V − 1 to 3); each position hidden (MASK) with
//            probability 1/4, at least one per sequence; at a hidden position, output its symbol.
//            Needs local order (which neighbour is left): a bidirectional model without positions
//            cannot solve it.                                         needs L ≥ 2; any model
//              tokens  6 2 8 3 2 5        targets  − 7 − − 4 −
// "causal model": copy, reverse and recall score the next token, which a bidirectional model sees
// in its input; evaluation and training in the core refuse them for a model with causal = false.
//
// Seeds: the batch for (task, B, L, V, seed, index) is the same natively and in WebAssembly; its
// generator is Pcg32(seed, stream = 1000 + 8·index + task's number in the enum). `index` numbers the
// batches of one seed: training step t draws batch index t, evaluation batch k draws index k.
// Leaves out: natural-language data, curricula, variable lengths within a batch.
#pragma once

#include <string>
#include <vector>

#include "random.hpp"

namespace posenc {

enum class Task { Copy, Reverse, Recall, Position, Masked };

inline constexpr int kTaskPad = 0, kTaskSep = 1, kTaskMask = 2, kTaskFirstSymbol = 3;

// "copy", …; anything else: "task 'x' must be one of 'copy', 'reverse', 'recall', 'position', 'masked'".
Task parse_task(const std::string& name);
const char* task_name(Task task);

struct TaskInfo {
    Task task;
    const char* name;
    const char* rule;       // one English sentence (the page translates by name)
    int min_length;         // shortest L
    bool needs_causal;      // scores the next token: refused for a bidirectional model
    std::vector<int> example_tokens, example_targets;  // the example above (V = 9)
};
// Every task, in the order of the enum.
const std::vector<TaskInfo>& task_list();
const TaskInfo& task_info(Task task);

struct TaskBatch {
    int batch = 0, length = 0;
    std::vector<int> tokens, targets;  // B·L each
};

// Checks (Error naming the value and the rule): batch and length sizes, "length 2 is too short for
// task 'copy': it needs at least 3", "vocab 4 is too small for the tasks: they need at least 5
// (0 = padding, 1 = separator, 2 = mask, then at least 2 symbols)", the batch's size against
// kMaxResultBytes. Returns nothing; throws before anything is allocated.
void check_task_batch(Task task, double batch, double length, double vocab);

// Batch `index` of seed (both integers 0 … 2^53 − 1).
TaskBatch task_batch(Task task, double batch, double length, double vocab, double seed, double index = 0);
// A batch from rng (checked the same way); rng moves on.
TaskBatch task_batch(Task task, double batch, double length, double vocab, Pcg32& rng);

// The generator of batch `index` of seed: Pcg32(seed, 1000 + 8·index + task).
Pcg32 task_generator(Task task, double seed, double index = 0);

}  // namespace posenc
