// attention_fused.cpp: the fused, tiled, online-softmax attention of attention_fused.hpp.
//
// Layout of one query tile (kQueryTile = 16 queries, SIMD lanes run over queries):
//   qt[d][i]  the tile's queries transposed and scaled by 1/√Dh (Dh × 16), packed once per tile
//   st[j][i]  scores, then probabilities, of key tile j against the 16 queries (kKeyTile × 16):
//             the softmax's max and sum over j are lane-wise vector operations, no shuffles
//   o[i][d]   running output rows (16 × Dh), rescaled by c_i while each key tile's P·V is added
// Four query tiles (64 queries) walk the keys together, so each key tile's K and V rows are used
// four times while in cache. Keys and values are read in place (row stride D); padding lanes (past
// the last query) compute harmless finite values that are never written out.
#include "attention_fused.hpp"

#include <cmath>
#include <limits>
#include <vector>

#include "rope.hpp"
#include "simd128.hpp"

namespace posenc {
namespace {

using simd::f4;
using simd::i4;
using simd::load;
using simd::splat;
using simd::store;

constexpr int kT = kQueryTile;
constexpr int kV = kQueryTile / 4;  // vectors per row of 16 lanes
constexpr int kTilesPerBlock = 4;   // query tiles that share each key tile
static_assert(kQueryTile % 4 == 0, "the query tile is a whole number of 4-lane vectors");

// One head: pointers at column h·Dh of row 0, row stride ld (= D) for q, k, v and out.
struct HeadJob {
    const float* q;
    const float* k;
    const float* v;
    float* out;
    int ld, L, S, Dh;
    float scale;
    bool causal;
    const float* bias;  // L×S rows of this head's bias, or null
    float alibi_slope;  // m_h, or 0 for no ALiBi
};

// One query tile's state between key tiles: its packed queries, running max m, running sum l,
// query positions i' = i + (S − L) and running output rows o.
struct QueryTile {
    int i0 = 0, nq = 0, jend = 0;  // rows i0 .. i0 + nq − 1; keys j < jend are visible
    std::vector<float> qt, o;
    f4 m[kV] = {}, l[kV] = {}, pos[kV] = {};
    explicit QueryTile(int Dh) : qt(std::size_t(Dh) * kT), o(std::size_t(kT) * Dh) {}
};

// st[j][·] = Σ_d qt[d][·]·k_j[d] for the nk keys at k (row stride ldk): two keys × 16 queries at once.
void tile_scores(const float* qt, const float* k, int ldk, int Dh, int nk, float* st) {
    int j = 0;
    for (; j + 2 <= nk; j += 2) {
        const float* k0 = k + std::size_t(j) * ldk;
        const float* k1 = k0 + ldk;
        f4 a0[kV] = {}, a1[kV] = {};
        for (int d = 0; d < Dh; ++d) {
            const float* qd = qt + d * kT;
            const f4 b0 = splat(k0[d]), b1 = splat(k1[d]);
            for (int c = 0; c < kV; ++c) {
                const f4 x = load(qd + 4 * c);
                a0[c] += x * b0;
                a1[c] += x * b1;
            }
        }
        for (int c = 0; c < kV; ++c) {
            store(st + j * kT + 4 * c, a0[c]);
            store(st + (j + 1) * kT + 4 * c, a1[c]);
        }
    }
    if (j < nk) {
        const float* k0 = k + std::size_t(j) * ldk;
        f4 a0[kV] = {};
        for (int d = 0; d < Dh; ++d) {
            const f4 b0 = splat(k0[d]);
            for (int c = 0; c < kV; ++c) a0[c] += load(qt + d * kT + 4 * c) * b0;
        }
        for (int c = 0; c < kV; ++c) store(st + j * kT + 4 * c, a0[c]);
    }
}

// o[i][d] ← c_i·o[i][d] + Σ_j st[j][i]·v_j[d] for the rows i < nq (in blocks of 4) and every d < Dh:
// the online softmax's rescale by c_i rides on the loads of o (no separate pass over o).
void tile_accumulate(const float* st, const float* v, int ldv, int Dh, int nk, int nq, const float* corr, float* o) {
    for (int ib = 0; ib < nq; ib += 4) {
        float* orow = o + ib * Dh;
        const f4 c[4] = {splat(corr[ib]), splat(corr[ib + 1]), splat(corr[ib + 2]), splat(corr[ib + 3])};
        int d = 0;
        for (; d + 8 <= Dh; d += 8) {
            f4 a[4][2];
            for (int r = 0; r < 4; ++r) {
                a[r][0] = load(orow + r * Dh + d) * c[r];
                a[r][1] = load(orow + r * Dh + d + 4) * c[r];
            }
            const float* vj = v + d;
            const float* pj = st + ib;
            for (int j = 0; j < nk; ++j, vj += ldv, pj += kT) {
                const f4 v0 = load(vj), v1 = load(vj + 4);
                for (int r = 0; r < 4; ++r) {
                    const f4 p = splat(pj[r]);
                    a[r][0] += p * v0;
                    a[r][1] += p * v1;
                }
            }
            for (int r = 0; r < 4; ++r) {
                store(orow + r * Dh + d, a[r][0]);
                store(orow + r * Dh + d + 4, a[r][1]);
            }
        }
        for (; d + 4 <= Dh; d += 4) {
            f4 a[4];
            for (int r = 0; r < 4; ++r) a[r] = load(orow + r * Dh + d) * c[r];
            const float* vj = v + d;
            const float* pj = st + ib;
            for (int j = 0; j < nk; ++j, vj += ldv, pj += kT) {
                const f4 v0 = load(vj);
                for (int r = 0; r < 4; ++r) a[r] += splat(pj[r]) * v0;
            }
            for (int r = 0; r < 4; ++r) store(orow + r * Dh + d, a[r]);
        }
        for (; d < Dh; ++d)
            for (int r = 0; r < 4; ++r) {
                float a = orow[r * Dh + d] * corr[ib + r];
                for (int j = 0; j < nk; ++j) a += st[j * kT + ib + r] * v[std::size_t(j) * ldv + d];
                orow[r * Dh + d] = a;
            }
    }
}

// The one initialiser of a head's job: pointers at column h·Dh of q, k, v and out (row stride D),
// the head's bias rows and ALiBi slope.
HeadJob head_job(const Matrix& q, const Matrix& k, const Matrix& v, Matrix& out, const AttentionOptions& opts, int h) {
    const int L = int(q.rows()), S = int(k.rows()), D = int(q.cols()), Dh = D / opts.heads;
    HeadJob job;
    job.q = q.data() + h * Dh;
    job.k = k.data() + h * Dh;
    job.v = v.data() + h * Dh;
    job.out = out.data() + h * Dh;
    job.ld = D;
    job.L = L;
    job.S = S;
    job.Dh = Dh;
    job.scale = 1.0f / std::sqrt(float(Dh));
    job.causal = opts.causal;
    job.bias = opts.bias ? opts.bias->data.data() + std::size_t(opts.bias->heads == 1 ? 0 : h) * L * S : nullptr;
    job.alibi_slope = opts.alibi_slopes ? (*opts.alibi_slopes)[std::size_t(h)] : 0.0f;
    return job;
}

void start_tile(const HeadJob& job, int i0, QueryTile& t) {
    const int Dh = job.Dh, off = job.S - job.L;
    t.i0 = i0;
    t.nq = std::min(kT, job.L - i0);
    // Causal: the tile's last query sees keys j < i0 + nq + (S − L); later key tiles are skipped.
    t.jend = job.causal ? std::min(job.S, i0 + t.nq + off) : job.S;
    for (int d = 0; d < Dh; ++d)
        for (int i = 0; i < kT; ++i)
            t.qt[std::size_t(d) * kT + i] = i < t.nq ? job.q[std::size_t(i0 + i) * job.ld + d] * job.scale : 0.0f;
    std::fill(t.o.begin(), t.o.end(), 0.0f);
    for (int c = 0; c < kV; ++c) {
        t.m[c] = splat(-std::numeric_limits<float>::infinity());
        t.l[c] = splat(0.0f);
        t.pos[c] = splat(float(i0 + off + 4 * c)) + f4{0, 1, 2, 3};
    }
}

// One query tile against the nk keys from j0: scores, bias, ALiBi, mask, online softmax, P·V.
void attend_tile(const HeadJob& job, int j0, int nk, QueryTile& t, float* st) {
    const int Dh = job.Dh, ld = job.ld, off = job.S - job.L;
    constexpr float inf = std::numeric_limits<float>::infinity();
    float* o = t.o.data();
    tile_scores(t.qt.data(), job.k + std::size_t(j0) * ld, ld, Dh, nk, st);
    if (job.bias)
        for (int i = 0; i < t.nq; ++i) {
            const float* b = job.bias + std::size_t(t.i0 + i) * job.S + j0;
            for (int j = 0; j < nk; ++j) st[j * kT + i] += b[j];
        }
    if (job.alibi_slope != 0.0f) {
        const f4 neg_slope = splat(-job.alibi_slope);
        for (int j = 0; j < nk; ++j) {
            const f4 kj = splat(float(j0 + j));
            for (int c = 0; c < kV; ++c) {
                float* p = st + j * kT + 4 * c;
                store(p, load(p) + neg_slope * simd::abs(t.pos[c] - kj));
            }
        }
    }
    if (job.causal && j0 + nk - 1 > t.i0 + off)  // the tile crosses the diagonal: mask j > i'
        for (int j = 0; j < nk; ++j) {
            const f4 kj = splat(float(j0 + j));
            for (int c = 0; c < kV; ++c) {
                float* p = st + j * kT + 4 * c;
                store(p, simd::select(kj > t.pos[c], splat(-inf), load(p)));
            }
        }
    f4 mnew[kV], corr[kV], sum[kV];
    for (int c = 0; c < kV; ++c) mnew[c] = t.m[c];
    for (int j = 0; j < nk; ++j)
        for (int c = 0; c < kV; ++c) mnew[c] = simd::max(mnew[c], load(st + j * kT + 4 * c));
    for (int c = 0; c < kV; ++c) {
        corr[c] = simd::exp(t.m[c] - mnew[c]);  // 0 on the first tile (−∞ − finite)
        sum[c] = splat(0.0f);
    }
    for (int j = 0; j < nk; ++j)
        for (int c = 0; c < kV; ++c) {
            float* p = st + j * kT + 4 * c;
            const f4 e = simd::exp(load(p) - mnew[c]);
            store(p, e);
            sum[c] += e;
        }
    for (int c = 0; c < kV; ++c) {
        t.l[c] = t.l[c] * corr[c] + sum[c];
        t.m[c] = mnew[c];
    }
    float c[kT];
    for (int q = 0; q < kV; ++q) store(c + 4 * q, corr[q]);
    tile_accumulate(st, job.v + std::size_t(j0) * ld, ld, Dh, nk, t.nq, c, o);
}

void finish_tile(const HeadJob& job, const QueryTile& t) {
    for (int i = 0; i < t.nq; ++i) {
        const float inv = 1.0f / t.l[i / 4][i % 4];
        float* out = job.out + std::size_t(t.i0 + i) * job.ld;
        for (int d = 0; d < job.Dh; ++d) out[d] = t.o[std::size_t(i) * job.Dh + d] * inv;
    }
}

// kTilesPerBlock query tiles walk the keys together, so each key tile (its K and V rows) is used
// by all of them while it is in cache.
void attend_head(const HeadJob& job, std::vector<QueryTile>& tiles, std::vector<float>& st, FusedAttentionStats& stats) {
    const int block = kTilesPerBlock * kT;
    for (int b0 = 0; b0 < job.L; b0 += block) {
        const int n = (std::min(block, job.L - b0) + kT - 1) / kT;
        int jend = 0;
        for (int t = 0; t < n; ++t) {
            start_tile(job, b0 + t * kT, tiles[std::size_t(t)]);
            jend = std::max(jend, tiles[std::size_t(t)].jend);
        }
        for (int j0 = 0; j0 < jend; j0 += kKeyTile)
            for (int t = 0; t < n; ++t) {
                QueryTile& tile = tiles[std::size_t(t)];
                if (j0 >= tile.jend) continue;
                const int nk = std::min(kKeyTile, tile.jend - j0);
                attend_tile(job, j0, nk, tile, st.data());
                stats.key_tiles += 1;
                stats.scored_pairs += kT * nk;
            }
        for (int t = 0; t < n; ++t) finish_tile(job, tiles[std::size_t(t)]);
    }
}

}  // namespace

// max |x| over columns c0 … c0 + n − 1 of every row of m (4 lanes at a time; exact).
static double column_block_max_abs(const Matrix& m, Eigen::Index c0, int n) {
    f4 best = splat(0.0f);
    float tail = 0.0f;
    for (Eigen::Index r = 0; r < m.rows(); ++r) {
        const float* x = m.data() + r * m.cols() + c0;
        int d = 0;
        for (; d + 4 <= n; d += 4) best = simd::max(best, simd::abs(load(x + d)));
        for (; d < n; ++d) tail = std::max(tail, std::fabs(x[d]));
    }
    return double(std::max(simd::hmax(best), tail));
}

// True when no score q·k/√Dh + bias + ALiBi can overflow float32. Every partial sum of q_i·k_j is
// at most Σ_d |q_id|·|k_jd| ≤ Dh·max|q_h|·max|k_h| (RoPE keeps these within a factor √2: a
// rotated pair's entries are at most √2 times the larger of the two), so one max-abs pass per head
// bounds them all, in O((L + S)·D) vector work. The bound is coarser than row norms (by up to Dh);
// inputs it refuses (entries near 1e17) still get the exact reference kernel.
static bool scores_fit_float(const Matrix& q, const Matrix& k, const AttentionOptions& opts) {
    const int H = opts.heads;
    const int Dh = int(q.cols()) / H;
    double extra = 0;
    if (opts.bias) {
        double m = 0;
        for (float x : opts.bias->data) m = std::max(m, double(std::fabs(x)));
        extra += m;
    }
    if (opts.alibi_slopes) {
        double m = 0;
        for (float x : *opts.alibi_slopes) m = std::max(m, double(std::fabs(x)));
        extra += m * double(q.rows() + k.rows());
    }
    constexpr double kLimit = 1e37;  // FLT_MAX ≈ 3.4e38, with room for rounding in the sums
    const double rope = opts.rope ? 2.0 : 1.0;  // (√2)² for the two rotated factors
    for (int h = 0; h < H; ++h) {
        const double qm = column_block_max_abs(q, Eigen::Index(h) * Dh, Dh);
        const double km = column_block_max_abs(k, Eigen::Index(h) * Dh, Dh);
        if (!(rope * double(Dh) * qm * km + extra < kLimit)) return false;
    }
    return true;
}

bool fused_attention_supports(const Matrix& q, const Matrix& k, const AttentionOptions& opts) {
    return !opts.weights && !opts.relative_keys && !opts.relative_values && scores_fit_float(q, k, opts);
}

AttentionResult attention_fused(const Matrix& q, const Matrix& k, const Matrix& v, const AttentionOptions& opts,
                                FusedAttentionStats* stats) {
    check_attention_inputs(q, k, v, opts);
    if (opts.weights || opts.relative_keys || opts.relative_values)
        throw Error("the fused attention returns no weights and takes no relative-position vectors; "
                    "call attention() for those");
    if (!scores_fit_float(q, k, opts))
        throw Error("the fused attention cannot bound these scores within float32; call attention(), "
                    "whose reference kernel answers exactly or names the score that overflows");
    return attention_fused_unchecked(q, k, v, opts, stats);
}

AttentionResult attention_fused_unchecked(const Matrix& q, const Matrix& k, const Matrix& v,
                                          const AttentionOptions& opts, FusedAttentionStats* stats) {
    const int H = opts.heads;
    // RoPE, as in the reference: q rotated at positions i + (S − L), k at positions j, once up front.
    const RotatedQK rotated = opts.rope ? rope_for_attention(q, k, H, *opts.rope) : RotatedQK{};
    AttentionResult result;
    result.output.resize(q.rows(), q.cols());
    std::vector<QueryTile> tiles(kTilesPerBlock, QueryTile(int(q.cols()) / H));
    std::vector<float> st(std::size_t(kKeyTile) * kT);
    FusedAttentionStats counted;
    for (int h = 0; h < H; ++h)
        attend_head(head_job(opts.rope ? rotated.q : q, opts.rope ? rotated.k : k, v, result.output, opts, h), tiles, st,
                    counted);
    if (stats) {
        stats->key_tiles += counted.key_tiles;
        stats->scored_pairs += counted.scored_pairs;
    }
    return result;
}

void fused_exp(const float* x, float* y, int n) {
    int i = 0;
    for (; i + 4 <= n; i += 4) store(y + i, simd::exp(load(x + i)));
    for (; i < n; ++i) {
        float t[4] = {x[i], 0, 0, 0};
        store(t, simd::exp(load(t)));
        y[i] = t[0];
    }
}

}  // namespace posenc
