// test_transformer_gradients.cpp: the transformer's backward pass against central finite
// differences of its loss computed in double precision, for every parameter tensor and every
// position scheme, causal and bidirectional, the absolute schemes also with the position
// concatenated (combine = concat); and the float gradients against the double ones.
//
// Model: V = 7, D = 8, H = 2, N = 2, F = 12, L = 5, B = 2, some targets −1; parameters drawn
// larger than GPT-2's 0.02 (uniform ±0.5, LN weights 1 ± 0.3) so every path carries signal.
// Per tensor: the 3 entries of largest analytic gradient and 3 random entries.
// Finite differences: (loss(θ + h) − loss(θ − h)) / 2h with h = 1e-5 in double; tolerance:
// |analytic − fd| ≤ 1e-6·max(|analytic|, |fd|) + 1e-10 (truncation O(h²) ≈ 1e-10 relative,
// rounding ≈ 1e-16/h).
#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>
#include <string>
#include <vector>

#include "helpers.hpp"
#include "transformer.hpp"

using namespace posenc;

namespace {

struct Case {
    std::string label;
    TransformerConfig config;
};

// V = 7, D = 8, H = 2, N = 2, F = 12, maxLength 6; concat when position_width > 0.
TransformerConfig tiny(PositionScheme scheme, bool causal, int position_width = 0) {
    return test::tiny_config(scheme, causal, {7, 8, 2, 2, 12, 6, 11}, position_width);
}

std::vector<Case> all_cases() {
    std::vector<Case> cases;
    for (int s = 0; s < 7; ++s)
        for (bool causal : {true, false}) {
            const auto scheme = PositionScheme(s);
            cases.push_back({std::string(position_scheme_name(scheme)) + (causal ? " causal" : " bidirectional"),
                             tiny(scheme, causal)});
        }
    // Position concatenated: learned Dp = 3 (odd is fine) and sinusoidal Dp = 2 beside the token columns.
    for (bool causal : {true, false}) {
        const std::string how = causal ? " causal" : " bidirectional";
        cases.push_back({"learned concat Dp = 3" + how, tiny(PositionScheme::Learned, causal, 3)});
        cases.push_back({"sinusoidal concat Dp = 2" + how, tiny(PositionScheme::Sinusoidal, causal, 2)});
    }
    TransformerConfig halves = tiny(PositionScheme::Rope, true);
    halves.rope.layout = Layout::halves;
    halves.rope.scale = 2.0;
    halves.rope.base = 100.0;
    cases.push_back({"rope causal, halves layout, scale 2, base 100", halves});
    return cases;
}

// Parameters with signal everywhere: uniform ±0.5, LN weights 1 ± 0.3, LN biases ±0.2.
void randomise(Transformer& model, unsigned seed) {
    std::mt19937 rng(seed);
    for (std::size_t i = 0; i < model.parameters().size(); ++i) {
        const std::string& name = model.parameter_names()[i];
        Matrix& p = model.parameters()[i];
        const bool ln = name.find("ln") != std::string::npos;
        const bool weight = name.size() > 6 && name.compare(name.size() - 6, 6, "weight") == 0;
        Matrix r = test::uniform_matrix(rng, int(p.rows()), int(p.cols()), ln ? (weight ? 0.3f : 0.2f) : 0.5f);
        if (ln && weight) r.array() += 1.0f;
        model.set_parameter(name, r);
    }
}

struct Batch {
    std::vector<int> tokens, targets;
};

Batch tiny_batch(int B, int L, int V, unsigned seed) {
    std::mt19937 rng(seed);
    Batch b;
    for (int i = 0; i < B * L; ++i) {
        b.tokens.push_back(int(rng() % unsigned(V)));
        b.targets.push_back(i % 3 == 1 ? -1 : int(rng() % unsigned(V)));
    }
    return b;
}

// Longer sequences: causal attention works in blocks of 16 queries (transformer.cpp), so L = 19
// crosses a block boundary.
std::vector<Case> long_cases() {
    std::vector<Case> cases;
    for (PositionScheme scheme : {PositionScheme::Rope, PositionScheme::T5, PositionScheme::Shaw, PositionScheme::Alibi})
        cases.push_back({std::string(position_scheme_name(scheme)) + " causal, L = 19", tiny(scheme, true)});
    cases.push_back({"none bidirectional, L = 19", tiny(PositionScheme::None, false)});
    return cases;
}

void check_gradients(const Case& cs, int B, int L) {
    {
        Transformer model(cs.config);
        randomise(model, 5);
        const Batch data = tiny_batch(B, L, 7, 9);
        std::vector<Transformer::MatrixD> grads;
        const double loss = model.loss_and_gradients_double(data.tokens, data.targets, B, L, grads);
        REQUIRE(std::isfinite(loss));
        REQUIRE(loss == Approx(model.loss_double(data.tokens, data.targets, B, L)).epsilon(1e-12));
        REQUIRE(grads.size() == model.parameters().size());
        std::mt19937 rng(3);
        for (std::size_t p = 0; p < grads.size(); ++p) {
            const std::string& name = model.parameter_names()[p];
            const auto& g = grads[p];
            REQUIRE(g.rows() == model.parameters()[p].rows());
            REQUIRE(g.cols() == model.parameters()[p].cols());
            std::vector<std::ptrdiff_t> order(std::size_t(g.size()));
            std::iota(order.begin(), order.end(), 0);
            std::sort(order.begin(), order.end(),
                      [&](std::ptrdiff_t a, std::ptrdiff_t b) { return std::abs(g.data()[a]) > std::abs(g.data()[b]); });
            std::vector<std::ptrdiff_t> entries(order.begin(), order.begin() + std::min<std::ptrdiff_t>(3, g.size()));
            for (int k = 0; k < 3; ++k) entries.push_back(std::ptrdiff_t(rng() % std::uint32_t(g.size())));
            // Some signal in every tensor (a tensor the loss ignores would pass trivially).
            CHECK(std::abs(g.data()[order[0]]) > 1e-6);
            for (std::ptrdiff_t e : entries) {
                const double h = 1e-5;
                const double up = model.loss_double_with(data.tokens, data.targets, B, L, int(p), e, h);
                const double down = model.loss_double_with(data.tokens, data.targets, B, L, int(p), e, -h);
                const double fd = (up - down) / (2 * h);
                const double an = g.data()[e];
                INFO(cs.label << ": " << name << " entry " << e << " analytic " << an << " fd " << fd);
                CHECK(std::abs(an - fd) <= 1e-6 * std::max(std::abs(an), std::abs(fd)) + 1e-10);
            }
        }
    }
}

}  // namespace

