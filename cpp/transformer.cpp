// transformer.cpp: see transformer.hpp. The forward and backward passes are one template
// (TransformerPass<T>), instantiated for float (forward, loss_and_gradients) and double
// (loss_double, loss_and_gradients_double).
#include "transformer.hpp"

#include <cmath>
#include <cstdint>
#include <type_traits>

#include "alibi.hpp"
#include "layout.hpp"
#include "random.hpp"
#include "sinusoidal.hpp"
#include "transformer_layers.hpp"

namespace posenc {

namespace {

constexpr const char* kSchemeNames[] = {"none", "learned", "sinusoidal", "rope", "alibi", "t5", "shaw"};

std::uint64_t fnv1a64(const std::string& s) {
    std::uint64_t h = 14695981039346656037ULL;
    for (unsigned char c : s) {
        h ^= c;
        h *= 1099511628211ULL;
    }
    return h;
}

std::string size_text(double v) { return format_number(v); }

}  // namespace

PositionScheme parse_position_scheme(const std::string& name) {
    for (int i = 0; i < 7; ++i)
        if (name == kSchemeNames[i]) return PositionScheme(i);
    throw Error("position '" + name +
                "' must be one of 'none', 'learned', 'sinusoidal', 'rope', 'alibi', 't5', 'shaw'");
}

const char* position_scheme_name(PositionScheme scheme) {
    const int i = int(scheme);
    if (i < 0 || i > 6) throw Error("position scheme " + std::to_string(i) + " is not one of the 7 schemes");
    return kSchemeNames[i];
}

// ---------------------------------------------------------------------------------------------
// Configuration

TransformerConfig check_config(TransformerConfig c) {
    position_scheme_name(c.position);  // refuses an out-of-range enum value
    const int V = require_size(c.vocab, "vocab");
    const int D = require_size(c.width, "width");
    const int H = require_size(c.heads, "heads");
    const int N = require_size(c.layers, "layers");
    require_divisible(D, H);
    const int Dh = D / H;
    if (c.mlp_width == 0) c.mlp_width = 4.0 * D;
    const int F = require_size(c.mlp_width, "mlpWidth");
    int max_length = 0;
    if (c.position == PositionScheme::Learned)
        max_length = require_size(c.max_length, "maxLength");
    else
        require_count(c.max_length, "maxLength");
    if (c.position == PositionScheme::Sinusoidal && D % 2 != 0)
        throw Error("width " + std::to_string(D) +
                    " must be even for sinusoidal positions (sin and cos fill pairs of columns)");
    if (c.position == PositionScheme::Rope) {
        if (Dh % 2 != 0)
            throw Error("head width " + std::to_string(Dh) + " (width " + std::to_string(D) + " / " +
                        std::to_string(H) + (H == 1 ? " head" : " heads") +
                        ") must be even for rope, which rotates pairs of columns");
        check_rope(D, H, c.rope);
    }
    c.t5.bidirectional = !c.causal;
    int buckets = 0;
    if (c.position == PositionScheme::T5) {
        check_t5(c.t5);
        buckets = int(c.t5.num_buckets);
        require_size(c.t5.num_buckets, "numBuckets");
    }
    int shaw_k = 0;
    if (c.position == PositionScheme::Shaw) shaw_k = require_count(c.shaw_max_distance, "shaw maxDistance");
    require_seed(c.seed);

    // Parameters, gradients and the optimiser's two moments: 4 floats per parameter.
    const double dD = D, dV = V, dF = F, dH = H, dN = N;
    double count = dV * dD + dD * dV + 2 * dD;
    count += double(max_length) * dD + double(buckets) * dH;
    double per_layer = 4 * dD + 4 * dD * dD + 2 * dD * dF;
    if (c.position == PositionScheme::Shaw) per_layer += 2 * (2.0 * shaw_k + 1) * double(Dh);
    count += dN * per_layer;
    const double bytes = count * 4.0 * 4.0;
    if (bytes > kMaxResultBytes)
        throw Error("a model of " + size_text(count) + " parameters needs " + size_text(bytes) +
                    " bytes (parameters, gradients and the optimiser's two moments), over the limit of " +
                    size_text(kMaxResultBytes) + " bytes (256 MiB)");
    return c;
}

// ---------------------------------------------------------------------------------------------
// The model

Transformer::Transformer(const TransformerConfig& config) : config_(check_config(config)) {
    const TransformerConfig& c = config_;
    V_ = int(c.vocab);
    D_ = int(c.width);
    H_ = int(c.heads);
    N_ = int(c.layers);
    F_ = int(c.mlp_width);
    Dh_ = D_ / H_;
    max_length_ = int(c.max_length);
    shaw_k_ = c.position == PositionScheme::Shaw ? int(c.shaw_max_distance) : 0;
    const std::uint64_t seed = require_seed(c.seed);

    auto add = [&](const std::string& name, int rows, int cols, double sd) {
        names_.push_back(name);
        Matrix m(rows, cols);
        if (sd == 0) {
            m.setZero();
        } else {
            Pcg32 rng(seed, fnv1a64(name));
            for (Eigen::Index i = 0; i < m.size(); ++i) m.data()[i] = float(sd * rng.normal());
        }
        params_.push_back(std::move(m));
        return int(params_.size()) - 1;
    };
    auto ones = [&](int idx) { params_[std::size_t(idx)].setOnes(); };
    const double sd = 0.02, sd_out = 0.02 / std::sqrt(2.0 * N_);

    i_wte_ = add("wte", V_, D_, sd);
    if (c.position == PositionScheme::Learned) i_wpe_ = add("wpe", max_length_, D_, sd);
    if (c.position == PositionScheme::T5) i_t5_ = add("t5", int(c.t5.num_buckets), H_, sd);
    for (int n = 0; n < N_; ++n) {
        const std::string p = "h." + std::to_string(n) + ".";
        LayerIndex li{};
        li.ln1_w = add(p + "ln1.weight", 1, D_, 0);
        ones(li.ln1_w);
        li.ln1_b = add(p + "ln1.bias", 1, D_, 0);
        li.ln2_w = add(p + "ln2.weight", 1, D_, 0);
        ones(li.ln2_w);
        li.ln2_b = add(p + "ln2.bias", 1, D_, 0);
        li.wq = add(p + "attn.wq", D_, D_, sd);
        li.wk = add(p + "attn.wk", D_, D_, sd);
        li.wv = add(p + "attn.wv", D_, D_, sd);
        li.wo = add(p + "attn.wo", D_, D_, sd_out);
        li.shaw_k = li.shaw_v = -1;
        if (c.position == PositionScheme::Shaw) {
            li.shaw_k = add(p + "attn.shaw_k", 2 * shaw_k_ + 1, Dh_, sd);
            li.shaw_v = add(p + "attn.shaw_v", 2 * shaw_k_ + 1, Dh_, sd);
        }
        li.w1 = add(p + "mlp.w1", D_, F_, sd);
        li.w2 = add(p + "mlp.w2", F_, D_, sd_out);
        layer_index_.push_back(li);
    }
    i_lnf_w_ = add("lnf.weight", 1, D_, 0);
    ones(i_lnf_w_);
    i_lnf_b_ = add("lnf.bias", 1, D_, 0);
    i_head_ = add("head", D_, V_, sd);

    if (c.position == PositionScheme::Alibi) alibi_slopes_ = alibi_slopes(H_);
    if (c.position == PositionScheme::Rope) rope_theta_ = rope_frequencies(Dh_, c.rope.base);
}

int Transformer::parameter_index(const std::string& name) const {
    for (std::size_t i = 0; i < names_.size(); ++i)
        if (names_[i] == name) return int(i);
    std::string known;
    for (std::size_t i = 0; i < names_.size(); ++i) known += (i ? ", " : "") + names_[i];
    throw Error("unknown parameter '" + name + "'; known: " + known);
}

void Transformer::set_parameter(const std::string& name, const Matrix& value) {
    const int i = parameter_index(name);
    const Matrix& cur = params_[std::size_t(i)];
    if (value.rows() != cur.rows() || value.cols() != cur.cols())
        throw Error(name + " is " + shape_text(value.rows(), value.cols()) + " but must be " +
                    shape_text(cur.rows(), cur.cols()));
    require_finite_values(value, name);
    params_[std::size_t(i)] = value;
}

std::size_t Transformer::parameter_count() const {
    std::size_t n = 0;
    for (const Matrix& m : params_) n += std::size_t(m.size());
    return n;
}

void Transformer::check_inputs(const std::vector<int>& tokens, const std::vector<int>* targets, int batch,
                               int length) const {
    const int B = require_size(batch, "batch");
    const int L = require_size(length, "length");
    if (config_.position == PositionScheme::Learned && L > max_length_)
        throw Error("length " + std::to_string(L) + " is longer than maxLength " + std::to_string(max_length_) +
                    ", the rows of the learned position table wpe");
    // Kept activations per token (forward and backward scratch), and the attention weights.
    const double tokens_total = double(B) * double(L);
    const double per_token = double(N_) * (10.0 * D_ + 3.0 * F_) + 6.0 * D_ + 3.0 * V_;
    const double floats = tokens_total * per_token + double(N_) * tokens_total * double(H_) * double(L) * 2.0;
    const double bytes = floats * 4.0;
    if (bytes > kMaxResultBytes)
        throw Error("batch " + std::to_string(B) + " × length " + std::to_string(L) + " needs " +
                    size_text(bytes) + " bytes of activations, over the limit of " +
                    size_text(kMaxResultBytes) + " bytes (256 MiB)");
    const std::size_t n = std::size_t(B) * std::size_t(L);
    if (tokens.size() != n)
        throw Error("tokens has " + std::to_string(tokens.size()) + " ids but batch " + std::to_string(B) +
                    " × length " + std::to_string(L) + " needs " + std::to_string(n));
    for (std::size_t i = 0; i < n; ++i)
        if (tokens[i] < 0 || tokens[i] >= V_)
            throw Error("token " + std::to_string(tokens[i]) + " at index " + std::to_string(i) +
                        " is outside the vocabulary 0 … " + std::to_string(V_ - 1));
    if (targets) {
        if (targets->size() != n)
            throw Error("targets has " + std::to_string(targets->size()) + " ids but batch " +
                        std::to_string(B) + " × length " + std::to_string(L) + " needs " + std::to_string(n));
        for (std::size_t i = 0; i < n; ++i)
            if ((*targets)[i] < -1 || (*targets)[i] >= V_)
                throw Error("target " + std::to_string((*targets)[i]) + " at index " + std::to_string(i) +
                            " must be −1 (not scored) or a token 0 … " + std::to_string(V_ - 1));
    }
}

// ---------------------------------------------------------------------------------------------
// The pass: forward (keeping what backward needs) and backward, on scalar type T.

template <typename T>
struct TransformerPass {
    using M = layers::Mat<T>;
    using C = layers::Col<T>;

