// test_transformer_forward.cpp: the transformer's forward pass checked independently of its own
// code: logits recomputed by a plain implementation of the spec (loops for the linear layers,
// layer norm and GELU; the core's reference attention() with its rope / ALiBi / T5 bias / Shaw
// options for the attention of each sequence), the causal mask, NoPE's permutation equivariance,
// schemes that reduce to NoPE, the position concatenated beside the token (combine = concat),
// lengths past the learned table, the seeded initialisation, the
// parameter names, and every refusal of check_config and of the inputs.
#include <algorithm>
#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "alibi.hpp"
#include "attention.hpp"
#include "helpers.hpp"
#include "sinusoidal.hpp"
#include "t5.hpp"
#include "transformer.hpp"
#include "transformer_layers.hpp"

using namespace posenc;

namespace {

// V = 9, D = 12, H = 3, N = 2, F = 20, maxLength 8; concat when position_width > 0.
TransformerConfig small(PositionScheme scheme, bool causal, int position_width = 0) {
    return test::tiny_config(scheme, causal, {9, 12, 3, 2, 20, 8, 21}, position_width);
}

void randomise(Transformer& model, unsigned seed) {
    std::mt19937 rng(seed);
    for (std::size_t i = 0; i < model.parameters().size(); ++i) {
        const std::string& name = model.parameter_names()[i];
        Matrix& p = model.parameters()[i];
        const bool ln = name.find("ln") != std::string::npos;
        Matrix r = test::uniform_matrix(rng, int(p.rows()), int(p.cols()), ln ? 0.3f : 0.5f);
        if (ln && name.find("weight") != std::string::npos) r.array() += 1.0f;
        model.set_parameter(name, r);
    }
}

std::vector<int> random_tokens(int n, int V, unsigned seed) {
    std::mt19937 rng(seed);
    std::vector<int> t;
    for (int i = 0; i < n; ++i) t.push_back(int(rng() % unsigned(V)));
    return t;
}

using MatD = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

MatD times(const MatD& a, const Matrix& w) {  // plain loops: a (R×I) · w (I×O)
    MatD out = MatD::Zero(a.rows(), w.cols());
    for (Eigen::Index r = 0; r < a.rows(); ++r)
        for (Eigen::Index o = 0; o < w.cols(); ++o) {
            double s = 0;
            for (Eigen::Index i = 0; i < a.cols(); ++i) s += a(r, i) * double(w(i, o));
            out(r, o) = s;
        }
    return out;
}

MatD layer_norm(const MatD& x, const Matrix& w, const Matrix& b) {
    MatD y(x.rows(), x.cols());
    for (Eigen::Index r = 0; r < x.rows(); ++r) {
        double mu = 0, var = 0;
        for (Eigen::Index c = 0; c < x.cols(); ++c) mu += x(r, c);
        mu /= double(x.cols());
        for (Eigen::Index c = 0; c < x.cols(); ++c) var += (x(r, c) - mu) * (x(r, c) - mu);
        var /= double(x.cols());
        for (Eigen::Index c = 0; c < x.cols(); ++c)
            y(r, c) = (x(r, c) - mu) / std::sqrt(var + 1e-5) * double(w(0, c)) + double(b(0, c));
    }
    return y;
}

// The spec, one sequence at a time. weights (optional) receives each layer's H×L×L tensor.
Matrix plain_logits(const Transformer& model, const std::vector<int>& tokens, int B, int L,
                    std::vector<HeadTensor>* weights = nullptr) {
    const TransformerConfig& c = model.config();
    auto P = [&](const std::string& name) -> const Matrix& {
        return model.parameters()[std::size_t(model.parameter_index(name))];
    };
    const int D = int(c.width), H = int(c.heads), V = int(c.vocab);
    Matrix logits(B * L, V);
    for (int b = 0; b < B; ++b) {
        // add: x = wte[t] + pos (D columns each); concat: x = [wte[t] (D − Dp) | pos (Dp)].
        const bool concat = c.combine == PositionCombine::Concat;
        const int Dp = concat ? int(c.position_width) : D, Dt = concat ? D - Dp : D;
        MatD x = MatD::Zero(L, D);
        for (int i = 0; i < L; ++i)
            for (int d = 0; d < Dt; ++d) x(i, d) = P("wte")(tokens[std::size_t(b * L + i)], d);
        Matrix pe;
        if (c.position == PositionScheme::Learned) pe = P("wpe").topRows(L);
        if (c.position == PositionScheme::Sinusoidal) pe = sinusoidal(L, Dp);
        if (pe.size())
            for (int i = 0; i < L; ++i)
                for (int d = 0; d < Dp; ++d) x(i, D - Dp + d) += pe(i, d);
        for (int n = 0; n < int(c.layers); ++n) {
            const std::string p = "h." + std::to_string(n) + ".";
            const MatD a = layer_norm(x, P(p + "ln1.weight"), P(p + "ln1.bias"));
            const Matrix q = times(a, P(p + "attn.wq")).cast<float>();
            const Matrix k = times(a, P(p + "attn.wk")).cast<float>();
            const Matrix v = times(a, P(p + "attn.wv")).cast<float>();
            AttentionOptions opts;
            opts.heads = H;
            opts.causal = c.causal;
            opts.weights = true;
            const std::vector<float> slopes = alibi_slopes(H);
            HeadTensor t5b;
            if (c.position == PositionScheme::Rope) opts.rope = &c.rope;
            if (c.position == PositionScheme::Alibi) opts.alibi_slopes = &slopes;
            if (c.position == PositionScheme::T5) {
                t5b = t5_bias(L, L, P("t5"), c.t5);
                opts.bias = &t5b;
            }
            if (c.position == PositionScheme::Shaw) {
                opts.relative_keys = &P(p + "attn.shaw_k");
                opts.relative_values = &P(p + "attn.shaw_v");
                opts.max_distance = int(c.shaw_max_distance);
            }
            const AttentionResult att = attention(q, k, v, opts);
            if (weights && b == 0) weights->push_back(att.weights);
            x += times(att.output.cast<double>(), P(p + "attn.wo"));
            const MatD bn = layer_norm(x, P(p + "ln2.weight"), P(p + "ln2.bias"));
            MatD u = times(bn, P(p + "mlp.w1"));
            for (Eigen::Index i = 0; i < u.size(); ++i) {
                const double z = u.data()[i];
                u.data()[i] = 0.5 * z * (1 + std::tanh(std::sqrt(2 / M_PI) * (z + 0.044715 * z * z * z)));
            }
            x += times(u, P(p + "mlp.w2"));
        }
        const MatD y = layer_norm(x, P("lnf.weight"), P("lnf.bias"));
        logits.middleRows(b * L, L) = times(y, P("head")).cast<float>();
    }
    return logits;
}

template <typename F>
void require_error(F&& f, const std::vector<std::string>& parts) {
    try {
        f();
        FAIL("no error was thrown");
    } catch (const Error& e) {
        const std::string msg = e.what();
        INFO(msg);
        for (const std::string& part : parts) CHECK(msg.find(part) != std::string::npos);
    }
}

}  // namespace

