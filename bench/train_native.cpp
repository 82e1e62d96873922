// train_native.cpp: training throughput of the core built natively (the CMake target
// posenc_bench_train, Release flags), the ceiling bench/train.mjs compares the WASM build with.
// One training step = forward + backward + AdamW on one batch (Training::train_step), on batches
// of the copy task drawn beforehand (batch generation is not timed).
//
//   posenc_bench_train V D H N F L B position causal min_seconds
//   → {"tokensPerSecond":…,"cpuMsPerStep":…,"wallMsPerStep":…,"steps":…}
// Time as bench/train.mjs times the WASM build: this process's CPU time, median over blocks of at
// least 0.2 s after 3 warm-up steps, for min_seconds of CPU time; tokens per second = B·L / (CPU
// time per step). The wall-clock time per step is printed beside it (the machine is shared).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <string>
#include <vector>

#include "tasks.hpp"
#include "training.hpp"

using namespace posenc;

namespace {
double cpu_seconds() {
    timespec t{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return double(t.tv_sec) + 1e-9 * double(t.tv_nsec);
}
}  // namespace

int main(int argc, char** argv) {
    if (argc < 11) {
        std::fprintf(stderr, "usage: %s V D H N F L B position causal min_seconds\n", argv[0]);
        return 2;
    }
    try {
        TransformerConfig c;
        c.vocab = std::atof(argv[1]);
        c.width = std::atof(argv[2]);
        c.heads = std::atof(argv[3]);
        c.layers = std::atof(argv[4]);
        c.mlp_width = std::atof(argv[5]);
        const int L = std::atoi(argv[6]), B = std::atoi(argv[7]);
        c.max_length = L;
        c.position = parse_position_scheme(argv[8]);
        c.causal = std::string(argv[9]) == "true";
        const double min_seconds = std::atof(argv[10]);
        Training t(c);
        std::vector<TaskBatch> batches;
        for (int k = 0; k < 8; ++k) batches.push_back(task_batch(Task::Copy, B, L, c.vocab, 0, k));
        AdamWOptions o;
        o.lr = 1e-3;
        for (int k = 0; k < 3; ++k) t.train_step(batches[0].tokens, batches[0].targets, B, L, o);  // warm-up
        // Blocks of at least 0.2 s of CPU time until min_seconds of CPU time; the median block counts.
        int steps = 0;
        std::vector<double> per_step;
        const double c0 = cpu_seconds();
        const auto t0 = std::chrono::steady_clock::now();
        while (cpu_seconds() - c0 < min_seconds || per_step.size() < 3) {
            const double b0 = cpu_seconds();
            int n = 0;
            do {
                const TaskBatch& b = batches[std::size_t(steps++ % 8)];
                t.train_step(b.tokens, b.targets, B, L, o);
                ++n;
            } while (cpu_seconds() - b0 < 0.2);
            per_step.push_back((cpu_seconds() - b0) / n);
        }
        const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        std::sort(per_step.begin(), per_step.end());
        const double cpu = per_step[per_step.size() / 2];
        std::printf("{\"tokensPerSecond\":%.1f,\"cpuMsPerStep\":%.4f,\"wallMsPerStep\":%.4f,\"steps\":%d}\n",
                    double(B) * L / cpu, 1e3 * cpu, 1e3 * wall / steps, steps);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "%s\n", e.what());
        return 1;
    }
    return 0;
}
