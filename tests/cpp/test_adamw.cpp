// test_adamw.cpp: AdamW and global-norm clipping against torch's formulas, recomputed here in
// double with the textbook form (bias-corrected m̂ and v̂), and against values worked out by hand.
// (While developing, the same five-step sequences were also run through Debian's PyTorch 1.13,
// torch.optim.AdamW and clip_grad_norm_: largest difference 6e-8, float rounding.)
#include <cmath>
#include <limits>
#include <vector>

#include "adamw.hpp"
#include "helpers.hpp"

using namespace posenc;

namespace {

// torch.optim.AdamW for one scalar parameter over a list of gradients, in double, written as the
// paper writes it: θ ← θ(1 − γλ); m, v; m̂ = m/(1 − β1^t), v̂ = v/(1 − β2^t); θ ← θ − γ m̂/(√v̂ + ε).
struct ScalarAdamW {
    double theta, m = 0, v = 0;
    int t = 0;
    void step(double g, const AdamWOptions& o) {
        ++t;
        theta *= 1.0 - o.lr * o.weight_decay;
        m = o.beta1 * m + (1 - o.beta1) * g;
        v = o.beta2 * v + (1 - o.beta2) * g * g;
        const double mhat = m / (1 - std::pow(o.beta1, t));
        const double vhat = v / (1 - std::pow(o.beta2, t));
        theta -= o.lr * mhat / (std::sqrt(vhat) + o.eps);
    }
};

std::vector<Matrix> one(const Matrix& m) { return {m}; }

}  // namespace

TEST_CASE("the first AdamW step moves every entry by lr against the sign of its gradient", "[adamw]") {
    // Step 1: m̂ = g and v̂ = g², so the update is γ·g/(|g| + ε) ≈ γ·sign(g).
    std::vector<Matrix> params = one(test::rows({{1.0f, -2.0f, 0.5f}}));
    std::vector<Matrix> grads = one(test::rows({{0.3f, -4.0f, 1e-3f}}));
    AdamWOptions o;
    o.lr = 0.1;
    AdamW opt;
    opt.step(params, grads, o);
    REQUIRE(params[0](0, 0) == Approx(0.9).epsilon(1e-6));
    REQUIRE(params[0](0, 1) == Approx(-1.9).epsilon(1e-6));
    REQUIRE(params[0](0, 2) == Approx(0.4).epsilon(1e-4));  // ε = 1e-8 against |g| = 1e-3
    REQUIRE(opt.steps() == 1);
}

TEST_CASE("weight decay shrinks the parameter by 1 − lr·weightDecay before the Adam update", "[adamw]") {
    std::vector<Matrix> params = one(test::rows({{2.0f}}));
    std::vector<Matrix> grads = one(test::rows({{0.5f}}));
    AdamWOptions o;
    o.lr = 0.01;
    o.weight_decay = 0.5;
    AdamW opt;
    opt.step(params, grads, o);
    // 2·(1 − 0.005) − 0.01 = 1.98
    REQUIRE(params[0](0, 0) == Approx(1.98).epsilon(1e-6));

    // A zero gradient still decays every parameter (decoupled decay applies to all of them).
    std::vector<Matrix> p2 = one(test::rows({{3.0f, -1.0f}}));
    std::vector<Matrix> g2 = one(test::rows({{0.0f, 0.0f}}));
    AdamW opt2;
    opt2.step(p2, g2, o);
    REQUIRE(p2[0](0, 0) == Approx(3.0 * 0.995).epsilon(1e-6));
    REQUIRE(p2[0](0, 1) == Approx(-0.995).epsilon(1e-6));
}

TEST_CASE("five AdamW steps follow torch's formulas, with and without weight decay", "[adamw]") {
    const double grads_seq[5][3] = {
        {0.5, -1.0, 0.02}, {0.4, 0.3, -0.05}, {-0.2, 0.8, 0.01}, {0.1, -0.6, 0.03}, {0.3, 0.2, -0.02}};
    for (double wd : {0.0, 0.1}) {
        INFO("weightDecay " << wd);
        AdamWOptions o;
        o.lr = 0.05;
        o.beta1 = 0.8;
        o.beta2 = 0.95;
        o.eps = 1e-6;
        o.weight_decay = wd;
        std::vector<Matrix> params = one(test::rows({{0.3f, -0.7f, 1.2f}}));
        ScalarAdamW ref[3] = {{0.3}, {-0.7}, {1.2}};
        AdamW opt;
        for (const auto& g : grads_seq) {
            std::vector<Matrix> grads = one(test::rows({{float(g[0]), float(g[1]), float(g[2])}}));
            for (int j = 0; j < 3; ++j) ref[j].step(double(float(g[j])), o);
            opt.step(params, grads, o);
            for (int j = 0; j < 3; ++j) REQUIRE(params[0](0, j) == Approx(ref[j].theta).margin(2e-6));
        }
        REQUIRE(opt.steps() == 5);
        // The moments are those of the reference too.
        for (int j = 0; j < 3; ++j) {
            REQUIRE(opt.first_moments()[0](0, j) == Approx(ref[j].m).margin(1e-6));
            REQUIRE(opt.second_moments()[0](0, j) == Approx(ref[j].v).margin(1e-6));
        }
    }
}