TEST_CASE("the logits equal a plain implementation of the spec built on the core's attention, for every scheme",
          "[transformer]") {
    // Tolerance: 2e-4 absolute on logits of size about 1 (float32 model against a double/float mix).
    // L = 21 crosses the 16-query blocks of causal attention.
    const int B = 2;
    for (int L : {7, 21})
    for (int s = 0; s < 7; ++s)
        for (bool causal : {true, false}) {
            TransformerConfig config = small(PositionScheme(s), causal);
            if (config.position == PositionScheme::Learned) config.max_length = 24;
            INFO(position_scheme_name(config.position) << (causal ? " causal" : " bidirectional") << ", L = " << L);
            Transformer model(config);
            randomise(model, 31);
            const std::vector<int> tokens = random_tokens(B * L, 9, 7);
            const Matrix got = model.forward(tokens, B, L);
            const Matrix want = plain_logits(model, tokens, B, L);
            REQUIRE(got.rows() == B * L);
            REQUIRE(got.cols() == 9);
            CHECK(want.cwiseAbs().maxCoeff() > 0.1f);
            CHECK((got - want).cwiseAbs().maxCoeff() < 2e-4f);
            // The attention weights of sequence 0 equal the reference attention's.
            std::vector<HeadTensor> want_w;
            plain_logits(model, tokens, 1, L, &want_w);
            const std::vector<int> first(tokens.begin(), tokens.begin() + L);
            const std::vector<HeadTensor> got_w = model.attention_weights(first, L);
            REQUIRE(got_w.size() == 2);
            for (std::size_t n = 0; n < 2; ++n) {
                REQUIRE(got_w[n].heads == 3);
                REQUIRE(got_w[n].rows == L);
                REQUIRE(got_w[n].cols == L);
                for (std::size_t i = 0; i < got_w[n].data.size(); ++i)
                    CHECK(got_w[n].data[i] == Approx(want_w[n].data[i]).margin(2e-5));
            }
        }
}