    const Transformer& tf;
    const int B, L, BL, D, H, Dh, F, V, N, K;  // K = Shaw's k
    const PositionScheme pos;
    const bool causal;
    const bool keep;  // keep every layer's activations (backward, attention weights)
    const T inv_sqrt;

    std::vector<M> owned;  // double copies of the parameters (T = double only)
    std::vector<const M*> P;

    // Position constants of this length.
    M sin_table;                 // L×D (sinusoidal)
    M rope_cos, rope_sin;        // L×(Dh/2) (rope)
    std::vector<M> bias;         // H tensors L×L (alibi, t5)
    std::vector<int> bucket;     // L×L t5 buckets of j − i
    std::vector<int> rel;        // L×L Shaw rows clip(j − i, −k, k) + k

    struct Layer {
        M xhat1, a, q, k, v, att, z, xhat2, b, u, t, g;
        C rstd1, rstd2;
    };
    std::vector<Layer> layer;
    M xhatf, y, logits;
    C rstdf;

    TransformerPass(const Transformer& m, int batch, int length, bool keep_all)
        : tf(m), B(batch), L(length), BL(batch * length), D(m.D_), H(m.H_), Dh(m.Dh_), F(m.F_), V(m.V_),
          N(m.N_), K(m.shaw_k_), pos(m.config_.position), causal(m.config_.causal), keep(keep_all),
          inv_sqrt(T(1) / std::sqrt(T(m.Dh_))) {
        if constexpr (std::is_same_v<T, float>) {
            for (const Matrix& p : m.params_) P.push_back(&p);
        } else {
            owned.reserve(m.params_.size());
            for (const Matrix& p : m.params_) owned.push_back(p.template cast<T>());
            for (const M& p : owned) P.push_back(&p);
        }
        layer.resize(keep ? std::size_t(N) : 1);
        prepare_positions();
    }

