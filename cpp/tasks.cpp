// tasks.cpp: the synthetic tasks of tasks.hpp (rules and examples there).
#include "tasks.hpp"

#include <cmath>
#include <string>

namespace posenc {

namespace {

const std::vector<TaskInfo>& infos() {
    static const std::vector<TaskInfo> list = {
        {Task::Copy, "copy",
         "n symbols, a separator, then the same n symbols again: after the separator, predict each next symbol",
         3, true, {5, 3, 7, 1, 5, 3, 7}, {-1, -1, -1, 5, 3, 7, -1}},
        {Task::Reverse, "reverse",
         "n symbols, a separator, then the same symbols in reverse order: after the separator, predict each next symbol",
         3, true, {5, 3, 7, 1, 7, 3, 5}, {-1, -1, -1, 7, 3, 5, -1}},
        {Task::Recall, "recall",
         "key-value pairs with one fixed value per key: at a key seen before, predict its value",
         4, true, {3, 7, 4, 6, 3, 7, 5, 8}, {-1, -1, -1, -1, 7, -1, -1, -1}},
        {Task::Position, "position",
         "random symbols: at every position after the third, output the third symbol", 4, false,
         {4, 6, 3, 7, 5, 3}, {-1, -1, -1, 3, 3, 3}},
        {Task::Masked, "masked",
         "a run of consecutive symbols with about a quarter of them hidden: output each hidden symbol", 2, false,
         {6, 2, 8, 3, 2, 5}, {-1, 7, -1, -1, 4, -1}},
    };
    return list;
}

// n uniform symbols from [first, first + count).
int symbol(Pcg32& rng, int first, int count) { return first + int(rng.bounded(std::uint32_t(count))); }

void fill_copy(Pcg32& rng, int L, int A, bool reverse, int* tokens, int* targets) {
    const int n = (L - 1) / 2;
    for (int k = 0; k < n; ++k) tokens[k] = symbol(rng, kTaskFirstSymbol, A);
    tokens[n] = kTaskSep;
    for (int k = 0; k < n; ++k) {
        const int src = reverse ? n - 1 - k : k;
        tokens[n + 1 + k] = tokens[src];
        targets[n + k] = tokens[src];  // at SEP and at each copied symbol: the next one
    }
}

void fill_recall(Pcg32& rng, int L, int A, int* tokens, int* targets) {
    const int K = A / 2, values = A - K;
    std::vector<int> map(std::size_t(K), 0);
    for (int k = 0; k < K; ++k) map[std::size_t(k)] = symbol(rng, kTaskFirstSymbol + K, values);
    std::vector<char> seen(std::size_t(K), 0);
    for (int i = 0; i + 1 < L; i += 2) {
        const int k = int(rng.bounded(std::uint32_t(K)));
        tokens[i] = kTaskFirstSymbol + k;
        tokens[i + 1] = map[std::size_t(k)];
        if (seen[std::size_t(k)]) targets[i] = map[std::size_t(k)];
        seen[std::size_t(k)] = 1;
    }
}

void fill_position(Pcg32& rng, int L, int A, int* tokens, int* targets) {
    for (int i = 0; i < L; ++i) tokens[i] = symbol(rng, kTaskFirstSymbol, A);
    for (int i = 3; i < L; ++i) targets[i] = tokens[2];
}

void fill_masked(Pcg32& rng, int L, int A, int* tokens, int* targets) {
    const int start = int(rng.bounded(std::uint32_t(A)));
    int hidden = 0;
    for (int i = 0; i < L; ++i) {
        const int s = kTaskFirstSymbol + int((std::int64_t(start) + i) % A);
        if (rng.bounded(4) == 0) {
            tokens[i] = kTaskMask;
            targets[i] = s;
            ++hidden;
        } else {
            tokens[i] = s;
        }
    }
    if (hidden == 0) {
        const int i = int(rng.bounded(std::uint32_t(L)));
        targets[i] = tokens[i];
        tokens[i] = kTaskMask;
    }
}

}  // namespace

Task parse_task(const std::string& name) {
    for (const TaskInfo& t : infos())
        if (name == t.name) return t.task;
    throw Error("task '" + name + "' must be one of 'copy', 'reverse', 'recall', 'position', 'masked'");
}

const char* task_name(Task task) { return task_info(task).name; }

const std::vector<TaskInfo>& task_list() { return infos(); }

const TaskInfo& task_info(Task task) { return infos()[std::size_t(task)]; }

void check_task_batch(Task task, double batch, double length, double vocab) {
    const int B = require_size(batch, "batch");
    const int L = require_size(length, "length");
    const int V = require_size(vocab, "vocab");
    const TaskInfo& info = task_info(task);
    if (L < info.min_length)
        throw Error("length " + std::to_string(L) + " is too short for task '" + info.name + "': it needs at least " +
                    std::to_string(info.min_length));
    if (V < kTaskFirstSymbol + 2)
        throw Error("vocab " + std::to_string(V) +
                    " is too small for the tasks: they need at least 5 (0 = padding, 1 = separator, 2 = mask, "
                    "then at least 2 symbols)");
    require_result_fits(B, L, 2, "task batch (tokens and targets)");
}

Pcg32 task_generator(Task task, double seed, double index) {
    const std::uint64_t s = require_seed(seed);
    if (!(index >= 0 && index <= 9007199254740991.0 && index == std::floor(index)))
        throw Error("index " + format_number(index) + " must be an integer from 0 to 9007199254740991");
    return Pcg32(s, 1000 + 8 * std::uint64_t(index) + std::uint64_t(task));
}

TaskBatch task_batch(Task task, double batch, double length, double vocab, double seed, double index) {
    check_task_batch(task, batch, length, vocab);
    Pcg32 rng = task_generator(task, seed, index);
    return task_batch(task, batch, length, vocab, rng);
}

TaskBatch task_batch(Task task, double batch, double length, double vocab, Pcg32& rng) {
    check_task_batch(task, batch, length, vocab);
    TaskBatch out;
    out.batch = int(batch);
    out.length = int(length);
    const int L = out.length, A = int(vocab) - kTaskFirstSymbol;
    out.tokens.assign(std::size_t(out.batch) * L, kTaskPad);
    out.targets.assign(std::size_t(out.batch) * L, -1);
    for (int b = 0; b < out.batch; ++b) {
        int* tokens = out.tokens.data() + std::size_t(b) * L;
        int* targets = out.targets.data() + std::size_t(b) * L;
        switch (task) {
            case Task::Copy: fill_copy(rng, L, A, false, tokens, targets); break;
            case Task::Reverse: fill_copy(rng, L, A, true, tokens, targets); break;
            case Task::Recall: fill_recall(rng, L, A, tokens, targets); break;
            case Task::Position: fill_position(rng, L, A, tokens, targets); break;
            case Task::Masked: fill_masked(rng, L, A, tokens, targets); break;
        }
    }
    return out;
}

}  // namespace posenc