TEST_CASE("with the position concatenated the logits equal the plain implementation, learned and sinusoidal",
          "[transformer]") {
    // Same tolerance as above. Dp = 5 (learned: odd is fine) and 4 (sinusoidal); L = 21 crosses a causal block.
    const int B = 2;
    for (int L : {7, 21})
        for (bool causal : {true, false})
            for (auto [scheme, Dp] : {std::pair{PositionScheme::Learned, 5}, std::pair{PositionScheme::Sinusoidal, 4}}) {
                TransformerConfig config = small(scheme, causal, Dp);
                config.max_length = 24;
                INFO(position_scheme_name(scheme) << " concat Dp = " << Dp << (causal ? " causal" : " bidirectional")
                                                  << ", L = " << L);
                Transformer model(config);
                randomise(model, 33);
                const std::vector<int> tokens = random_tokens(B * L, 9, 8);
                const Matrix got = model.forward(tokens, B, L);
                const Matrix want = plain_logits(model, tokens, B, L);
                CHECK(want.cwiseAbs().maxCoeff() > 0.1f);
                CHECK((got - want).cwiseAbs().maxCoeff() < 2e-4f);
            }
}

TEST_CASE("a concatenated position block of zeros leaves bidirectional attention blind to order, and a learned one "
          "breaks that", "[transformer]") {
    // Token columns alone (NoPE-like): permuting the tokens permutes the logits (within 1e-5); with the
    // position block filled (the learned wpe as drawn, or the sinusoids) some logit moves by more than 1e-3.
    const int L = 6;
    const std::vector<int> perm = {4, 0, 5, 2, 1, 3};
    auto worst_after_permutation = [&](const Transformer& model) {
        const std::vector<int> tokens = random_tokens(L, 9, 5);
        std::vector<int> permuted(L);
        for (int i = 0; i < L; ++i) permuted[std::size_t(i)] = tokens[std::size_t(perm[std::size_t(i)])];
        const Matrix a = model.forward(tokens, 1, L), b = model.forward(permuted, 1, L);
        float worst = 0;
        for (int i = 0; i < L; ++i)
            worst = std::max(worst, (b.row(i) - a.row(perm[std::size_t(i)])).cwiseAbs().maxCoeff());
        return worst;
    };
    Transformer learned(small(PositionScheme::Learned, false, 4));
    randomise(learned, 12);
    CHECK(worst_after_permutation(learned) > 1e-3f);
    learned.set_parameter("wpe", Matrix::Zero(8, 4));
    CHECK(worst_after_permutation(learned) < 1e-5f);
    Transformer sinusoids(small(PositionScheme::Sinusoidal, false, 4));
    randomise(sinusoids, 12);
    CHECK(worst_after_permutation(sinusoids) > 1e-3f);
}

