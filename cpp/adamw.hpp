// adamw.hpp: the optimiser of the training engine, AdamW exactly as torch.optim.AdamW
// (amsgrad = False, maximize = False), and global-norm gradient clipping exactly as
// torch.nn.utils.clip_grad_norm_ (norm_type = 2), for any list of parameter matrices.
//
// AdamW (Loshchilov & Hutter 2019, "Decoupled Weight Decay Regularization"; PyTorch's formulation).
// Step t = 1, 2, … with learning rate γ, betas β1, β2, ε, weight decay λ, for every parameter θ with
// gradient g (the moments m, v start at 0):
//   θ ← θ·(1 − γλ)                              decoupled decay, on EVERY parameter when λ > 0
//                                               (LN weights and biases too, as torch does)
//   m ← β1·m + (1 − β1)·g
//   v ← β2·v + (1 − β2)·g²
//   m̂ = m / (1 − β1^t),  v̂ = v / (1 − β2^t)       bias correction
//   θ ← θ − γ·m̂ / (√v̂ + ε)
// computed as torch computes it: θ −= (γ / (1 − β1^t))·m / (√v / √(1 − β2^t) + ε).
//
// Clipping (before the step, over ALL gradients together):
//   total = √(Σ_tensors Σ_entries g²)             (torch: the 2-norm of the per-tensor 2-norms)
//   c     = min(1, maxNorm / (total + 1e−6))
//   g    ← c·g for every gradient                 (maxNorm = ∞ leaves the gradients untouched)
//
// Checks (Error naming the value and the rule, before anything changes): lr ≥ 0 finite;
// 0 ≤ β1, β2 < 1; ε ≥ 0 finite; weightDecay ≥ 0 finite; clip > 0 (∞ allowed); gradients of the
// parameters' count and shapes, every gradient value finite.
// Leaves out: amsgrad, maximize, learning-rate schedules (the caller passes lr per step),
// per-parameter groups (one set of hyper-parameters for all tensors), other norms than 2.
#pragma once

#include <limits>
#include <vector>

#include "matrix.hpp"

namespace posenc {

struct AdamWOptions {
    double lr = 1e-3;       // γ
    double beta1 = 0.9;     // β1
    double beta2 = 0.999;   // β2
    double eps = 1e-8;      // ε
    double weight_decay = 0;  // λ (torch's AdamW default is 0.01; the JS API's is 0, as the issue states)
    double clip = std::numeric_limits<double>::infinity();  // maxNorm of the global gradient norm
};

// "lr -1 must be a finite number ≥ 0", "beta1 1 must be in [0, 1)", "clip 0 must be greater than 0
// (Infinity: no clipping)".
void check_adamw_options(const AdamWOptions& o);

// torch.nn.utils.clip_grad_norm_(grads, max_norm): returns the total norm before clipping (the
// norm is accumulated in double). max_norm > 0; ∞ only measures.
double clip_grad_norm(std::vector<Matrix>& grads, double max_norm);

class AdamW {
public:
    // One step on params with grads (same count and shapes; grads are clipped in place when
    // o.clip is finite, like torch). The moments are created at the first step with the
    // parameters' shapes; later steps refuse parameters of other shapes. Returns the global
    // gradient norm before clipping.
    double step(std::vector<Matrix>& params, std::vector<Matrix>& grads, const AdamWOptions& o);

    long steps() const { return t_; }       // t: steps taken so far
    const std::vector<Matrix>& first_moments() const { return m_; }   // m, one per parameter
    const std::vector<Matrix>& second_moments() const { return v_; }  // v, one per parameter
    void reset();                            // forget the moments and the step count

private:
    std::vector<Matrix> m_, v_;
    long t_ = 0;
};

}  // namespace posenc