    const M& W(int index) const { return *P[std::size_t(index)]; }

    void prepare_positions() {
        if (pos == PositionScheme::Sinusoidal) sin_table = sinusoidal(L, D).template cast<T>();
        if (pos == PositionScheme::Rope) {
            const int half = Dh / 2;
            rope_cos.resize(L, half);
            rope_sin.resize(L, half);
            for (int p = 0; p < L; ++p) {
                const double mpos = double(p) / tf.config_.rope.scale;
                for (int i = 0; i < half; ++i) {
                    const double angle = mpos * tf.rope_theta_[std::size_t(i)];
                    rope_cos(p, i) = T(std::cos(angle));
                    rope_sin(p, i) = T(std::sin(angle));
                }
            }
        }
        if (pos == PositionScheme::Alibi) {
            bias.assign(std::size_t(H), M(L, L));
            for (int h = 0; h < H; ++h)
                for (int i = 0; i < L; ++i)
                    for (int j = 0; j < L; ++j)
                        bias[std::size_t(h)](i, j) = -T(tf.alibi_slopes_[std::size_t(h)]) * T(std::abs(i - j));
        }
        if (pos == PositionScheme::T5) {
            bucket = t5_buckets(L, L, tf.config_.t5);
            const M& table = W(tf.i_t5_);
            bias.assign(std::size_t(H), M(L, L));
            for (int h = 0; h < H; ++h)
                for (int i = 0; i < L; ++i)
                    for (int j = 0; j < L; ++j)
                        bias[std::size_t(h)](i, j) = table(bucket[std::size_t(i) * L + j], h);
        }
        if (pos == PositionScheme::Shaw) {
            rel.resize(std::size_t(L) * L);
            for (int i = 0; i < L; ++i)
                for (int j = 0; j < L; ++j) rel[std::size_t(i) * L + j] = std::min(std::max(j - i, -K), K) + K;
        }
    }