TEST_CASE("clipping scales all gradients together by maxNorm / (total + 1e-6) when over the norm", "[adamw]") {
    // Global norm of (3, 4) and (12): √(9 + 16 + 144) = 13.
    std::vector<Matrix> grads = {test::rows({{3.0f, 4.0f}}), test::rows({{12.0f}})};
    const double total = clip_grad_norm(grads, 6.5);
    REQUIRE(total == Approx(13.0));
    const double c = 6.5 / (13.0 + 1e-6);
    REQUIRE(grads[0](0, 0) == Approx(3.0 * c).epsilon(1e-6));
    REQUIRE(grads[0](0, 1) == Approx(4.0 * c).epsilon(1e-6));
    REQUIRE(grads[1](0, 0) == Approx(12.0 * c).epsilon(1e-6));

    // Under the norm nothing changes; Infinity only measures.
    std::vector<Matrix> small = {test::rows({{0.3f, 0.4f}})};
    REQUIRE(clip_grad_norm(small, 1.0) == Approx(0.5));
    REQUIRE(small[0](0, 1) == 0.4f);
    REQUIRE(clip_grad_norm(small, std::numeric_limits<double>::infinity()) == Approx(0.5));
    REQUIRE(small[0](0, 0) == 0.3f);
}

TEST_CASE("a clipped AdamW step equals the reference fed the clipped gradient", "[adamw]") {
    AdamWOptions o;
    o.lr = 0.02;
    o.clip = 1.0;
    o.weight_decay = 0.01;
    std::vector<Matrix> params = {test::rows({{0.5f, -0.5f}}), test::rows({{1.0f}})};
    ScalarAdamW ref[3] = {{0.5}, {-0.5}, {1.0}};
    AdamW opt;
    const double gs[3][3] = {{3.0, -4.0, 0.0}, {0.1, 0.2, -0.2}, {-6.0, 2.0, 3.0}};
    for (const auto& g : gs) {
        std::vector<Matrix> grads = {test::rows({{float(g[0]), float(g[1])}}), test::rows({{float(g[2])}})};
        const double norm = std::sqrt(g[0] * g[0] + g[1] * g[1] + g[2] * g[2]);
        const double c = std::min(1.0, o.clip / (norm + 1e-6));
        REQUIRE(opt.step(params, grads, o) == Approx(norm).epsilon(1e-6));
        for (int j = 0; j < 3; ++j) ref[j].step(g[j] * c, o);
        REQUIRE(params[0](0, 0) == Approx(ref[0].theta).margin(2e-6));
        REQUIRE(params[0](0, 1) == Approx(ref[1].theta).margin(2e-6));
        REQUIRE(params[1](0, 0) == Approx(ref[2].theta).margin(2e-6));
    }
}

TEST_CASE("AdamW refuses bad options and mismatched gradients, naming the value and the rule", "[adamw]") {
    std::vector<Matrix> params = one(test::rows({{1.0f, 2.0f}}));
    std::vector<Matrix> grads = one(test::rows({{1.0f, 2.0f}}));
    AdamW opt;
    auto refuses = [&](AdamWOptions o, const char* message) {
        const Matrix before = params[0];
        REQUIRE_THROWS_WITH(opt.step(params, grads, o), message);
        REQUIRE(params[0] == before);
        REQUIRE(opt.steps() == 0);
    };
    AdamWOptions o;
    o.lr = -1;
    refuses(o, "lr -1 must be a finite number ≥ 0");
    o = {};
    o.beta1 = 1;
    refuses(o, "beta1 1 must be a number in [0, 1)");
    o = {};
    o.beta2 = std::nan("");
    refuses(o, "beta2 NaN must be a number in [0, 1)");
    o = {};
    o.eps = -0.5;
    refuses(o, "eps -0.5 must be a finite number ≥ 0");
    o = {};
    o.weight_decay = std::numeric_limits<double>::infinity();
    refuses(o, "weightDecay Infinity must be a finite number ≥ 0");
    o = {};
    o.clip = 0;
    refuses(o, "clip 0 must be a number greater than 0 (Infinity: no clipping)");

    std::vector<Matrix> wrong = one(test::rows({{1.0f, 2.0f, 3.0f}}));
    REQUIRE_THROWS_WITH(opt.step(params, wrong, {}), "gradient 0 is 1×3 but its parameter is 1×2");
    std::vector<Matrix> none;
    REQUIRE_THROWS_WITH(opt.step(params, none, {}), "there are 0 gradients but 1 parameters; every parameter needs one");
    std::vector<Matrix> nan = one(test::rows({{1.0f, std::nanf("")}}));
    REQUIRE_THROWS_WITH(opt.step(params, nan, {}), Catch::Contains("NaN"));

    // After a first step the moments fix the shapes.
    opt.step(params, grads, {});
    std::vector<Matrix> other = one(test::rows({{1.0f}}));
    std::vector<Matrix> other_g = one(test::rows({{1.0f}}));
    REQUIRE_THROWS_WITH(opt.step(other, other_g, {}), "parameter 0 is 1×1 but the optimiser's moments are 1×2");
}