TEST_CASE("in a causal model changing token j leaves the logits before j unchanged and changes those from j on",
          "[transformer]") {
    const int L = 6, j = 3;
    for (int s = 0; s < 7; ++s) {
        INFO(position_scheme_name(PositionScheme(s)));
        Transformer model(small(PositionScheme(s), true));
        randomise(model, 8);
        std::vector<int> tokens = random_tokens(L, 9, 2);
        const Matrix before = model.forward(tokens, 1, L);
        tokens[j] = (tokens[j] + 4) % 9;
        const Matrix after = model.forward(tokens, 1, L);
        for (int i = 0; i < j; ++i) CHECK((before.row(i) - after.row(i)).cwiseAbs().maxCoeff() == 0.0f);
        for (int i = j; i < L; ++i) CHECK((before.row(i) - after.row(i)).cwiseAbs().maxCoeff() > 1e-5f);
    }
}

TEST_CASE("a bidirectional model sees later tokens: changing the last token changes the first logits",
          "[transformer]") {
    Transformer model(small(PositionScheme::Alibi, false));
    randomise(model, 8);
    std::vector<int> tokens = random_tokens(6, 9, 2);
    const Matrix before = model.forward(tokens, 1, 6);
    tokens[5] = (tokens[5] + 1) % 9;
    CHECK((model.forward(tokens, 1, 6).row(0) - before.row(0)).cwiseAbs().maxCoeff() > 1e-5f);
}

TEST_CASE("bidirectional NoPE is permutation-equivariant and a position scheme breaks that", "[transformer]") {
    const int L = 6;
    const std::vector<int> perm = {4, 0, 5, 2, 1, 3};
    for (PositionScheme scheme : {PositionScheme::None, PositionScheme::Rope}) {
        Transformer model(small(scheme, false));
        randomise(model, 12);
        const std::vector<int> tokens = random_tokens(L, 9, 5);
        std::vector<int> permuted(L);
        for (int i = 0; i < L; ++i) permuted[std::size_t(i)] = tokens[std::size_t(perm[std::size_t(i)])];
        const Matrix a = model.forward(tokens, 1, L), b = model.forward(permuted, 1, L);
        float worst = 0;
        for (int i = 0; i < L; ++i) worst = std::max(worst, (b.row(i) - a.row(perm[std::size_t(i)])).cwiseAbs().maxCoeff());
        if (scheme == PositionScheme::None)
            CHECK(worst < 1e-5f);
        else
            CHECK(worst > 1e-3f);
    }
}

TEST_CASE("t5, shaw and learned with zero tables, and rope and alibi at one position, compute what NoPE does",
          "[transformer]") {
    // Same seed: every shared parameter (wte, attention, MLP, head) is the same in both models.
    for (bool causal : {true, false}) {
        Transformer none(small(PositionScheme::None, causal));
        const std::vector<int> tokens = random_tokens(2 * 6, 9, 3);
        const Matrix ref = none.forward(tokens, 2, 6);
        for (PositionScheme scheme : {PositionScheme::T5, PositionScheme::Shaw, PositionScheme::Learned}) {
            INFO(position_scheme_name(scheme));
            Transformer model(small(scheme, causal));
            CHECK((model.forward(tokens, 2, 6) - ref).cwiseAbs().maxCoeff() > 0.0f);  // the tables matter
            for (std::size_t i = 0; i < model.parameters().size(); ++i) {
                const std::string& name = model.parameter_names()[i];
                if (name == "t5" || name == "wpe" || name.find("shaw") != std::string::npos)
                    model.parameters()[i].setZero();
            }
            CHECK((model.forward(tokens, 2, 6) - ref).cwiseAbs().maxCoeff() < 1e-6f);
        }
        const std::vector<int> one = {4, 7};
        const Matrix ref1 = none.forward(one, 2, 1);
        for (PositionScheme scheme : {PositionScheme::Rope, PositionScheme::Alibi}) {
            INFO(position_scheme_name(scheme));
            Transformer model(small(scheme, causal));
            CHECK((model.forward(one, 2, 1) - ref1).cwiseAbs().maxCoeff() < 1e-6f);
            CHECK((model.forward(tokens, 2, 6) - ref).cwiseAbs().maxCoeff() > 1e-6f);
        }
    }
}

