#pragma once
// One node's share of a layer and its mapping onto the PE array (docs/pim.md, "Evaluator").
//
// A partition scheme gives every node the same partitioned layer (ceil of each split axis).
// The node maps it row-stationary, as Eyeriss and nn_dataflow's MapStrategyEyeriss do: a
// logical PE set of R x E' PEs (filter rows by output rows), replicated when it is smaller
// than the array and folded when larger; a "unit pass" processes one input and one output
// channel of one sample; the replication of the array height is split between input and
// output channels. What remains is a nest of three loops (input channels, output channels,
// batch) around the unit pass, whose trip counts and per-pass data the loop blocking works on.
//
// All totals here are exact integers: the products nn_dataflow forms from fractional unit
// counts and loop occupancies are rearranged so that nothing is divided (docs/pim.md).

#include <cstdint>

#include "dramsweep/common/hd.hpp"
#include "dramsweep/pim/geometry.hpp"
#include "dramsweep/pim/layer_shape.hpp"

namespace dramsweep::pim {

enum Loop : int { kLoopIfm = 0, kLoopOfm = 1, kLoopBat = 2, kNumLoops = 3 };

DRAMSWEEP_HD inline std::int64_t ceil_div(std::int64_t a, std::int64_t b) {
    return (a + b - 1) / b;
}

// Which loops index each data category: conv FIL (IFM, OFM), IFM (IFM, BAT), OFM (OFM, BAT);
// local region: FIL none, IFM and OFM (OFM, BAT).
DRAMSWEEP_HD inline bool is_data_loop(LayerModel model, int data, int loop) {
    if (model == LayerModel::kConv) {
        if (data == kFil) return loop != kLoopBat;
        if (data == kIfm) return loop != kLoopOfm;
        return loop != kLoopIfm;
    }
    if (data == kFil) return false;
    return loop != kLoopIfm;
}

struct PartitionedLayer {
    LayerShape shape;        // the layer one node computes
    std::int64_t batch = 1;  // its batch
};

// nn_dataflow's part_layer: each split axis rounded up.
DRAMSWEEP_HD inline PartitionedLayer partition_layer(const LayerShape& layer, std::int64_t batch,
                                                     const PartitionScheme& part) {
    PartitionedLayer p;
    p.shape = layer;
    p.shape.K = static_cast<std::int32_t>(ceil_div(layer.K, part.size(kOutp)));
    p.shape.E = static_cast<std::int32_t>(ceil_div(layer.E, part.pdims[kOfmp].h));
    p.shape.F = static_cast<std::int32_t>(ceil_div(layer.F, part.pdims[kOfmp].w));
    if (layer.is_conv()) {
        p.shape.C = static_cast<std::int32_t>(ceil_div(layer.C, part.size(kInpp)));
    } else {
        // nn_dataflow rebuilds the partitioned local-region layer without its channel stride.
        p.shape.ntrd = 1;
        p.shape.C = p.shape.K;
    }
    p.batch = ceil_div(batch, part.size(kBatp));
    return p;
}

// Replication and folding of the logical PE set on the array (MapStrategyEyeriss._repl_fold).
struct ArrayFit {
    std::int32_t fold_h = 1, fold_w = 1, repl_h = 1, repl_w = 1;
    std::int32_t flpeset_h = 1, flpeset_w = 1;  // the folded logical PE set
};

DRAMSWEEP_HD inline ArrayFit fit_array(const LayerShape& p, std::int32_t rows, std::int32_t cols) {
    ArrayFit f;
    const std::int32_t lh = p.R, lw = p.E;
    if (lh > rows)
        f.fold_h = static_cast<std::int32_t>(ceil_div(lh, rows));
    else
        f.repl_h = rows / lh;
    if (lw > cols)
        f.fold_w = static_cast<std::int32_t>(ceil_div(lw, cols));
    else
        f.repl_w = cols / lw;
    // Spare height replication first absorbs width folds.
    const std::int32_t w2h = f.repl_h < f.fold_w ? f.repl_h : f.fold_w;
    f.fold_w = static_cast<std::int32_t>(ceil_div(f.fold_w, w2h));
    f.repl_h /= w2h;
    f.flpeset_h = static_cast<std::int32_t>(ceil_div(lh, f.fold_h));
    f.flpeset_w = static_cast<std::int32_t>(ceil_div(lw, f.fold_w));
    return f;
}

// Every node runs this nest. `total[level][data]` are the accesses of one node over the whole
// nest at DRAM, GBUF and ITCN when every datum is fetched once (nn_dataflow's
// total_access_at_of); register-file accesses follow the MACs and are the layer's, not per node.
struct LoopNestDesc {
    bool valid = false;
    std::int64_t loopcnt[kNumLoops] = {1, 1, 1};
    std::int64_t unit_time = 0;              // cycles of one processing pass
    std::int64_t total[3][kNumData] = {};    // [DRAM, GBUF, ITCN][data], one node
    std::int64_t usize_gbuf[kNumData] = {};  // buffered words of one pass
    std::int64_t usize_regf[kNumData] = {};  // register-file words of one PE
    ArrayFit fit;
    std::int32_t ifms = 1, ofms = 1;   // channels replicated in one pass
    std::int32_t repl_ifm_factor = 1;  // the share of repl_h given to input channels
};

// The replication splits nn_dataflow considers, in its order: factors i of repl_h (ascending)
// giving i to input channels, keeping those whose loop count is not above the smallest so far.
// Writes up to `max` factors and returns how many there are.
DRAMSWEEP_HD inline int replication_splits(const LayerShape& p, std::int64_t batch, const ArrayFit& f,
                                           std::int32_t* factors, int max) {
    if (!p.is_conv()) {
        if (max > 0) factors[0] = 1;
        return 1;
    }
    int n = 0;
    std::int64_t best = -1;
    for (std::int32_t i = 1; i <= f.repl_h; ++i) {
        if (f.repl_h % i != 0) continue;
        const std::int64_t ifms = i < p.C ? i : p.C;
        const std::int64_t o = std::int64_t{f.repl_h / i} * f.repl_w;
        const std::int64_t ofms = o < p.K ? o : p.K;
        const std::int64_t cnt = ceil_div(p.C, ifms) * ceil_div(p.K, ofms) * batch * f.fold_w;
        if (best >= 0 && cnt > best) continue;
        if (best < 0 || cnt < best) best = cnt;
        if (n < max) factors[n] = i;
        ++n;
    }
    return n;
}

DRAMSWEEP_HD inline LoopNestDesc describe_loop_nest(const PartitionedLayer& pl, std::int32_t rows,
                                                    std::int32_t cols, std::int32_t repl_ifm_factor) {
    LoopNestDesc d;
    const LayerShape& p = pl.shape;
    const ArrayFit f = fit_array(p, rows, cols);
    d.fit = f;
    if (repl_ifm_factor < 1 || f.repl_h % repl_ifm_factor != 0) return d;
    d.repl_ifm_factor = repl_ifm_factor;
    const std::int64_t fh = f.fold_h, fw = f.fold_w, fl = std::int64_t{f.flpeset_h} * f.flpeset_w;
    const std::int64_t N = pl.batch, C = p.C, K = p.K, E = p.E, F = p.F, R = p.R, S = p.S;
    const std::int64_t win = p.win();
    // Rows of ifmap one folded pass reads (its E / fold_w output rows), times fold_w.
    const std::int64_t ifm_rows_x_fw = fw * R + (E - fw) * p.Uh;
    const std::int64_t buf_e = ceil_div(E, fw);
    const std::int64_t buf_hin = R + (buf_e - 1) * p.Uh;
    if (p.is_conv()) {
        const std::int64_t o = std::int64_t{f.repl_h / repl_ifm_factor} * f.repl_w;
        d.ifms = static_cast<std::int32_t>(repl_ifm_factor < C ? repl_ifm_factor : C);
        d.ofms = static_cast<std::int32_t>(o < K ? o : K);
        d.loopcnt[kLoopIfm] = ceil_div(C, d.ifms);
        d.loopcnt[kLoopOfm] = ceil_div(K, d.ofms);
        d.unit_time = fh * S * F;
        d.total[0][kFil] = R * S * C * K;
        d.total[0][kIfm] = ifm_rows_x_fw * win * C * N;
        d.total[0][kOfm] = E * F * K * N;
        d.total[1][kFil] = d.total[0][kFil];
        d.total[1][kIfm] = d.total[0][kIfm] * fh;
        d.total[1][kOfm] = d.total[0][kOfm] * fh;
        d.total[2][kFil] = S * fl * fh * C * K;
        d.total[2][kIfm] = win * fl * fh * d.ofms * C * N * fw;
        d.total[2][kOfm] = F * fl * fh * d.ifms * K * N * fw;
        d.usize_gbuf[kFil] = R * S * d.ifms * d.ofms;
        d.usize_gbuf[kIfm] = buf_hin * win * d.ifms;
        d.usize_gbuf[kOfm] = buf_e * F * d.ofms;
        d.usize_regf[kFil] = S;
        d.usize_regf[kIfm] = S;
        d.usize_regf[kOfm] = 1;
    } else {
        const std::int64_t o = std::int64_t{f.repl_h} * f.repl_w;
        d.ifms = 1;
        d.ofms = static_cast<std::int32_t>(o < K ? o : K);
        d.loopcnt[kLoopIfm] = 1;
        d.loopcnt[kLoopOfm] = ceil_div(K, d.ofms);
        d.unit_time = fh * p.nreg * S * F;
        d.total[0][kIfm] = ifm_rows_x_fw * win * K * N;
        d.total[0][kOfm] = E * F * K * N;
        d.total[1][kIfm] = d.total[0][kIfm];
        d.total[1][kOfm] = d.total[0][kOfm] * fh;
        d.total[2][kIfm] = win * fl * K * N * fw;
        d.total[2][kOfm] = F * fl * fh * K * N * fw;
        d.usize_gbuf[kIfm] = buf_hin * win * d.ofms;
        d.usize_gbuf[kOfm] = buf_e * F * d.ofms;
        d.usize_regf[kIfm] = S;
        d.usize_regf[kOfm] = 1;
    }
    d.loopcnt[kLoopBat] = N * fw;
    d.valid = true;
    return d;
}

}  // namespace dramsweep::pim
