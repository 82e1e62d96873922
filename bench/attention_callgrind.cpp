// attention_callgrind.cpp: one call of the fused attention (cpp/attention_fused.cpp) at L = S = 1024,
// H = 8, Dh = 64, inputs uniform in [−1, 1), for counting instructions under valgrind's callgrind
// (repeatable on a loaded machine, where timings are not). Prints one output value.
//
//   cmake --build build/native --target attention_callgrind    (CMake target, not built by default)
//   attention_callgrind plain|causal
//   valgrind --tool=callgrind --callgrind-out-file=cg.causal build/native/attention_callgrind causal
//   callgrind_annotate --inclusive=yes cg.causal   (the attention_fused line is the kernel's cost)
// Leaves out: timing (bench/attention_native.cpp), the JS↔WASM conversion (bench/attention_callgrind.mjs).
#include <cstdio>
#include <random>
#include <string>

#include "attention_fused.hpp"

using namespace posenc;

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s plain|causal\n", argv[0]);
        return 2;
    }
    const int L = 1024, H = 8, D = 512;
    std::mt19937 rng(42);
    std::uniform_real_distribution<float> u(-1.0f, 1.0f);
    Matrix q(L, D), k(L, D), v(L, D);
    for (Matrix* m : {&q, &k, &v})
        for (Eigen::Index i = 0; i < m->size(); ++i) m->data()[i] = u(rng);
    AttentionOptions o;
    o.heads = H;
    o.weights = false;
    o.causal = std::string(argv[1]) == "causal";
    FusedAttentionStats stats;
    const AttentionResult r = attention_fused(q, k, v, o, &stats);
    std::printf("out[5][5] = %g; %lld key-tile steps, %lld scored pairs\n", r.output(5, 5), stats.key_tiles,
                stats.scored_pairs);
    return 0;
}
