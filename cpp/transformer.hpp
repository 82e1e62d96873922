// transformer.hpp: a small GPT-style transformer with forward and backward passes (float32), the
// model that the training lessons train in the learner's browser, with every position scheme the
// course teaches. One definition, exact enough that an independent implementation gives the same
// numbers (tests/cpp/test_transformer_forward.cpp recomputes it with plain loops).
//
// Shapes: B batch, L length, V vocabulary, D width, H heads, Dh = D/H, N layers, F MLP width.
// Row-vector convention: a linear layer is y = x·W with W of shape (in × out).
//
//   x   = wte[tokens]                                   (B·L × D)
//       + wpe[0..L−1]              if position = learned     (maxLength × D table)
//       + sinusoidal(L, D)         if position = sinusoidal  (sinusoidal.hpp: interleaved, base 10000)
//   or, with combine = concat and a position width Dp (1 ≤ Dp ≤ D − 1; even for sinusoidal):
//   x   = [ wte[tokens] | P[0..L−1] ]                   (B·L × D: D − Dp token columns, then Dp)
//         wte V × (D − Dp);  P = wpe (maxLength × Dp) if learned, sinusoidal(L, Dp) if sinusoidal
//     Token and position then share no column of the input (they mix from the first layer on).
//     D is the residual width of the whole model: a "wider model with position concatenated" that
//     keeps the token part of an added model of width D₀ has D = D₀ + Dp (every layer grows with it).
//     Concat applies to the absolute schemes only (learned, sinusoidal); the others add nothing to x.
//     It leaves out any projection of [token | position] back to a narrower width, and attention
//     that scores token and position parts separately (DeBERTa's disentangled attention).
//   for n in 0 .. N−1:
//     a = LN(x; h.n.ln1)          LN(x)_r = (x_r − μ_r)/√(σ²_r + 1e−5)·weight + bias  (biased σ²)
//     x = x + Attn_n(a)
//     b = LN(x; h.n.ln2)
//     x = x + gelu(b·h.n.mlp.w1)·h.n.mlp.w2
//                                 gelu(u) = ½u(1 + tanh(√(2/π)(u + 0.044715u³)))  (GPT-2's tanh form)
//   logits = LN(x; lnf)·head                           (B·L × V)
//   loss   = mean over positions r with target_r ≥ 0 of −log softmax(logits_r)[target_r]
//
//   Attn_n(a), per sequence of the batch (positions 0 .. L−1 restart in every sequence):
//     Q = a·wq, K = a·wk, V = a·wv (each D × D, no biases); head h = columns h·Dh … (h+1)·Dh − 1
//     rope : Q_h and K_h rotated as rope.hpp's rope() at positions 0 .. L−1 (config.rope: base,
//            layout, scale = linear position interpolation)
//     e_ij = Q_h,i·K_h,jᵀ/√Dh + bias_h,ij     causal: keys j > i masked (e = −∞)
//     alibi: bias_h,ij = −m_h·|i − j|,  m = alibi_slopes(H) (alibi.hpp)
//     t5   : bias_h,ij = t5[t5_bucket(j − i)][h] (t5.hpp; bidirectional = !causal); one
//            numBuckets × H table shared by all layers, as T5 does
//     shaw : e_ij += Q_h,i·shaw_k[clip(j − i, −k, k) + k]/√Dh  and  z_i += Σ_j α_ij shaw_v[clip(j − i, −k, k) + k]
//            (relative.hpp; k = shaw_max_distance); one pair of (2k+1) × Dh tables per layer, shared by heads
//     α = softmax_j(e);  z_h = α·V_h (+ Shaw's term);  out = concat_h(z_h)·wo
//
// Parameters, in this order (parameter_names()), with shapes:
//   wte V×D (concat: V×(D−Dp));  wpe maxLength×D (learned only; concat: maxLength×Dp);  t5 numBuckets×H (t5 only);
//   per layer n: h.n.ln1.weight, h.n.ln1.bias, h.n.ln2.weight, h.n.ln2.bias (1×D),
//                h.n.attn.wq, h.n.attn.wk, h.n.attn.wv, h.n.attn.wo (D×D),
//                h.n.attn.shaw_k, h.n.attn.shaw_v ((2k+1)×Dh, shaw only),
//                h.n.mlp.w1 (D×F), h.n.mlp.w2 (F×D);
//   lnf.weight, lnf.bias (1×D);  head D×V.
// Initialisation as GPT-2: every weight matrix and table (wte, wpe, t5, wq, wk, wv, wo, shaw_k,
// shaw_v, w1, w2, head) normal with standard deviation 0.02, wo and w2 times 1/√(2N); LN weights 1,
// biases 0. Each tensor is filled row by row with float(σ·z), z from its own Pcg32 (random.hpp):
//   Pcg32(seed, stream = fnv1a64(name))   (FNV-1a, 64 bits, over the parameter's name bytes)
// so a seed gives the same model natively and in WebAssembly, and the same wte, attention, MLP and
// head weights under every position scheme (a fair comparison of schemes starts from one model).
//
// The loss is averaged over scored positions (target ≥ 0; −1 = not scored). When no position is
// scored the loss is 0 and every gradient is 0 (a batch that happens to score nothing is no error).
//
// Speed: every linear layer is one product over the whole (B·L)×D activation (Q, K and V as one
// product with [wq | wk | wv], D×3D); attention works per (sequence, head) on strided blocks, and
// causal attention in blocks of 16 queries that skip the keys above the diagonal. In float every
// product is transformer_gemm.hpp's vectorised kernel (SSE natively, SIMD128 in WebAssembly, where
// Eigen would be scalar); softmax uses simd128.hpp's exp and GELU a vectorised tanh. Scratch is
// allocated once per call. The backward pass keeps the forward's activations (the L×L attention
// weights included) rather than recomputing them: at L = 64 storing is cheaper than a second pass.
// The forward and backward are one template on the scalar type, instantiated in float (use) and
// in double (loss_double, loss_and_gradients_double: the gradient checks' finite differences; the
// double products are Eigen's, so the two instantiations share only the composition).
// Measured on the lessons' shape (D = 64, H = 4, N = 2, F = 256, L = 64, B = 16, V = 32, rope,
// causal), forward + backward without the optimiser, CPU time on the shared 2-core machine under
// load: about 50 ms per step natively and 34–46 ms in WebAssembly (Node 20), 20,000–30,000 tokens/s.
// Leaves out: dropout, biases in the attention and MLP linear layers, weight tying of wte and head,
// key/value caching, threads, mixed precision. The optimiser (AdamW) lives elsewhere.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "matrix.hpp"
#include "rope.hpp"
#include "t5.hpp"

