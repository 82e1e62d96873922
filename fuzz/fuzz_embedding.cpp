// fuzz_embedding.cpp: embedding_lookup, add_embeddings and learned positions with arbitrary
// tables, ids and shapes.
#include "embedding.hpp"
#include "fuzz_input.hpp"
#include "learned.hpp"

using namespace posenc;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    FuzzedDataProvider in(data, size);
    try {
        const Matrix table = fuzz::matrix(in, fuzz::size_value(in, 12), fuzz::size_value(in, 8), "table");
        const std::vector<double> ids = fuzz::numbers(in, 10, -3, 15);
        const Matrix picked = embedding_lookup(table, ids);
        if (picked.rows() != Eigen::Index(ids.size()) || picked.cols() != table.cols()) __builtin_trap();
        const Matrix other = fuzz::matrix(in, fuzz::size_value(in, 12), fuzz::size_value(in, 8), "b");
        const Matrix sum = add_embeddings(picked, other);
        if (sum.rows() != picked.rows()) __builtin_trap();
        learned_positions(table, int(in.ConsumeIntegralInRange<int>(1, 16)));
    } catch (const Error&) {
    }
    return 0;
}
