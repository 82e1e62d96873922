// test_tasks.cpp: every synthetic task's rule, checked by an independent reading of tasks.hpp on
// generated batches at several lengths and vocabularies, and on the documented examples; shapes,
// determinism per seed, and refusals.
#include <map>
#include <set>
#include <vector>

#include "helpers.hpp"
#include "tasks.hpp"

using namespace posenc;

namespace {

// Checks one sequence (L tokens, L targets) against the rule of its task, with V symbols.
void require_rule(Task task, const int* tok, const int* tgt, int L, int V) {
    for (int i = 0; i < L; ++i) {
        REQUIRE(tok[i] >= 0);
        REQUIRE(tok[i] < V);
        REQUIRE(tgt[i] >= -1);
        REQUIRE(tgt[i] < V);
        if (tgt[i] >= 0) REQUIRE(tgt[i] >= kTaskFirstSymbol);  // only symbols are ever answers
    }
    switch (task) {
        case Task::Copy:
        case Task::Reverse: {
            const int n = (L - 1) / 2;
            REQUIRE(tok[n] == kTaskSep);
            if (L % 2 == 0) REQUIRE(tok[L - 1] == kTaskPad);
            for (int k = 0; k < n; ++k) {
                const int src = task == Task::Copy ? k : n - 1 - k;
                REQUIRE(tok[k] >= kTaskFirstSymbol);
                REQUIRE(tok[n + 1 + k] == tok[src]);
                REQUIRE(tgt[n + k] == tok[n + k + 1]);  // next-token form
            }
            for (int i = 0; i < n; ++i) REQUIRE(tgt[i] == -1);
            for (int i = 2 * n; i < L; ++i) REQUIRE(tgt[i] == -1);
            break;
        }
        case Task::Recall: {
            const int K = (V - kTaskFirstSymbol) / 2;
            std::map<int, int> value_of;
            for (int i = 0; i + 1 < L; i += 2) {
                const int k = tok[i], v = tok[i + 1];
                REQUIRE(k >= kTaskFirstSymbol);
                REQUIRE(k < kTaskFirstSymbol + K);
                REQUIRE(v >= kTaskFirstSymbol + K);
                const bool seen = value_of.count(k) > 0;
                if (seen) REQUIRE(value_of[k] == v);  // one value per key
                value_of[k] = v;
                REQUIRE(tgt[i] == (seen ? v : -1));
                REQUIRE(tgt[i + 1] == -1);
            }
            if (L % 2 == 1) {
                REQUIRE(tok[L - 1] == kTaskPad);
                REQUIRE(tgt[L - 1] == -1);
            }
            break;
        }
        case Task::Position:
            for (int i = 0; i < L; ++i) {
                REQUIRE(tok[i] >= kTaskFirstSymbol);
                REQUIRE(tgt[i] == (i >= 3 ? tok[2] : -1));
            }
            break;
        case Task::Masked: {
            const int A = V - kTaskFirstSymbol;
            int hidden = 0, start = -1;
            for (int i = 0; i < L; ++i) {
                const int s = tok[i] == kTaskMask ? tgt[i] : tok[i];
                REQUIRE(s >= kTaskFirstSymbol);
                if (start < 0) start = ((s - kTaskFirstSymbol) - i % A + A) % A;
                REQUIRE(s == kTaskFirstSymbol + (start + i) % A);  // each symbol one up from the last
                if (tok[i] == kTaskMask) ++hidden;
                else REQUIRE(tgt[i] == -1);
            }
            REQUIRE(hidden >= 1);
            break;
        }
    }
}

const Task kAll[] = {Task::Copy, Task::Reverse, Task::Recall, Task::Position, Task::Masked};

}  // namespace

TEST_CASE("every task's batch follows its rule at short and long lengths and small and large vocabularies",
          "[tasks]") {
    for (Task task : kAll) {
        for (int L : {task_info(task).min_length, 5, 8, 17, 64}) {
            for (int V : {5, 9, 40}) {
                INFO(task_name(task) << " L=" << L << " V=" << V);
                const TaskBatch b = task_batch(task, 6, L, V, 11);
                REQUIRE(b.batch == 6);
                REQUIRE(b.length == L);
                REQUIRE(b.tokens.size() == std::size_t(6 * L));
                REQUIRE(b.targets.size() == std::size_t(6 * L));
                for (int s = 0; s < 6; ++s) require_rule(task, &b.tokens[std::size_t(s * L)], &b.targets[std::size_t(s * L)], L, V);
            }
        }
    }
}