    // Rotates the heads of X ((B·L)×D) at positions r mod L; sign −1 rotates back (the backward).
    void rotate(M& X, T sign) const {
        const int half = Dh / 2;
        const Layout layout = tf.config_.rope.layout;
        for (int r = 0; r < BL; ++r) {
            const int p = r % L;
            T* row = X.row(r).data();
            for (int h = 0; h < H; ++h) {
                T* x = row + h * Dh;
                for (int i = 0; i < half; ++i) {
                    const int a = pair_first(layout, i, Dh), b = pair_second(layout, i, Dh);
                    const T c = rope_cos(p, i), s = sign * rope_sin(p, i);
                    const T xa = x[a], xb = x[b];
                    x[a] = xa * c - xb * s;
                    x[b] = xa * s + xb * c;
                }
            }
        }
    }

    // Row-wise softmax of an L×L score block with the causal mask; masked entries become 0.
    void softmax_rows(Eigen::Block<M> S) const {
        for (int i = 0; i < L; ++i) {
            const int n = causal ? i + 1 : L;
            T* s = &S(i, 0);
            T m = s[0];
            for (int j = 1; j < n; ++j) m = std::max(m, s[j]);
            T sum = T(0);
            for (int j = 0; j < n; ++j) {
                s[j] = std::exp(s[j] - m);
                sum += s[j];
            }
            const T inv = T(1) / sum;
            for (int j = 0; j < n; ++j) s[j] *= inv;
            for (int j = n; j < L; ++j) s[j] = T(0);
        }
    }