namespace posenc {

enum class PositionScheme { None, Learned, Sinusoidal, Rope, Alibi, T5, Shaw };

// How an absolute position (learned, sinusoidal) enters the residual stream: added to the token
// vector (the transformer's sum) or concatenated beside it (position_width Dp columns of its own).
enum class PositionCombine { Add, Concat };

// "add", "concat"; anything else: "combine 'x' must be 'add' or 'concat'".
PositionCombine parse_position_combine(const std::string& name);
const char* position_combine_name(PositionCombine combine);

// "none", "learned", "sinusoidal", "rope", "alibi", "t5", "shaw"; anything else:
// "position 'x' must be one of 'none', 'learned', 'sinusoidal', 'rope', 'alibi', 't5', 'shaw'".
PositionScheme parse_position_scheme(const std::string& name);
const char* position_scheme_name(PositionScheme scheme);

// Sizes are doubles so that a value straight from JavaScript (2.5, NaN, 1e12) is refused with its
// own text by check_config; after check_config they hold integers.
struct TransformerConfig {
    double vocab = 0;       // V ≥ 1
    double width = 0;       // D ≥ 1, divisible by heads (and sinusoidal: even; rope: Dh even)
    double heads = 1;       // H ≥ 1
    double layers = 1;      // N ≥ 1
    double mlp_width = 0;   // F ≥ 1; 0 → 4·D
    double max_length = 0;  // learned: the wpe table's rows (≥ 1, the longest L accepted);
                            // other schemes: 0 or any count, not used
    PositionScheme position = PositionScheme::None;
    PositionCombine combine = PositionCombine::Add;  // concat: learned or sinusoidal only
    double position_width = 0;  // Dp: add → 0 (the position is D wide); concat → 1 … D − 1
                                // (even for sinusoidal), the token part is D − Dp wide
    bool causal = true;
    RopeOptions rope;       // rope only: base, layout, scale (position interpolation)
    T5Options t5;           // t5 only: num_buckets, max_distance; bidirectional is set from !causal
    double shaw_max_distance = 4;  // shaw only: k ≥ 0, tables (2k+1) × Dh
    double seed = 0;        // integer 0 .. 2^53 − 1
};

// Checks every field (an Error naming the value and the rule, e.g. "width 10 is not divisible by
// 3 heads", "head width 3 must be even for rope", "positionWidth 12 must be 1 … 11 (less than
// width 12) for combine 'concat'"), resolves mlp_width 0 → 4·width and sets
// t5.bidirectional = !causal, and refuses a config whose parameters (counted in floats, ×3 for
// the optimiser's state) would exceed kMaxResultBytes — before anything is allocated.
TransformerConfig check_config(TransformerConfig c);

// Every call refuses a (batch, length) whose kept activations (about B·L·(N·(8D + 2F) + V) +
// N·B·H·L² floats) would exceed kMaxResultBytes, before allocating:
// "batch 64 × length 4096 needs 9.1e9 bytes of activations, over the limit of … (256 MiB)".

class Transformer {
public:
    explicit Transformer(const TransformerConfig& config);  // check_config, then GPT-2 initialisation