TEST_CASE("learned positions refuse a length past maxLength and the other schemes accept it", "[transformer]") {
    Transformer learned(small(PositionScheme::Learned, true));
    const std::vector<int> tokens = random_tokens(12, 9, 1);
    CHECK(learned.forward(std::vector<int>(tokens.begin(), tokens.begin() + 8), 1, 8).rows() == 8);
    require_error([&] { learned.forward(random_tokens(9, 9, 1), 1, 9); },
                  {"length 9", "maxLength 8", "wpe"});
    for (PositionScheme scheme : {PositionScheme::None, PositionScheme::Sinusoidal, PositionScheme::Rope,
                                  PositionScheme::Alibi, PositionScheme::T5, PositionScheme::Shaw}) {
        INFO(position_scheme_name(scheme));
        Transformer model(small(scheme, true));
        const Matrix logits = model.forward(random_tokens(40, 9, 1), 1, 40);
        CHECK(logits.rows() == 40);
        CHECK(logits.allFinite());
        std::vector<Matrix> grads;
        CHECK(std::isfinite(model.loss_and_gradients(random_tokens(40, 9, 1), random_tokens(40, 9, 2), 1, 40, grads)));
    }
}

TEST_CASE("the same seed gives the same parameters, another seed others, with GPT-2's scales", "[transformer]") {
    TransformerConfig c = small(PositionScheme::Shaw, true);
    c.width = 64;
    c.heads = 4;
    c.vocab = 50;
    c.mlp_width = 0;
    const Transformer a(c), b(c);
    c.seed = 22;
    const Transformer other(c);
    REQUIRE(a.parameters().size() == b.parameters().size());
    CHECK(a.config().mlp_width == 256);
    for (std::size_t i = 0; i < a.parameters().size(); ++i) {
        const std::string& name = a.parameter_names()[i];
        INFO(name);
        CHECK(a.parameters()[i] == b.parameters()[i]);
        const Matrix& p = a.parameters()[i];
        const double n = double(p.size());
        const double mean = p.cast<double>().sum() / n;
        const double sd = std::sqrt((p.cast<double>().array() - mean).square().sum() / n);
        if (name.find("ln") != std::string::npos) {
            const bool weight = name.find("weight") != std::string::npos;
            CHECK((p.array() == (weight ? 1.0f : 0.0f)).all());
            continue;
        }
        CHECK(a.parameters()[i] != other.parameters()[i]);
        const bool scaled = name.find("wo") != std::string::npos || name.find("w2") != std::string::npos;
        const double want = scaled ? 0.02 / std::sqrt(2.0 * 2) : 0.02;
        if (n >= 1000) CHECK(sd == Approx(want).epsilon(0.05));
        CHECK(std::abs(mean) < 4 * want / std::sqrt(n) + 1e-9);
    }
    // The shared tensors do not depend on the scheme: a fair comparison starts from one model.
    TransformerConfig rope = c;
    rope.position = PositionScheme::Rope;
    const Transformer r(rope);
    for (const char* name : {"wte", "h.0.attn.wq", "h.1.mlp.w2", "head"})
        CHECK(r.parameters()[std::size_t(r.parameter_index(name))] ==
              other.parameters()[std::size_t(other.parameter_index(name))]);
}