    // ---- forward ----
    void forward(const std::vector<int>& tokens) {
        const M& wte = W(tf.i_wte_);
        M x(BL, D);
        for (int r = 0; r < BL; ++r) x.row(r) = wte.row(tokens[std::size_t(r)]);
        if (pos == PositionScheme::Learned) {
            const M& wpe = W(tf.i_wpe_);
            for (int r = 0; r < BL; ++r) x.row(r) += wpe.row(r % L);
        }
        if (pos == PositionScheme::Sinusoidal)
            for (int r = 0; r < BL; ++r) x.row(r) += sin_table.row(r % L);

        for (int n = 0; n < N; ++n) {
            const auto& li = tf.layer_index_[std::size_t(n)];
            Layer& c = layer[keep ? std::size_t(n) : 0];
            layers::layer_norm_forward<T>(x, W(li.ln1_w), W(li.ln1_b), c.xhat1, c.rstd1, c.a);
            c.q.noalias() = c.a * W(li.wq);
            c.k.noalias() = c.a * W(li.wk);
            c.v.noalias() = c.a * W(li.wv);
            if (pos == PositionScheme::Rope) {
                rotate(c.q, T(1));
                rotate(c.k, T(1));
            }
            attention_forward(c, li);
            x.noalias() += c.z * W(li.wo);
            layers::layer_norm_forward<T>(x, W(li.ln2_w), W(li.ln2_b), c.xhat2, c.rstd2, c.b);
            c.u.noalias() = c.b * W(li.w1);
            layers::gelu_forward<T>(c.u, c.t, c.g);
            x.noalias() += c.g * W(li.w2);
        }
        layers::layer_norm_forward<T>(x, W(tf.i_lnf_w_), W(tf.i_lnf_b_), xhatf, rstdf, y);
        logits.noalias() = y * W(tf.i_head_);
    }

    void attention_forward(Layer& c, const typename Transformer::LayerIndex& li) {
        c.att.resize(std::size_t(B) * H * L, L);
        c.z.resize(BL, D);
        const bool shaw = pos == PositionScheme::Shaw;
        M qs, pr;
        for (int b = 0; b < B; ++b) {
            for (int h = 0; h < H; ++h) {
                auto Qh = c.q.block(b * L, h * Dh, L, Dh);
                auto Kh = c.k.block(b * L, h * Dh, L, Dh);
                auto Vh = c.v.block(b * L, h * Dh, L, Dh);
                auto S = c.att.block((b * H + h) * L, 0, L, L);
                S.noalias() = (Qh * Kh.transpose()) * inv_sqrt;
                if (shaw) {
                    qs.noalias() = (Qh * W(li.shaw_k).transpose()) * inv_sqrt;  // L×(2k+1)
                    for (int i = 0; i < L; ++i)
                        for (int j = 0; j < L; ++j) S(i, j) += qs(i, rel[std::size_t(i) * L + j]);
                }
                if (!bias.empty()) S += bias[std::size_t(h)];
                softmax_rows(S);
                auto Zh = c.z.block(b * L, h * Dh, L, Dh);
                Zh.noalias() = S * Vh;
                if (shaw) {
                    pr.setZero(L, 2 * K + 1);
                    for (int i = 0; i < L; ++i)
                        for (int j = 0; j < L; ++j) pr(i, rel[std::size_t(i) * L + j]) += S(i, j);
                    Zh.noalias() += pr * W(li.shaw_v);
                }
            }
        }
    }

