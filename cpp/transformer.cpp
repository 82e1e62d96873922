// transformer.cpp: see transformer.hpp. The forward and backward passes are one template
// (TransformerPass<T>), instantiated for float (forward, loss_and_gradients) and double
// (loss_double, loss_and_gradients_double).
#include "transformer.hpp"

#include <cmath>
#include <cstdint>
#include <type_traits>

#include "alibi.hpp"
#include "attention_fused.hpp"
#include "layout.hpp"
#include "random.hpp"
#include "sinusoidal.hpp"
#include "transformer_gemm.hpp"
#include "transformer_layers.hpp"

namespace posenc {

namespace {

constexpr const char* kSchemeNames[] = {"none", "learned", "sinusoidal", "rope", "alibi", "t5", "shaw"};
constexpr const char* kCombineNames[] = {"add", "concat"};

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

PositionCombine parse_position_combine(const std::string& name) {
    for (int i = 0; i < 2; ++i)
        if (name == kCombineNames[i]) return PositionCombine(i);
    throw Error("combine '" + name + "' must be 'add' or 'concat'");
}

const char* position_combine_name(PositionCombine combine) {
    const int i = int(combine);
    if (i < 0 || i > 1) throw Error("combine " + std::to_string(i) + " is not 'add' (0) or 'concat' (1)");
    return kCombineNames[i];
}

// ---------------------------------------------------------------------------------------------
// Configuration

TransformerConfig check_config(TransformerConfig c) {
    position_scheme_name(c.position);  // refuses an out-of-range enum value
    position_combine_name(c.combine);
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
    // Dp: the position's columns (add: all D of them; concat: its own Dp beside D − Dp token columns).
    int Dp = D;
    if (c.combine == PositionCombine::Concat) {
        if (c.position != PositionScheme::Learned && c.position != PositionScheme::Sinusoidal)
            throw Error(std::string("combine 'concat' needs an absolute position ('learned' or 'sinusoidal'), not '") +
                        position_scheme_name(c.position) + "', which adds no vector to the input");
        const double dp = c.position_width;
        if (!(dp >= 1 && dp <= D - 1 && dp == std::floor(dp)))
            throw Error("positionWidth " + size_text(dp) + " must be an integer 1 … " + std::to_string(D - 1) +
                        " (less than width " + std::to_string(D) + ", which the token columns share) for combine 'concat'");
        Dp = int(dp);
        if (c.position == PositionScheme::Sinusoidal && Dp % 2 != 0)
            throw Error("positionWidth " + std::to_string(Dp) +
                        " must be even for sinusoidal positions (sin and cos fill pairs of columns)");
    } else if (c.position_width != 0) {
        throw Error("positionWidth " + size_text(c.position_width) +
                    " needs combine 'concat'; with combine 'add' the position is as wide as the model, so leave positionWidth 0");
    }
    if (c.combine == PositionCombine::Add && c.position == PositionScheme::Sinusoidal && D % 2 != 0)
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
    const double Dt = c.combine == PositionCombine::Concat ? D - Dp : D;  // wte's columns
    double count = dV * Dt + dD * dV + 2 * dD;
    count += double(max_length) * double(Dp) + double(buckets) * dH;
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
    Dp_ = c.combine == PositionCombine::Concat ? int(c.position_width) : D_;
    Dt_ = c.combine == PositionCombine::Concat ? D_ - Dp_ : D_;
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

    i_wte_ = add("wte", V_, Dt_, sd);
    if (c.position == PositionScheme::Learned) i_wpe_ = add("wpe", max_length_, Dp_, sd);
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
//
// Storage: Q, K and V of a layer are one (B·L)×3D matrix qkv = a·[wq | wk | wv] (one product);
// head h of sequence b is the L×Dh block at row b·L, columns h·Dh (Q), D + h·Dh (K), 2D + h·Dh (V).
// The attention weights of (b, h) are the L×L block at row (b·H + h)·L of att.
// Every product goes through mm(): float → gemm::gemm (transformer_gemm.hpp), double → Eigen.

// Causal attention works in blocks of this many queries (keys) and skips the blocks above the diagonal.
constexpr int kCausalBlock = 16;

template <typename T>
struct TransformerPass {
    using Mat = layers::Mat<T>;
    using C = layers::Col<T>;

    const Transformer& tf;
    const int B, L, BL, D, H, Dh, F, V, N, K, K2;  // K = Shaw's k, K2 = 2k + 1
    const PositionScheme pos;
    const bool concat;  // combine = concat: x = [wte | position] (Dt + Dp columns)
    const int Dt, Dp;   // token and position columns (add: D and D)
    const bool causal;
    const bool keep;  // keep every layer's activations (backward, attention weights)
    const T inv_sqrt;

    std::vector<Mat> owned;  // double copies of the parameters (T = double only)
    std::vector<const Mat*> P;
    std::vector<Mat> wqkv;   // per layer D×3D = [wq | wk | wv]

    // Position constants of this length.
    Mat sin_table;                        // L×Dp (sinusoidal; add: Dp = D)
    Mat rope_cos, rope_sin;               // L×(Dh/2) (rope)
    std::vector<int> rope_a, rope_b;      // the columns of pair i within a head
    std::vector<Mat> bias;                // H tensors L×L (alibi, t5)
    std::vector<int> bucket;              // L×L t5 buckets of j − i
    std::vector<int> rel;                 // L×L Shaw rows clip(j − i, −k, k) + k

    struct Layer {
        Mat xhat1, a, qkv, att, z, xhat2, b, u, t, g;
        C rstd1, rstd2;
    };
    std::vector<Layer> layer;
    Mat xhatf, y, logits;
    C rstdf;
    const std::vector<int>* tokens_ = nullptr;

    TransformerPass(const Transformer& m, int batch, int length, bool keep_all)
        : tf(m), B(batch), L(length), BL(batch * length), D(m.D_), H(m.H_), Dh(m.Dh_), F(m.F_), V(m.V_),
          N(m.N_), K(m.shaw_k_), K2(2 * m.shaw_k_ + 1), pos(m.config_.position),
          concat(m.config_.combine == PositionCombine::Concat), Dt(m.Dt_), Dp(m.Dp_), causal(m.config_.causal),
          keep(keep_all), inv_sqrt(T(1) / std::sqrt(T(m.Dh_))) {
        if constexpr (std::is_same_v<T, float>) {
            for (const Matrix& p : m.params_) P.push_back(&p);
        } else {
            owned.reserve(m.params_.size());
            for (const Matrix& p : m.params_) owned.push_back(p.template cast<T>());
            for (const Mat& p : owned) P.push_back(&p);
        }
        layer.resize(keep ? std::size_t(N) : 1);
        prepare();
    }

    const Mat& W(int index) const { return *P[std::size_t(index)]; }

    // C (+)= A·B with strided operands (transformer_gemm.hpp's convention).
    static void mm(int M, int Nc, int Kd, const T* A, long a_row, long a_col, const T* Bp, long b_row, long b_col,
                   T* Cp, long ldc, bool acc) {
        if constexpr (std::is_same_v<T, float>) {
            gemm::gemm(M, Nc, Kd, A, a_row, a_col, Bp, b_row, b_col, Cp, ldc, acc);
        } else {
            using S = Eigen::Stride<Eigen::Dynamic, Eigen::Dynamic>;
            Eigen::Map<const Mat, 0, S> a(A, M, Kd, S(a_row, a_col));
            Eigen::Map<const Mat, 0, S> b(Bp, Kd, Nc, S(b_row, b_col));
            Eigen::Map<Mat, 0, Eigen::OuterStride<>> c(Cp, M, Nc, Eigen::OuterStride<>(ldc));
            if (acc)
                c.noalias() += a * b;
            else
                c.noalias() = a * b;
        }
    }

    // Everything that depends on the parameters or the length but not on the tokens (called again
    // by loss_double_with after it perturbs a parameter).
    void prepare() {
        wqkv.assign(std::size_t(N), Mat());
        for (int n = 0; n < N; ++n) {
            const auto& li = tf.layer_index_[std::size_t(n)];
            Mat& w = wqkv[std::size_t(n)];
            w.resize(D, 3 * D);
            w.leftCols(D) = W(li.wq);
            w.middleCols(D, D) = W(li.wk);
            w.rightCols(D) = W(li.wv);
        }
        if (pos == PositionScheme::Sinusoidal) sin_table = sinusoidal(L, Dp).template cast<T>();
        if (pos == PositionScheme::Rope) {
            const int half = Dh / 2;
            rope_cos.resize(L, half);
            rope_sin.resize(L, half);
            rope_a.resize(std::size_t(half));
            rope_b.resize(std::size_t(half));
            for (int i = 0; i < half; ++i) {
                rope_a[std::size_t(i)] = pair_first(tf.config_.rope.layout, i, Dh);
                rope_b[std::size_t(i)] = pair_second(tf.config_.rope.layout, i, Dh);
            }
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
            bias.assign(std::size_t(H), Mat(L, L));
            for (int h = 0; h < H; ++h)
                for (int i = 0; i < L; ++i)
                    for (int j = 0; j < L; ++j)
                        bias[std::size_t(h)](i, j) = -T(tf.alibi_slopes_[std::size_t(h)]) * T(std::abs(i - j));
        }
        if (pos == PositionScheme::T5) {
            bucket = t5_buckets(L, L, tf.config_.t5);
            const Mat& table = W(tf.i_t5_);
            bias.assign(std::size_t(H), Mat(L, L));
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

    // Rotates the heads of columns col0 … col0 + D − 1 of X ((B·L)×3D) at positions r mod L;
    // sign −1 rotates back (the backward pass: the transpose of a rotation is its inverse).
    void rotate(Mat& X, int col0, T sign) const {
        const int half = Dh / 2;
        for (int r = 0; r < BL; ++r) {
            const int p = r % L;
            const T* cs = &rope_cos(p, 0);
            const T* sn = &rope_sin(p, 0);
            T* row = X.row(r).data() + col0;
            for (int h = 0; h < H; ++h) {
                T* x = row + h * Dh;
                for (int i = 0; i < half; ++i) {
                    const int a = rope_a[std::size_t(i)], b = rope_b[std::size_t(i)];
                    const T c = cs[i], s = sign * sn[i];
                    const T xa = x[a], xb = x[b];
                    x[a] = xa * c - xb * s;
                    x[b] = xa * s + xb * c;
                }
            }
        }
    }

    // ---- forward ----
    void forward(const std::vector<int>& tokens) {
        const Mat& wte = W(tf.i_wte_);
        Mat x(BL, D);
        for (int r = 0; r < BL; ++r) x.row(r).head(Dt) = wte.row(tokens[std::size_t(r)]);
        const Mat* ptab = pos == PositionScheme::Learned ? &W(tf.i_wpe_)
                          : pos == PositionScheme::Sinusoidal ? &sin_table : nullptr;
        if (ptab && concat)  // [token | position]
            for (int r = 0; r < BL; ++r) x.row(r).tail(Dp) = ptab->row(r % L);
        else if (ptab)
            for (int r = 0; r < BL; ++r) x.row(r) += ptab->row(r % L);

        for (int n = 0; n < N; ++n) {
            const auto& li = tf.layer_index_[std::size_t(n)];
            Layer& c = layer[keep ? std::size_t(n) : 0];
            layers::layer_norm_forward<T>(x, W(li.ln1_w), W(li.ln1_b), c.xhat1, c.rstd1, c.a);
            c.qkv.resize(BL, 3 * D);
            mm(BL, 3 * D, D, c.a.data(), D, 1, wqkv[std::size_t(n)].data(), 3 * D, 1, c.qkv.data(), 3 * D, false);
            if (pos == PositionScheme::Rope) {
                rotate(c.qkv, 0, T(1));
                rotate(c.qkv, D, T(1));
            }
            attention_forward(c, li);
            mm(BL, D, D, c.z.data(), D, 1, W(li.wo).data(), D, 1, x.data(), D, true);
            layers::layer_norm_forward<T>(x, W(li.ln2_w), W(li.ln2_b), c.xhat2, c.rstd2, c.b);
            c.u.resize(BL, F);
            mm(BL, F, D, c.b.data(), D, 1, W(li.w1).data(), F, 1, c.u.data(), F, false);
            layers::gelu_forward<T>(c.u, c.t, c.g);
            mm(BL, D, F, c.g.data(), F, 1, W(li.w2).data(), D, 1, x.data(), D, true);
        }
        layers::layer_norm_forward<T>(x, W(tf.i_lnf_w_), W(tf.i_lnf_b_), xhatf, rstdf, y);
        logits.resize(BL, V);
        mm(BL, V, D, y.data(), D, 1, W(tf.i_head_).data(), V, 1, logits.data(), V, false);
    }

    // Scores of one (sequence, head) into softmax weights, in place: s_ij·/√Dh (+ Shaw's q·aᴷ/√Dh)
    // (+ bias), causal mask, softmax over the visible keys; masked entries 0.
    void softmax_rows(T* S, const T* qs, const Mat* bias_h) const {
        for (int i = 0; i < L; ++i) {
            const int n = causal ? i + 1 : L;
            T* s = S + std::size_t(i) * L;
            for (int j = 0; j < n; ++j) s[j] *= inv_sqrt;
            if (qs) {
                const int* rr = &rel[std::size_t(i) * L];
                const T* q = qs + std::size_t(i) * K2;
                for (int j = 0; j < n; ++j) s[j] += q[rr[j]] * inv_sqrt;
            }
            if (bias_h) {
                const T* bb = &(*bias_h)(i, 0);
                for (int j = 0; j < n; ++j) s[j] += bb[j];
            }
            layers::softmax_in_place<T>(s, n);
            for (int j = n; j < L; ++j) s[j] = T(0);
        }
    }

    // The blocks of sequence b, head h: Q_h, K_h, V_h (L×Dh, row stride 3D) in qkv, the L×L
    // weights α in att, and the head's L×Dh columns (row stride D) of a (B·L)×D matrix z.
    template <typename P, typename Z>
    struct HeadView {
        P* q;
        P* k;
        P* v;
        Z* z;
    };
    template <typename P, typename Z>
    HeadView<P, Z> head_view(P* qkv, Z* z, int b, int h) const {
        P* q = qkv + std::size_t(b) * L * (3 * D) + h * Dh;
        return {q, q + D, q + 2 * D, z + std::size_t(b) * L * D + h * Dh};
    }
    std::size_t att_offset(int b, int h) const { return std::size_t(b * H + h) * L * L; }

    void attention_forward(Layer& c, const typename Transformer::LayerIndex& li) {
        c.att.resize(std::size_t(B) * H * L, L);
        c.z.resize(BL, D);
        const bool shaw = pos == PositionScheme::Shaw;
        const long ld = 3 * D;
        const int row_block = causal ? kCausalBlock : L;
        Mat qs, pr;
        if (shaw) {
            qs.resize(L, K2);
            pr.resize(L, K2);
        }
        for (int b = 0; b < B; ++b) {
            for (int h = 0; h < H; ++h) {
                const auto hv = head_view(static_cast<const T*>(c.qkv.data()), c.z.data(), b, h);
                const T *q = hv.q, *k = hv.k, *v = hv.v;
                T* z = hv.z;
                T* S = c.att.data() + att_offset(b, h);
                // Q_h·K_hᵀ; causal: row block i0 … i0 + m − 1 needs keys 0 … i0 + m − 1 only.
                for (int i0 = 0; i0 < L; i0 += row_block) {
                    const int m = std::min(row_block, L - i0), keys = causal ? i0 + m : L;
                    mm(m, keys, Dh, q + i0 * ld, ld, 1, k, 1, ld, S + std::size_t(i0) * L, L, false);
                }
                if (shaw) mm(L, K2, Dh, q, ld, 1, W(li.shaw_k).data(), 1, Dh, qs.data(), K2, false);
                softmax_rows(S, shaw ? qs.data() : nullptr, bias.empty() ? nullptr : &bias[std::size_t(h)]);
                for (int i0 = 0; i0 < L; i0 += row_block) {  // α·V_h
                    const int m = std::min(row_block, L - i0), keys = causal ? i0 + m : L;
                    mm(m, Dh, keys, S + std::size_t(i0) * L, L, 1, v, ld, 1, z + std::size_t(i0) * D, D, false);
                }
                if (shaw) {
                    pr.setZero();
                    for (int i = 0; i < L; ++i) {
                        const int* rr = &rel[std::size_t(i) * L];
                        const T* s = S + std::size_t(i) * L;
                        for (int j = 0; j < L; ++j) pr(i, rr[j]) += s[j];
                    }
                    mm(L, Dh, K2, pr.data(), K2, 1, W(li.shaw_v).data(), Dh, 1, z, D, true);
                }
            }
        }
    }

    // ---- backward ----
    // dlogits: ∂loss/∂logits. Fills G (same shapes as the parameters).
    void backward(const Mat& dlogits, std::vector<Mat>& G) {
        G.resize(P.size());
        for (std::size_t i = 0; i < P.size(); ++i) G[i].setZero(P[i]->rows(), P[i]->cols());
        auto g = [&](int index) { return G[std::size_t(index)].data(); };
        mm(D, V, BL, y.data(), 1, D, dlogits.data(), V, 1, g(tf.i_head_), V, false);  // yᵀ·∂logits
        Mat dy(BL, D);
        mm(BL, D, V, dlogits.data(), V, 1, W(tf.i_head_).data(), 1, V, dy.data(), D, false);  // ∂logits·headᵀ
        Mat dx;
        layers::layer_norm_backward<T>(dy, xhatf, rstdf, W(tf.i_lnf_w_), dx, G[std::size_t(tf.i_lnf_w_)],
                                       G[std::size_t(tf.i_lnf_b_)], false);
        Mat dg(BL, F), db(BL, D), dz(BL, D), dqkv(BL, 3 * D), da(BL, D), gqkv(D, 3 * D);
        for (int n = N - 1; n >= 0; --n) {
            const auto& li = tf.layer_index_[std::size_t(n)];
            Layer& c = layer[std::size_t(n)];
            // MLP: x += gelu(b·w1)·w2
            mm(F, D, BL, c.g.data(), 1, F, dx.data(), D, 1, g(li.w2), D, false);        // gᵀ·dx
            mm(BL, F, D, dx.data(), D, 1, W(li.w2).data(), 1, D, dg.data(), F, false);  // dx·w2ᵀ
            layers::gelu_backward<T>(c.u, c.t, dg);
            mm(D, F, BL, c.b.data(), 1, D, dg.data(), F, 1, g(li.w1), F, false);        // bᵀ·du
            mm(BL, D, F, dg.data(), F, 1, W(li.w1).data(), 1, F, db.data(), D, false);  // du·w1ᵀ
            layers::layer_norm_backward<T>(db, c.xhat2, c.rstd2, W(li.ln2_w), dx, G[std::size_t(li.ln2_w)],
                                           G[std::size_t(li.ln2_b)], true);
            // Attention: x += z·wo
            mm(D, D, BL, c.z.data(), 1, D, dx.data(), D, 1, g(li.wo), D, false);        // zᵀ·dx
            mm(BL, D, D, dx.data(), D, 1, W(li.wo).data(), 1, D, dz.data(), D, false);  // dx·woᵀ
            attention_backward(c, li, dz, dqkv, G);
            if (pos == PositionScheme::Rope) {
                rotate(dqkv, 0, T(-1));
                rotate(dqkv, D, T(-1));
            }
            mm(D, 3 * D, BL, c.a.data(), 1, D, dqkv.data(), 3 * D, 1, gqkv.data(), 3 * D, false);  // aᵀ·∂qkv
            G[std::size_t(li.wq)] = gqkv.leftCols(D);
            G[std::size_t(li.wk)] = gqkv.middleCols(D, D);
            G[std::size_t(li.wv)] = gqkv.rightCols(D);
            mm(BL, D, 3 * D, dqkv.data(), 3 * D, 1, wqkv[std::size_t(n)].data(), 1, 3 * D, da.data(), D,
               false);  // ∂qkv·[wq | wk | wv]ᵀ
            layers::layer_norm_backward<T>(da, c.xhat1, c.rstd1, W(li.ln1_w), dx, G[std::size_t(li.ln1_w)],
                                           G[std::size_t(li.ln1_b)], true);
        }
        Mat& dwte = G[std::size_t(tf.i_wte_)];
        for (int r = 0; r < BL; ++r) dwte.row((*tokens_)[std::size_t(r)]) += dx.row(r).head(Dt);
        if (pos == PositionScheme::Learned) {  // add: all D columns; concat: the last Dp
            Mat& dwpe = G[std::size_t(tf.i_wpe_)];
            for (int r = 0; r < BL; ++r) dwpe.row(r % L) += dx.row(r).tail(Dp);
        }
    }

    void attention_backward(const Layer& c, const typename Transformer::LayerIndex& li, const Mat& dz, Mat& dqkv,
                            std::vector<Mat>& G) {
        const bool shaw = pos == PositionScheme::Shaw;
        const long ld = 3 * D;
        const int row_block = causal ? kCausalBlock : L;
        Mat dP(L, L), dpr, acc;
        if (shaw) {
            dpr.resize(L, K2);
            acc.resize(L, K2);
        }
        for (int b = 0; b < B; ++b) {
            for (int h = 0; h < H; ++h) {
                const auto hv = head_view(c.qkv.data(), dz.data(), b, h);
                const T *q = hv.q, *k = hv.k, *v = hv.v, *dZ = hv.z;
                const auto dhv = head_view(dqkv.data(), dz.data(), b, h);
                T *dq = dhv.q, *dk = dhv.k, *dv = dhv.v;
                const T* S = c.att.data() + att_offset(b, h);  // α
                T* dp = dP.data();
                // Causal: query block i0 sees keys < i0 + m; key block j0 is seen by queries ≥ j0.
                for (int i0 = 0; i0 < L; i0 += row_block) {  // ∂α = ∂Z·V_hᵀ
                    const int m = std::min(row_block, L - i0), keys = causal ? i0 + m : L;
                    mm(m, keys, Dh, dZ + std::size_t(i0) * D, D, 1, v, 1, ld, dp + std::size_t(i0) * L, L, false);
                }
                for (int j0 = 0; j0 < L; j0 += row_block) {  // ∂V_h = αᵀ·∂Z
                    const int m = std::min(row_block, L - j0), first = causal ? j0 : 0;
                    mm(m, Dh, L - first, S + std::size_t(first) * L + j0, 1, L, dZ + std::size_t(first) * D, D, 1,
                       dv + j0 * ld, ld, false);
                }
                if (shaw) {
                    mm(L, K2, Dh, dZ, D, 1, W(li.shaw_v).data(), 1, Dh, dpr.data(), K2, false);  // ∂Z·aⱽᵀ
                    acc.setZero();  // Σ_j α_ij per relative row
                    for (int i = 0; i < L; ++i) {
                        const int* rr = &rel[std::size_t(i) * L];
                        for (int j = 0; j < (causal ? i + 1 : L); ++j) {
                            dp[std::size_t(i) * L + j] += dpr(i, rr[j]);
                            acc(i, rr[j]) += S[std::size_t(i) * L + j];
                        }
                    }
                    mm(K2, Dh, L, acc.data(), 1, K2, dZ, D, 1, G[std::size_t(li.shaw_v)].data(), Dh, true);
                }
                // ∂e = α ∘ (∂α − rowsum(α ∘ ∂α)); masked entries have α = 0.
                for (int i = 0; i < L; ++i) {
                    const int n = causal ? i + 1 : L;
                    const T* s = S + std::size_t(i) * L;
                    T* d = dp + std::size_t(i) * L;
                    layers::softmax_backward_in_place<T>(s, d, n);
                    for (int j = n; j < L; ++j) d[j] = T(0);
                }
                if (pos == PositionScheme::T5) {
                    Mat& dt5 = G[std::size_t(tf.i_t5_)];
                    for (int i = 0; i < L; ++i)
                        for (int j = 0; j < (causal ? i + 1 : L); ++j)
                            dt5(bucket[std::size_t(i) * L + j], h) += dp[std::size_t(i) * L + j];
                }
                for (int i = 0; i < L * L; ++i) dp[i] *= inv_sqrt;  // ∂(q·k) = ∂e/√Dh
                for (int i0 = 0; i0 < L; i0 += row_block) {  // ∂Q_h = ∂e·K_h/√Dh
                    const int m = std::min(row_block, L - i0), keys = causal ? i0 + m : L;
                    mm(m, Dh, keys, dp + std::size_t(i0) * L, L, 1, k, ld, 1, dq + i0 * ld, ld, false);
                }
                for (int j0 = 0; j0 < L; j0 += row_block) {  // ∂K_h = ∂eᵀ·Q_h/√Dh
                    const int m = std::min(row_block, L - j0), first = causal ? j0 : 0;
                    mm(m, Dh, L - first, dp + std::size_t(first) * L + j0, 1, L, q + first * ld, ld, 1, dk + j0 * ld,
                       ld, false);
                }
                if (shaw) {
                    acc.setZero();  // Σ_j ∂e_ij/√Dh per relative row
                    for (int i = 0; i < L; ++i) {
                        const int* rr = &rel[std::size_t(i) * L];
                        for (int j = 0; j < L; ++j) acc(i, rr[j]) += dp[std::size_t(i) * L + j];
                    }
                    mm(L, Dh, K2, acc.data(), K2, 1, W(li.shaw_k).data(), Dh, 1, dq, ld, true);
                    mm(K2, Dh, L, acc.data(), 1, K2, q, ld, 1, G[std::size_t(li.shaw_k)].data(), Dh, true);
                }
            }
        }
    }
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
        const Matrix& att = pass.layer[std::size_t(n)].att;  // (H·L)×L for batch 1
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
        pass.prepare();  // the fused [wq | wk | wv] and the t5 bias depend on the parameters
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