    const TransformerConfig& config() const { return config_; }

    // Names in the fixed order above; parameters() holds the matrices in the same order.
    const std::vector<std::string>& parameter_names() const { return names_; }
    std::vector<Matrix>& parameters() { return params_; }
    const std::vector<Matrix>& parameters() const { return params_; }
    // Index of a name; Error "unknown parameter 'x'; known: wte, h.0.ln1.weight, …".
    int parameter_index(const std::string& name) const;
    // Replaces one parameter after checking its shape and that every value is finite
    // ("h.0.attn.wq is 3×4 but must be 8×8"); nothing changes when it throws.
    void set_parameter(const std::string& name, const Matrix& value);
    std::size_t parameter_count() const;  // number of floats in all parameters

    // tokens: B·L ids in [0, V), sequence b at tokens[b·L … b·L + L − 1]. L ≤ maxLength for
    // learned (Error "length 9 is longer than maxLength 8, the rows of the learned table wpe");
    // other schemes accept any L ≥ 1 within the size limit. Returns (B·L) × V logits.
    Matrix forward(const std::vector<int>& tokens, int batch, int length) const;

    // Batch 1: one H × L × L tensor of attention weights α per layer (N tensors); masked entries 0.
    std::vector<HeadTensor> attention_weights(const std::vector<int>& tokens, int length) const;

    // targets: B·L ids in [0, V) or −1 (not scored). Returns the mean loss over scored positions
    // and fills grads with ∂loss/∂parameter (resized to the same order and shapes as parameters()).
    float loss_and_gradients(const std::vector<int>& tokens, const std::vector<int>& targets, int batch,
                             int length, std::vector<Matrix>& grads) const;
    // The forward only (no activations kept for backward).
    float loss(const std::vector<int>& tokens, const std::vector<int>& targets, int batch, int length) const;

    // The same model computed in double precision from the float parameters (for finite differences
    // in tests). loss_double_with lets a test perturb one parameter entry in double: parameter
    // `index`, row-major entry `entry`, plus `delta`.
    double loss_double(const std::vector<int>& tokens, const std::vector<int>& targets, int batch,
                       int length) const;
    double loss_double_with(const std::vector<int>& tokens, const std::vector<int>& targets, int batch,
                            int length, int index, std::ptrdiff_t entry, double delta) const;
    using MatrixD = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
    double loss_and_gradients_double(const std::vector<int>& tokens, const std::vector<int>& targets,
                                     int batch, int length, std::vector<MatrixD>& grads) const;

private:
    TransformerConfig config_;
    int V_ = 0, D_ = 0, H_ = 0, N_ = 0, F_ = 0, Dh_ = 0, max_length_ = 0, shaw_k_ = 0;
    int Dp_ = 0, Dt_ = 0;  // position and token widths: add → D, D; concat → Dp, D − Dp
    std::vector<std::string> names_;
    std::vector<Matrix> params_;
    // Indices into params_ (−1 when the scheme has no such tensor).
    int i_wte_ = -1, i_wpe_ = -1, i_t5_ = -1, i_lnf_w_ = -1, i_lnf_b_ = -1, i_head_ = -1;
    struct LayerIndex {
        int ln1_w, ln1_b, ln2_w, ln2_b, wq, wk, wv, wo, shaw_k, shaw_v, w1, w2;
    };
    std::vector<LayerIndex> layer_index_;
    std::vector<float> alibi_slopes_;
    std::vector<double> rope_theta_;

    void check_inputs(const std::vector<int>& tokens, const std::vector<int>* targets, int batch,
                      int length) const;
    template <typename T> friend struct TransformerPass;
};

}  // namespace posenc