    // ---- backward ----
    // dlogits: ∂loss/∂logits. Fills G (same shapes as the parameters).
    void backward(const M& dlogits, std::vector<M>& G) {
        G.resize(P.size());
        for (std::size_t i = 0; i < P.size(); ++i) G[i].setZero(P[i]->rows(), P[i]->cols());
        G[std::size_t(tf.i_head_)].noalias() = y.transpose() * dlogits;
        M dy = dlogits * W(tf.i_head_).transpose();
        M dx;
        layers::layer_norm_backward<T>(dy, xhatf, rstdf, W(tf.i_lnf_w_), dx, G[std::size_t(tf.i_lnf_w_)],
                                       G[std::size_t(tf.i_lnf_b_)], false);
        M dg, db, dz, dq, dk, dv, da;
        for (int n = N - 1; n >= 0; --n) {
            const auto& li = tf.layer_index_[std::size_t(n)];
            Layer& c = layer[std::size_t(n)];
            // MLP: x += gelu(b·w1)·w2
            G[std::size_t(li.w2)].noalias() = c.g.transpose() * dx;
            dg.noalias() = dx * W(li.w2).transpose();
            layers::gelu_backward<T>(c.u, c.t, dg);
            G[std::size_t(li.w1)].noalias() = c.b.transpose() * dg;
            db.noalias() = dg * W(li.w1).transpose();
            layers::layer_norm_backward<T>(db, c.xhat2, c.rstd2, W(li.ln2_w), dx, G[std::size_t(li.ln2_w)],
                                           G[std::size_t(li.ln2_b)], true);
            // Attention: x += z·wo
            G[std::size_t(li.wo)].noalias() = c.z.transpose() * dx;
            dz.noalias() = dx * W(li.wo).transpose();
            attention_backward(c, li, dz, dq, dk, dv, G);
            if (pos == PositionScheme::Rope) {
                rotate(dq, T(-1));
                rotate(dk, T(-1));
            }
            G[std::size_t(li.wq)].noalias() = c.a.transpose() * dq;
            G[std::size_t(li.wk)].noalias() = c.a.transpose() * dk;
            G[std::size_t(li.wv)].noalias() = c.a.transpose() * dv;
            da.noalias() = dq * W(li.wq).transpose();
            da.noalias() += dk * W(li.wk).transpose();
            da.noalias() += dv * W(li.wv).transpose();
            layers::layer_norm_backward<T>(da, c.xhat1, c.rstd1, W(li.ln1_w), dx, G[std::size_t(li.ln1_w)],
                                           G[std::size_t(li.ln1_b)], true);
        }
        M& dwte = G[std::size_t(tf.i_wte_)];
        for (int r = 0; r < BL; ++r) dwte.row(tokens_->at(std::size_t(r))) += dx.row(r);
        if (pos == PositionScheme::Learned) {
            M& dwpe = G[std::size_t(tf.i_wpe_)];
            for (int r = 0; r < BL; ++r) dwpe.row(r % L) += dx.row(r);
        }
    }

    void attention_backward(const Layer& c, const typename Transformer::LayerIndex& li, const M& dz, M& dq, M& dk,
                            M& dv, std::vector<M>& G) {
        dq.resize(BL, D);
        dk.resize(BL, D);
        dv.resize(BL, D);
        const bool shaw = pos == PositionScheme::Shaw;
        M dP(L, L), dpr, acc;
        for (int b = 0; b < B; ++b) {
            for (int h = 0; h < H; ++h) {
                auto Qh = c.q.block(b * L, h * Dh, L, Dh);
                auto Kh = c.k.block(b * L, h * Dh, L, Dh);
                auto Vh = c.v.block(b * L, h * Dh, L, Dh);
                auto S = c.att.block((b * H + h) * L, 0, L, L);  // α
                auto dZh = dz.block(b * L, h * Dh, L, Dh);
                dP.noalias() = dZh * Vh.transpose();
                dv.block(b * L, h * Dh, L, Dh).noalias() = S.transpose() * dZh;
                if (shaw) {
                    dpr.noalias() = dZh * W(li.shaw_v).transpose();  // L×(2k+1)
                    acc.setZero(L, 2 * K + 1);                      // Σ_j α_ij per relative row
                    for (int i = 0; i < L; ++i)
                        for (int j = 0; j < L; ++j) {
                            const int r = rel[std::size_t(i) * L + j];
                            dP(i, j) += dpr(i, r);
                            acc(i, r) += S(i, j);
                        }
                    G[std::size_t(li.shaw_v)].noalias() += acc.transpose() * dZh;
                }
                // dE = α ∘ (dP − rowsum(α ∘ dP)); masked entries have α = 0.
                for (int i = 0; i < L; ++i) {
                    const T dot = S.row(i).dot(dP.row(i));
                    dP.row(i) = S.row(i).cwiseProduct((dP.row(i).array() - dot).matrix());
                }
                if (pos == PositionScheme::T5) {
                    M& dt5 = G[std::size_t(tf.i_t5_)];
                    for (int i = 0; i < L; ++i)
                        for (int j = 0; j < L; ++j) dt5(bucket[std::size_t(i) * L + j], h) += dP(i, j);
                }
                auto dQh = dq.block(b * L, h * Dh, L, Dh);
                dQh.noalias() = (dP * Kh) * inv_sqrt;
                dk.block(b * L, h * Dh, L, Dh).noalias() = (dP.transpose() * Qh) * inv_sqrt;
                if (shaw) {
                    acc.setZero(L, 2 * K + 1);  // Σ_j dE_ij per relative row
                    for (int i = 0; i < L; ++i)
                        for (int j = 0; j < L; ++j) acc(i, rel[std::size_t(i) * L + j]) += dP(i, j);
                    dQh.noalias() += (acc * W(li.shaw_k)) * inv_sqrt;
                    G[std::size_t(li.shaw_k)].noalias() += (acc.transpose() * Qh) * inv_sqrt;
                }
            }
        }
    }

