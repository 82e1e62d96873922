// attention_native.cpp: the fused attention of cpp/attention_fused.cpp built natively, timed the
// way bench/attention.mjs times the WASM build (same shapes, same FLOP count, median CPU time after
// warm-up),
// as a ceiling for the WASM figures. bench/attention.mjs compiles it twice (-msse4.2, -march=native).
//
//   attention_native L1,L2,... H Dh min_seconds   → one JSON object per line:
//   {"L":1024,"H":8,"Dh":64,"variant":"causal","ms":12.3,"gflops":20.1,"wall_ms":12.5,"runs":9}
// (ms, gflops: median CPU time; wall_ms: median wall-clock time)
// Variants: plain, causal, alibi (slopes 2^(−8h/H)), rope (base 10000, interleaved).
// FLOPs: 4·Dh·H per visible (query, key) pair: L·S non-causal, Σ_i (i + S − L + 1) causal.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "attention_fused.hpp"

using namespace posenc;

namespace {

double seconds_since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// CPU time of this process in seconds (the machine is shared: wall time includes others' work).
double cpu_seconds() {
    timespec t{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return double(t.tv_sec) + 1e-9 * double(t.tv_nsec);
}

double visible_pairs(int L, int S, bool causal) {
    if (!causal) return double(L) * S;
    double n = 0;
    for (int i = 0; i < L; ++i) n += i + (S - L) + 1;
    return n;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 5) {
        std::fprintf(stderr, "usage: %s L1,L2,... H Dh min_seconds [variants]\n", argv[0]);
        return 2;
    }
    std::vector<int> lengths;
    std::stringstream list(argv[1]);
    for (std::string item; std::getline(list, item, ',');) lengths.push_back(std::atoi(item.c_str()));
    const int H = std::atoi(argv[2]), Dh = std::atoi(argv[3]);
    const double min_seconds = std::atof(argv[4]);
    const std::string variants = argc > 5 ? argv[5] : "plain,causal,alibi,rope";
    std::mt19937 rng(42);
    std::uniform_real_distribution<float> u(-1.0f, 1.0f);
    std::vector<float> slopes(static_cast<std::size_t>(H));
    for (int h = 0; h < H; ++h) slopes[std::size_t(h)] = std::pow(2.0f, -8.0f * (h + 1) / H);
    RopeOptions rope;
    for (int L : lengths) {
        const int D = H * Dh;
        Matrix q(L, D), k(L, D), v(L, D);
        for (Matrix* m : {&q, &k, &v})
            for (Eigen::Index i = 0; i < m->size(); ++i) m->data()[i] = u(rng);
        std::stringstream vs(variants);
        for (std::string variant; std::getline(vs, variant, ',');) {
            AttentionOptions o;
            o.heads = H;
            o.weights = false;
            o.causal = variant == "causal";
            if (variant == "alibi") o.alibi_slopes = &slopes;
            if (variant == "rope") o.rope = &rope;
            attention_fused(q, k, v, o);  // warm-up
            std::vector<double> times, walls;
            const auto start = std::chrono::steady_clock::now();
            while (times.size() < 3 || (seconds_since(start) < min_seconds && times.size() < 30)) {
                const double c0 = cpu_seconds();
                const auto t0 = std::chrono::steady_clock::now();
                const AttentionResult r = attention_fused(q, k, v, o);
                walls.push_back(seconds_since(t0));
                times.push_back(cpu_seconds() - c0);
                if (!std::isfinite(r.output(0, 0))) return 1;
            }
            std::sort(times.begin(), times.end());
            std::sort(walls.begin(), walls.end());
            const double median = times[times.size() / 2], wall = walls[walls.size() / 2];
            const double flops = 4.0 * Dh * H * visible_pairs(L, L, o.causal);
            std::printf("{\"L\":%d,\"H\":%d,\"Dh\":%d,\"variant\":\"%s\",\"ms\":%.3f,\"gflops\":%.2f,\"wall_ms\":%.3f,"
                        "\"runs\":%zu}\n",
                        L, H, Dh, variant.c_str(), median * 1e3, flops / median * 1e-9, wall * 1e3, times.size());
            std::fflush(stdout);
        }
    }
    return 0;
}
