#pragma once
// One layer as the PIM evaluator sees it, in nn_dataflow's terms (docs/pim.md, "Workloads").
//
// Two models cover every layer type: a convolution (conv, FC, GEMM) reads C input channels
// with K filters of R x S at stride U and writes K x E x F; a local-region layer (pooling,
// element-wise add) merges, for each output point, an R x S window of `nreg` neighbouring
// channels and reads its input with a channel stride `ntrd` (an element-wise add of n
// tensors: nreg = ntrd = n, R = S = 1). The input is the "full-halo" R + (E-1) U rows: a
// padded input is read as if it were that large, as nn_dataflow does.

#include <cstdint>

#include "dramsweep/common/hd.hpp"

namespace dramsweep::pim {

enum class LayerModel : std::uint8_t { kConv, kLocalRegion };

struct LayerShape {
    LayerModel model = LayerModel::kConv;
    std::int32_t C = 1;     // input channels
    std::int32_t K = 1;     // output channels
    std::int32_t E = 1;     // output rows
    std::int32_t F = 1;     // output columns
    std::int32_t R = 1;     // filter (or window) rows
    std::int32_t S = 1;     // filter (or window) columns
    std::int32_t Uh = 1;    // stride, rows
    std::int32_t Uw = 1;    // stride, columns
    std::int32_t nreg = 1;  // local region: channels merged per output
    std::int32_t ntrd = 1;  // local region: input channels per output channel

    DRAMSWEEP_HD constexpr bool is_conv() const { return model == LayerModel::kConv; }
    DRAMSWEEP_HD constexpr std::int64_t hin() const { return R + std::int64_t{E - 1} * Uh; }
    DRAMSWEEP_HD constexpr std::int64_t win() const { return S + std::int64_t{F - 1} * Uw; }
    // MACs (conv) or merge operations (local region) per output point.
    DRAMSWEEP_HD constexpr std::int64_t ops_per_output() const {
        return is_conv() ? std::int64_t{R} * S * C : std::int64_t{nreg} * R * S;
    }
    DRAMSWEEP_HD constexpr std::int64_t ops(std::int64_t batch) const {
        return batch * K * std::int64_t{E} * F * ops_per_output();
    }
    DRAMSWEEP_HD constexpr std::int64_t filter_words() const {
        return is_conv() ? std::int64_t{C} * K * R * S : 0;
    }
    DRAMSWEEP_HD constexpr std::int64_t ifmap_words(std::int64_t batch) const {
        return batch * C * hin() * win();
    }
    DRAMSWEEP_HD constexpr std::int64_t ofmap_words(std::int64_t batch) const {
        return batch * K * std::int64_t{E} * F;
    }
};

}  // namespace dramsweep::pim