TEST_CASE("the parameters are named and shaped as the spec lists them", "[transformer]") {
    TransformerConfig c = small(PositionScheme::Shaw, true);
    c.layers = 1;
    const Transformer shaw(c);
    const std::vector<std::string> want = {"wte", "h.0.ln1.weight", "h.0.ln1.bias", "h.0.ln2.weight",
                                           "h.0.ln2.bias", "h.0.attn.wq", "h.0.attn.wk", "h.0.attn.wv",
                                           "h.0.attn.wo", "h.0.attn.shaw_k", "h.0.attn.shaw_v", "h.0.mlp.w1",
                                           "h.0.mlp.w2", "lnf.weight", "lnf.bias", "head"};
    CHECK(shaw.parameter_names() == want);
    auto shape = [](const Transformer& m, const std::string& name) {
        const Matrix& p = m.parameters()[std::size_t(m.parameter_index(name))];
        return shape_text(p.rows(), p.cols());
    };
    CHECK(shape(shaw, "wte") == "9×12");
    CHECK(shape(shaw, "h.0.ln1.bias") == "1×12");
    CHECK(shape(shaw, "h.0.attn.wo") == "12×12");
    CHECK(shape(shaw, "h.0.attn.shaw_k") == "5×4");
    CHECK(shape(shaw, "h.0.mlp.w1") == "12×20");
    CHECK(shape(shaw, "h.0.mlp.w2") == "20×12");
    CHECK(shape(shaw, "head") == "12×9");
    std::size_t count = 0;
    for (const Matrix& p : shaw.parameters()) count += std::size_t(p.size());
    CHECK(shaw.parameter_count() == count);

    const Transformer learned(small(PositionScheme::Learned, true));
    CHECK(learned.parameter_names()[1] == "wpe");
    CHECK(shape(learned, "wpe") == "8×12");
    // Concatenated: wte keeps D − Dp columns, wpe has Dp; every layer stays D wide.
    const Transformer concat(small(PositionScheme::Learned, true, 5));
    CHECK(concat.parameter_names() == learned.parameter_names());
    CHECK(shape(concat, "wte") == "9×7");
    CHECK(shape(concat, "wpe") == "8×5");
    CHECK(shape(concat, "h.1.attn.wq") == "12×12");
    CHECK(shape(concat, "head") == "12×9");
    CHECK(learned.parameter_count() - concat.parameter_count() == 9 * 5 + 8 * 7);
    const Transformer sin_concat(small(PositionScheme::Sinusoidal, true, 4));
    CHECK(shape(sin_concat, "wte") == "9×8");
    CHECK(sin_concat.parameter_names()[1] == "h.0.ln1.weight");
    const Transformer t5(small(PositionScheme::T5, true));
    CHECK(t5.parameter_names()[1] == "t5");
    CHECK(shape(t5, "t5") == "8×3");
    CHECK(t5.parameter_names().size() == 2 + 2 * 10 + 3);
    require_error([&] { t5.parameter_index("wpe"); }, {"unknown parameter 'wpe'", "known: wte, t5, h.0.ln1.weight"});
}

TEST_CASE("set_parameter refuses a wrong shape or a non-finite value and changes nothing", "[transformer]") {
    Transformer model(small(PositionScheme::None, true));
    const Matrix before = model.parameters()[std::size_t(model.parameter_index("h.0.attn.wq"))];
    require_error([&] { model.set_parameter("h.0.attn.wq", Matrix::Zero(3, 4)); },
                  {"h.0.attn.wq is 3×4 but must be 12×12"});
    Matrix bad = Matrix::Zero(12, 12);
    bad(2, 5) = NAN;
    require_error([&] { model.set_parameter("h.0.attn.wq", bad); }, {"NaN", "finite"});
    require_error([&] { model.set_parameter("h.9.attn.wq", bad); }, {"unknown parameter 'h.9.attn.wq'"});
    CHECK(model.parameters()[std::size_t(model.parameter_index("h.0.attn.wq"))] == before);
    model.set_parameter("h.0.attn.wq", Matrix::Ones(12, 12));
    CHECK(model.parameters()[std::size_t(model.parameter_index("h.0.attn.wq"))](3, 3) == 1.0f);
}