TEST_CASE("the documented examples follow the rules they illustrate", "[tasks]") {
    for (const TaskInfo& info : task_list()) {
        INFO(info.name);
        REQUIRE(info.example_tokens.size() == info.example_targets.size());
        require_rule(info.task, info.example_tokens.data(), info.example_targets.data(), int(info.example_tokens.size()), 9);
        REQUIRE(parse_task(info.name) == info.task);
    }
}

TEST_CASE("a seed gives the same batch every time, another seed a different one", "[tasks]") {
    for (Task task : kAll) {
        INFO(task_name(task));
        const TaskBatch a = task_batch(task, 4, 16, 12, 5);
        const TaskBatch b = task_batch(task, 4, 16, 12, 5);
        const TaskBatch c = task_batch(task, 4, 16, 12, 6);
        REQUIRE(a.tokens == b.tokens);
        REQUIRE(a.targets == b.targets);
        REQUIRE(a.tokens != c.tokens);
        // Batch index 0 is the seeded batch; index 1 is another; each index is reproducible.
        Pcg32 rng = task_generator(task, 5, 1);
        const TaskBatch first = task_batch(task, 4, 16, 12, rng);
        const TaskBatch second = task_batch(task, 4, 16, 12, 5, 1);
        REQUIRE(task_batch(task, 4, 16, 12, 5, 0).tokens == a.tokens);
        REQUIRE(first.tokens == second.tokens);
        REQUIRE(second.tokens != a.tokens);
    }
}

TEST_CASE("the tasks draw every symbol and score a fair share of positions", "[tasks]") {
    const TaskBatch copy = task_batch(Task::Copy, 64, 33, 10, 1);
    std::set<int> symbols(copy.tokens.begin(), copy.tokens.end());
    for (int s = kTaskFirstSymbol; s < 10; ++s) REQUIRE(symbols.count(s) == 1);
    int scored = 0;
    for (int t : copy.targets) scored += t >= 0;
    REQUIRE(scored == 64 * 16);  // n = 16 per sequence

    const TaskBatch masked = task_batch(Task::Masked, 64, 64, 10, 1);
    int hidden = 0;
    for (int t : masked.tokens) hidden += t == kTaskMask;
    const double share = double(hidden) / (64.0 * 64.0);
    REQUIRE(share > 0.2);
    REQUIRE(share < 0.3);

    const TaskBatch recall = task_batch(Task::Recall, 64, 32, 16, 1);
    int queries = 0;
    for (int t : recall.targets) queries += t >= 0;
    REQUIRE(queries > 64 * 5);  // 16 pairs over 6 keys: most keys repeat
}

TEST_CASE("task batches refuse bad names, sizes and vocabularies with the value and the rule", "[tasks]") {
    REQUIRE_THROWS_WITH(parse_task("sort"),
                        "task 'sort' must be one of 'copy', 'reverse', 'recall', 'position', 'masked'");
    REQUIRE_THROWS_WITH(task_batch(Task::Copy, 2, 2, 10, 0), "length 2 is too short for task 'copy': it needs at least 3");
    REQUIRE_THROWS_WITH(task_batch(Task::Recall, 2, 3, 10, 0), "length 3 is too short for task 'recall': it needs at least 4");
    REQUIRE_THROWS_WITH(task_batch(Task::Copy, 2, 8, 4, 0),
                        "vocab 4 is too small for the tasks: they need at least 5 (0 = padding, 1 = separator, "
                        "2 = mask, then at least 2 symbols)");
    REQUIRE_THROWS_WITH(task_batch(Task::Copy, 0, 8, 10, 0), Catch::Contains("batch 0"));
    REQUIRE_THROWS_WITH(task_batch(Task::Copy, 2.5, 8, 10, 0), Catch::Contains("batch 2.5"));
    REQUIRE_THROWS_WITH(task_batch(Task::Copy, 2, 8, 10, -1), Catch::Contains("seed -1"));
    REQUIRE_THROWS_WITH(task_batch(Task::Copy, 2, 8, 10, 0, 1.5), "index 1.5 must be an integer from 0 to 9007199254740991");
    REQUIRE_THROWS_WITH(task_batch(Task::Copy, 100000, 100000, 10, 0), Catch::Contains("task batch"));
}
