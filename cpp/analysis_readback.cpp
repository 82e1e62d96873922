// analysis_readback.cpp: see analysis_readback.hpp.
#include "analysis_readback.hpp"

#include <cmath>

namespace posenc {

namespace {
std::vector<int> nearest(const Matrix& x, const Matrix& pe) {
    std::vector<int> out(static_cast<std::size_t>(x.rows()));
    for (Eigen::Index r = 0; r < x.rows(); ++r) {
        double best = INFINITY;
        int best_p = 0;
        for (Eigen::Index p = 0; p < pe.rows(); ++p) {
            double d = 0;
            for (Eigen::Index c = 0; c < x.cols(); ++c) {
                const double diff = double(x(r, c)) - double(pe(p, c));
                d += diff * diff;
            }
            if (d < best) {
                best = d;
                best_p = int(p);
            }
        }
        out[std::size_t(r)] = best_p;
    }
    return out;
}

void check_readback(const ReadbackOptions& opts) {
    require_finite(opts.scale, "scale");
    if (opts.scale < 0) throw Error("scale " + format_number(opts.scale) + " must be at least 0");
    const int trials = require_size(opts.trials, "trials");
    // Each trial also draws a fresh E; a cap keeps tiny-but-countless trials from running for hours.
    constexpr int kMaxTrials = 100000;
    if (trials > kMaxTrials)
        throw Error("trials " + std::to_string(trials) + " is too many (at most " + std::to_string(kMaxTrials) + ")");
    require_seed(opts.seed);
    require_seed(opts.seed + trials - 1);
}

double rate_of(int length, int dim, const ReadbackOptions& opts) {
    const Matrix pe = sinusoidal(length, dim, opts.sinusoidal);
    const int trials = int(opts.trials);
    long correct = 0;
    for (int t = 0; t < trials; ++t) {
        RandomOptions ro;
        ro.seed = opts.seed + t;
        ro.scale = opts.scale;
        ro.distribution = opts.distribution;
        const Matrix x = random_matrix(length, dim, ro) + pe;
        const std::vector<int> got = nearest(x, pe);
        for (int r = 0; r < length; ++r) correct += got[std::size_t(r)] == r;
    }
    return double(correct) / (double(length) * trials);
}

// Distance terms to compute (`count` says how they were counted); refuse work that would run for
// minutes.
void require_work_fits(double work, const std::string& what, const std::string& count) {
    constexpr double kMaxWork = 4e9;
    if (work > kMaxWork)
        throw Error(what + " needs " + format_number(work) + " distance terms (" + count + "), over the limit of " +
                    format_number(kMaxWork));
}
const char* const kExperiment = "this read-back experiment";
const char* const kTrialsCount = "length² × width × trials, summed";
}  // namespace

std::vector<int> read_positions(const Matrix& x, int candidates, const SinusoidalOptions& opts) {
    require_size(candidates, "candidates");
    require_finite_values(x, "x");
    require_work_fits(double(x.rows()) * candidates * double(x.cols()), "reading positions back",
                      "rows × candidates × width");
    return nearest(x, sinusoidal(candidates, int(x.cols()), opts));
}

double readback_rate(int length, int dim, const ReadbackOptions& opts) {
    require_size(length, "length");
    require_size(dim, "width");
    require_even(dim, "width");
    check_readback(opts);
    require_result_fits(length, dim, 1, "random matrix");
    require_work_fits(double(length) * length * dim * opts.trials, kExperiment, kTrialsCount);
    return rate_of(length, dim, opts);
}

Matrix readback_sweep(int length, const std::vector<double>& dims, const std::vector<double>& scales,
                      const ReadbackOptions& opts) {
    require_size(length, "length");
    if (dims.empty()) throw Error("the list of widths is empty; give at least one width");
    if (scales.empty()) throw Error("the list of scales is empty; give at least one scale");
    check_readback(opts);
    double work = 0;
    for (double d : dims) {
        const int D = require_size(d, "width");
        require_even(D, "width");
        require_result_fits(length, D, 1, "random matrix");
        work += double(length) * length * D * opts.trials * double(scales.size());
    }
    for (double s : scales) {
        require_finite(s, "scale");
        if (s < 0) throw Error("scale " + format_number(s) + " must be at least 0");
    }
    require_work_fits(work, kExperiment, kTrialsCount);
    Matrix out(Eigen::Index(dims.size()), Eigen::Index(scales.size()));
    for (std::size_t a = 0; a < dims.size(); ++a)
        for (std::size_t b = 0; b < scales.size(); ++b) {
            ReadbackOptions o = opts;
            o.scale = scales[b];
            out(Eigen::Index(a), Eigen::Index(b)) = float(rate_of(length, int(dims[a]), o));
        }
    return out;
}

}  // namespace posenc