TEST_CASE("every gradient of the transformer matches central finite differences in double, for every scheme",
          "[transformer]") {
    for (const Case& cs : all_cases()) check_gradients(cs, 2, 5);
}

TEST_CASE("the gradients match finite differences across the causal blocks of a longer sequence", "[transformer]") {
    for (const Case& cs : long_cases()) check_gradients(cs, 1, 19);
}

TEST_CASE("the float gradients equal the double gradients within float rounding, for every scheme",
          "[transformer]") {
    // Tolerance: per tensor, max |float − double| ≤ 2e-4·max|double| + 1e-7 (float32 through two
    // layers, with the vectorised exp and tanh of the float path).
    std::vector<std::pair<Case, int>> runs;  // (case, L); B = 2 at L = 5, B = 1 at L = 19
    for (const Case& cs : all_cases()) runs.push_back({cs, 5});
    for (const Case& cs : long_cases()) runs.push_back({cs, 19});
    for (const auto& [cs, L] : runs) {
        const int B = L == 5 ? 2 : 1;
        Transformer model(cs.config);
        randomise(model, 6);
        const Batch data = tiny_batch(B, L, 7, 10);
        std::vector<Transformer::MatrixD> gd;
        std::vector<Matrix> gf;
        const double ld = model.loss_and_gradients_double(data.tokens, data.targets, B, L, gd);
        const float lf = model.loss_and_gradients(data.tokens, data.targets, B, L, gf);
        INFO(cs.label);
        CHECK(lf == Approx(ld).epsilon(1e-5));
        CHECK(model.loss(data.tokens, data.targets, B, L) == Approx(ld).epsilon(1e-5));
        REQUIRE(gf.size() == gd.size());
        for (std::size_t p = 0; p < gd.size(); ++p) {
            INFO(model.parameter_names()[p]);
            REQUIRE(gf[p].rows() == gd[p].rows());
            REQUIRE(gf[p].cols() == gd[p].cols());
            const double scale = gd[p].cwiseAbs().maxCoeff();
            const double diff = (gf[p].cast<double>() - gd[p]).cwiseAbs().maxCoeff();
            CHECK(diff <= 2e-4 * scale + 1e-7);
        }
    }
}

TEST_CASE("a batch that scores no position has loss 0 and zero gradients", "[transformer]") {
    Transformer model(tiny(PositionScheme::Rope, true));
    const Batch data = tiny_batch(2, 5, 7, 4);
    const std::vector<int> none(data.tokens.size(), -1);
    std::vector<Matrix> grads;
    CHECK(model.loss_and_gradients(data.tokens, none, 2, 5, grads) == 0.0f);
    REQUIRE(grads.size() == model.parameters().size());
    for (const Matrix& g : grads) CHECK(g.cwiseAbs().maxCoeff() == 0.0f);
    // …while scoring one position gives a nonzero gradient.
    std::vector<int> one = none;
    one[3] = 2;
    model.loss_and_gradients(data.tokens, one, 2, 5, grads);
    CHECK(grads[std::size_t(model.parameter_index("head"))].cwiseAbs().maxCoeff() > 0.0f);
}