TEST_CASE("check_config refuses bad values naming the value and the rule, before allocating", "[transformer]") {
    auto with = [](auto change) {
        TransformerConfig c = small(PositionScheme::None, true);
        change(c);
        return c;
    };
    require_error([&] { check_config(with([](auto& c) { c.vocab = 0; })); }, {"vocab 0", "positive integer"});
    require_error([&] { check_config(with([](auto& c) { c.width = 10; })); }, {"width 10", "not divisible by 3 heads"});
    require_error([&] { check_config(with([](auto& c) { c.heads = 2.5; })); }, {"heads 2.5", "integer"});
    require_error([&] { check_config(with([](auto& c) { c.layers = NAN; })); }, {"layers NaN"});
    require_error([&] { check_config(with([](auto& c) { c.mlp_width = -4; })); }, {"mlpWidth -4"});
    require_error([&] { check_config(with([](auto& c) { c.seed = -1; })); }, {"seed -1"});
    require_error([&] {
        check_config(with([](auto& c) {
            c.position = PositionScheme::Rope;
            c.width = 9;
        }));
    },
                  {"head width 3", "must be even for rope"});
    require_error([&] {
        check_config(with([](auto& c) {
            c.position = PositionScheme::Rope;
            c.rope.scale = 0;
        }));
    },
                  {"scale 0", "greater than 0"});
    require_error([&] {
        check_config(with([](auto& c) {
            c.position = PositionScheme::Sinusoidal;
            c.width = 9;
        }));
    },
                  {"width 9 must be even for sinusoidal"});
    require_error([&] {
        check_config(with([](auto& c) {
            c.position = PositionScheme::Learned;
            c.max_length = 0;
        }));
    },
                  {"maxLength 0"});
    require_error([&] {
        check_config(with([](auto& c) {
            c.position = PositionScheme::T5;
            c.t5.num_buckets = 7;
        }));
    },
                  {"numBuckets 7", "even"});
    require_error([&] {
        check_config(with([](auto& c) {
            c.position = PositionScheme::Shaw;
            c.shaw_max_distance = -1;
        }));
    },
                  {"shaw maxDistance -1"});
    // combine = concat: absolute schemes only, 1 ≤ Dp ≤ D − 1, even for sinusoids; add takes no Dp.
    for (PositionScheme scheme : {PositionScheme::None, PositionScheme::Rope, PositionScheme::Alibi,
                                  PositionScheme::T5, PositionScheme::Shaw}) {
        const std::string name = position_scheme_name(scheme);
        INFO(name);
        require_error([&] { check_config(small(scheme, true, 4)); },
                      {"combine 'concat' needs an absolute position", "not '" + name + "'"});
    }
    for (double dp : {0.0, 12.0, 2.5, -3.0, double(NAN), 1e9}) {
        require_error([&] {
            check_config(with([&](auto& c) {
                c.position = PositionScheme::Learned;
                c.max_length = 8;
                c.combine = PositionCombine::Concat;
                c.position_width = dp;
            }));
        },
                      {"positionWidth " + format_number(dp), "integer 1 … 11", "less than width 12"});
    }
    require_error([&] { check_config(small(PositionScheme::Sinusoidal, true, 5)); },
                  {"positionWidth 5 must be even for sinusoidal"});
    require_error([&] { check_config(with([](auto& c) { c.position_width = 4; })); },
                  {"positionWidth 4 needs combine 'concat'", "leave positionWidth 0"});
    require_error([&] {
        check_config(with([](auto& c) {
            c.combine = PositionCombine(7);
        }));
    },
                  {"combine 7"});
    require_error([] { parse_position_combine("stack"); }, {"combine 'stack' must be 'add' or 'concat'"});
    CHECK(parse_position_combine("concat") == PositionCombine::Concat);
    CHECK(std::string(position_combine_name(PositionCombine::Add)) == "add");
    // Sinusoids concatenated need an even Dp, not an even width.
    const TransformerConfig odd = check_config(with([](auto& c) {
        c.width = 9;
        c.position = PositionScheme::Sinusoidal;
        c.combine = PositionCombine::Concat;
        c.position_width = 4;
    }));
    CHECK(odd.position_width == 4);
    require_error([&] {
        Transformer(with([](auto& c) {
            c.position = PositionScheme::Learned;
            c.combine = PositionCombine::Concat;
            c.position_width = 6;
            c.max_length = 1e8;
        }));
    },
                  {"over the limit"});
    require_error([] { parse_position_scheme("xpos"); }, {"position 'xpos'", "'none'", "'shaw'"});
    CHECK(parse_position_scheme("t5") == PositionScheme::T5);
    CHECK(std::string(position_scheme_name(PositionScheme::Alibi)) == "alibi");
    // Absurd sizes: refused by arithmetic, not by a failed allocation (which would be bad_alloc).
    require_error([&] {
        Transformer(with([](auto& c) {
            c.vocab = 1e6;
            c.width = 1e5;
            c.heads = 1;
        }));
    },
                  {"parameters needs", "over the limit", "256 MiB"});
    require_error([&] {
        Transformer(with([](auto& c) {
            c.position = PositionScheme::Learned;
            c.max_length = 1e9;
        }));
    },
                  {"over the limit"});
    // check_config resolves the defaults.
    const TransformerConfig ok = check_config(with([](auto& c) {
        c.mlp_width = 0;
        c.causal = false;
    }));
    CHECK(ok.mlp_width == 48);
    CHECK(ok.t5.bidirectional);
}

