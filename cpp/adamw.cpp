// adamw.cpp: AdamW and global-norm clipping as torch computes them (formulas in adamw.hpp).
// One fused loop per tensor (decay, both moments, update) in float, with the per-step scalars
// computed in double as Python computes them in torch's optimizer, then rounded to float.
#include "adamw.hpp"

#include <cmath>
#include <string>

namespace posenc {

namespace {

void require_unit_interval(double value, const char* what) {
    if (!(value >= 0.0 && value < 1.0))
        throw Error(std::string(what) + " " + format_number(value) + " must be a number in [0, 1)");
}

void require_non_negative(double value, const char* what) {
    if (!(std::isfinite(value) && value >= 0.0))
        throw Error(std::string(what) + " " + format_number(value) + " must be a finite number ≥ 0");
}

void check_gradients(const std::vector<Matrix>& params, const std::vector<Matrix>& grads) {
    if (grads.size() != params.size())
        throw Error("there are " + std::to_string(grads.size()) + " gradients but " +
                    std::to_string(params.size()) + " parameters; every parameter needs one");
    for (std::size_t i = 0; i < params.size(); ++i) {
        if (grads[i].rows() != params[i].rows() || grads[i].cols() != params[i].cols())
            throw Error("gradient " + std::to_string(i) + " is " + shape_text(grads[i].rows(), grads[i].cols()) +
                        " but its parameter is " + shape_text(params[i].rows(), params[i].cols()));
        require_finite_values(grads[i], "gradient " + std::to_string(i));
    }
}

}  // namespace

void check_adamw_options(const AdamWOptions& o) {
    require_non_negative(o.lr, "lr");
    require_unit_interval(o.beta1, "beta1");
    require_unit_interval(o.beta2, "beta2");
    require_non_negative(o.eps, "eps");
    require_non_negative(o.weight_decay, "weightDecay");
    if (!(o.clip > 0.0))
        throw Error("clip " + format_number(o.clip) + " must be a number greater than 0 (Infinity: no clipping)");
}

double clip_grad_norm(std::vector<Matrix>& grads, double max_norm) {
    if (!(max_norm > 0.0))
        throw Error("clip " + format_number(max_norm) + " must be a number greater than 0 (Infinity: no clipping)");
    double sum = 0.0;
    for (const Matrix& g : grads) {
        const float* p = g.data();
        for (Eigen::Index i = 0; i < g.size(); ++i) sum += double(p[i]) * double(p[i]);
    }
    const double total = std::sqrt(sum);
    if (std::isinf(max_norm)) return total;
    const double coef = max_norm / (total + 1e-6);
    if (coef < 1.0) {
        const float c = float(coef);
        for (Matrix& g : grads) g *= c;
    }
    return total;
}

double AdamW::step(std::vector<Matrix>& params, std::vector<Matrix>& grads, const AdamWOptions& o) {
    check_adamw_options(o);
    check_gradients(params, grads);
    if (t_ > 0) {
        if (m_.size() != params.size())
            throw Error("the optimiser holds moments for " + std::to_string(m_.size()) + " parameters but was given " +
                        std::to_string(params.size()));
        for (std::size_t i = 0; i < params.size(); ++i)
            if (m_[i].rows() != params[i].rows() || m_[i].cols() != params[i].cols())
                throw Error("parameter " + std::to_string(i) + " is " + shape_text(params[i].rows(), params[i].cols()) +
                            " but the optimiser's moments are " + shape_text(m_[i].rows(), m_[i].cols()));
    } else {
        m_.clear();
        v_.clear();
        for (const Matrix& p : params) {
            m_.push_back(Matrix::Zero(p.rows(), p.cols()));
            v_.push_back(Matrix::Zero(p.rows(), p.cols()));
        }
    }
    const double norm = clip_grad_norm(grads, o.clip);

    ++t_;
    const double bc1 = 1.0 - std::pow(o.beta1, double(t_));
    const double bc2 = 1.0 - std::pow(o.beta2, double(t_));
    const float decay = float(1.0 - o.lr * o.weight_decay);
    const float b1 = float(o.beta1), a1 = float(1.0 - o.beta1);
    const float b2 = float(o.beta2), a2 = float(1.0 - o.beta2);
    const float step_size = float(o.lr / bc1);
    const float bc2_sqrt = float(std::sqrt(bc2));
    const float eps = float(o.eps);
    const bool decays = o.weight_decay > 0.0;
    for (std::size_t k = 0; k < params.size(); ++k) {
        float* theta = params[k].data();
        const float* g = grads[k].data();
        float* m = m_[k].data();
        float* v = v_[k].data();
        const Eigen::Index n = params[k].size();
        for (Eigen::Index i = 0; i < n; ++i) {
            float p = theta[i];
            if (decays) p *= decay;
            const float gi = g[i];
            const float mi = m[i] * b1 + a1 * gi;
            const float vi = v[i] * b2 + a2 * (gi * gi);
            m[i] = mi;
            v[i] = vi;
            const float denom = std::sqrt(vi) / bc2_sqrt + eps;
            theta[i] = p - step_size * (mi / denom);
        }
    }
    return norm;
}

void AdamW::reset() {
    m_.clear();
    v_.clear();
    t_ = 0;
}

}  // namespace posenc