    const std::vector<int>* tokens_ = nullptr;
};

// ---------------------------------------------------------------------------------------------
// Public entry points

Matrix Transformer::forward(const std::vector<int>& tokens, int batch, int length) const {
    check_inputs(tokens, nullptr, batch, length);
    TransformerPass<float> pass(*this, batch, length, false);
    pass.forward(tokens);
    return std::move(pass.logits);
}

std::vector<HeadTensor> Transformer::attention_weights(const std::vector<int>& tokens, int length) const {
    check_inputs(tokens, nullptr, 1, length);
    TransformerPass<float> pass(*this, 1, length, true);
    pass.forward(tokens);
    std::vector<HeadTensor> out;
    for (int n = 0; n < N_; ++n) {
        HeadTensor t(H_, length, length);
        const Matrix& att = pass.layer[std::size_t(n)].att;  // (H·L)×L
        std::copy(att.data(), att.data() + att.size(), t.data.begin());
        out.push_back(std::move(t));
    }
    return out;
}

float Transformer::loss_and_gradients(const std::vector<int>& tokens, const std::vector<int>& targets, int batch,
                                      int length, std::vector<Matrix>& grads) const {
    check_inputs(tokens, &targets, batch, length);
    TransformerPass<float> pass(*this, batch, length, true);
    pass.tokens_ = &tokens;
    pass.forward(tokens);
    Matrix dlogits;
    const float loss = layers::cross_entropy<float>(pass.logits, targets, &dlogits);
    pass.backward(dlogits, grads);
    return loss;
}

float Transformer::loss(const std::vector<int>& tokens, const std::vector<int>& targets, int batch,
                        int length) const {
    check_inputs(tokens, &targets, batch, length);
    TransformerPass<float> pass(*this, batch, length, false);
    pass.forward(tokens);
    return layers::cross_entropy<float>(pass.logits, targets, nullptr);
}

double Transformer::loss_double(const std::vector<int>& tokens, const std::vector<int>& targets, int batch,
                                int length) const {
    return loss_double_with(tokens, targets, batch, length, -1, 0, 0.0);
}

double Transformer::loss_double_with(const std::vector<int>& tokens, const std::vector<int>& targets, int batch,
                                     int length, int index, std::ptrdiff_t entry, double delta) const {
    check_inputs(tokens, &targets, batch, length);
    TransformerPass<double> pass(*this, batch, length, false);
    if (index >= 0) {
        if (index >= int(params_.size()) || entry < 0 || entry >= pass.owned[std::size_t(index)].size())
            throw Error("parameter " + std::to_string(index) + " entry " + std::to_string(entry) +
                        " does not exist");
        pass.owned[std::size_t(index)].data()[entry] += delta;
        pass.prepare_positions();  // the t5 bias depends on the t5 table
    }
    pass.forward(tokens);
    return layers::cross_entropy<double>(pass.logits, targets, nullptr);
}

double Transformer::loss_and_gradients_double(const std::vector<int>& tokens, const std::vector<int>& targets,
                                              int batch, int length, std::vector<MatrixD>& grads) const {
    check_inputs(tokens, &targets, batch, length);
    TransformerPass<double> pass(*this, batch, length, true);
    pass.tokens_ = &tokens;
    pass.forward(tokens);
    MatrixD dlogits;
    const double loss = layers::cross_entropy<double>(pass.logits, targets, &dlogits);
    pass.backward(dlogits, grads);
    return loss;
}

template struct TransformerPass<float>;
template struct TransformerPass<double>;

}  // namespace posenc