TEST_CASE("the model refuses bad tokens, targets, batches and lengths before computing", "[transformer]") {
    Transformer model(small(PositionScheme::Rope, true));
    const std::vector<int> tokens = random_tokens(8, 9, 1);
    std::vector<Matrix> grads;
    require_error([&] { model.forward(tokens, 2, 3); }, {"tokens has 8 ids", "batch 2 × length 3 needs 6"});
    require_error([&] { model.forward(tokens, 0, 8); }, {"batch 0"});
    require_error([&] { model.forward(tokens, 1, -8); }, {"length -8"});
    std::vector<int> bad = tokens;
    bad[5] = 9;
    require_error([&] { model.forward(bad, 2, 4); }, {"token 9 at index 5", "0 … 8"});
    std::vector<int> targets(8, 1);
    targets[2] = -2;
    require_error([&] { model.loss_and_gradients(tokens, targets, 2, 4, grads); }, {"target -2 at index 2"});
    require_error([&] { model.loss(tokens, std::vector<int>(7, 0), 2, 4); }, {"targets has 7 ids"});
    require_error([&] { model.forward(std::vector<int>(4, 0), 1 << 20, 1 << 20); }, {"bytes of activations", "256 MiB"});
    require_error([&] { model.attention_weights(tokens, 4); }, {"tokens has 8 ids", "length 4 needs 4"});
}

TEST_CASE("the vectorised tanh of GELU matches std::tanh within 1e-6", "[transformer]") {
    std::vector<float> x, y(2001);
    for (int i = -1000; i <= 1000; ++i) x.push_back(float(i) * 0.012f);
    x.push_back(40.0f);
    x.push_back(-40.0f);
    x.push_back(1e-7f);
    y.resize(x.size());
    layers::tanh_fast(x.data(), y.data(), int(x.size()));
    for (std::size_t i = 0; i < x.size(); ++i) {
        INFO("x = " << x[i]);
        CHECK(std::abs(double(y[i]) - std::tanh(double(x[i]))) < 1e-6);
    }
}
