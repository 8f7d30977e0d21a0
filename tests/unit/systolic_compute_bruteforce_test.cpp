// The closed forms of the compute model against brute force on random small layers: every
// ifmap window element of every fold is enumerated, its address taken from OperandLayout
// (-1: outside the ifmap) and its demand line from the per-dataflow layout of docs/model.md.
// Covers what the SCALE-Sim fixtures do not: strides larger than the filter, different row and
// column strides, tiny arrays, windows that lose both a row and a column.

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <random>

#include "dramsweep/systolic/compute_model.hpp"

namespace dramsweep {
namespace {

struct IfmapTruth {
    std::int64_t reads = 0;
    std::int64_t start = std::numeric_limits<std::int64_t>::max();
    std::int64_t stop = std::numeric_limits<std::int64_t>::min();
};

// The demand line of ifmap element (m, k) within its fold, per dataflow.
IfmapTruth enumerate_ifmap(const Layer& layer, const AccelConfig& accel) {
    const ArrayMapping map = map_layer(layer, accel);
    const GemmShape g = gemm_shape(layer);
    const OperandLayout ops = operand_layout(layer, accel);
    const std::int64_t rows = map.array_rows;
    IfmapTruth truth;
    for (std::int64_t f = 0; f < map.folds(); ++f) {
        const FoldCoord c = fold_coord(map, f);
        const FoldRanges r = fold_ranges(map, g, c);
        for (std::int64_t m = r.m_begin; m < r.m_end; ++m) {
            for (std::int64_t k = r.k_begin; k < r.k_end; ++k) {
                if (ops.ifmap_address(c.group, m, k) < 0) continue;
                std::int64_t line = 0;
                switch (map.dataflow) {
                    case Dataflow::OutputStationary: line = k + (m - r.m_begin); break;
                    case Dataflow::WeightStationary: line = rows + m + (k - r.k_begin); break;
                    case Dataflow::InputStationary: line = rows - 1 - (k - r.k_begin); break;
                }
                const std::int64_t stamp = f * map.cycles_per_fold() + line + 1;  // reads: one cycle after
                ++truth.reads;
                truth.start = std::min(truth.start, stamp);
                truth.stop = std::max(truth.stop, stamp);
            }
        }
    }
    return truth;
}

TEST(SystolicComputeBruteForce, IfmapReadsAndWindowsMatchEnumeration) {
    std::mt19937_64 rng(20261121);
    const auto pick = [&](std::int64_t lo, std::int64_t hi) {
        return std::uniform_int_distribution<std::int64_t>(lo, hi)(rng);
    };
    for (int trial = 0; trial < 400; ++trial) {
        Layer layer;
        layer.name = "random";
        layer.ifmap_h = pick(1, 11);
        layer.ifmap_w = pick(1, 11);
        layer.filter_h = pick(1, std::min<std::int64_t>(layer.ifmap_h, 5));
        layer.filter_w = pick(1, std::min<std::int64_t>(layer.ifmap_w, 5));
        layer.groups = pick(1, 3);
        layer.channels = layer.groups * pick(1, 3);
        layer.num_filters = layer.groups * pick(1, 5);
        layer.stride_h = pick(1, 4);
        layer.stride_w = pick(1, 4);
        layer.batch = pick(1, 3);  // windows past the edge repeat in every image
        AccelConfig accel;
        accel.array_rows = pick(1, 6);
        accel.array_cols = pick(1, 6);
        for (Dataflow d : {Dataflow::OutputStationary, Dataflow::WeightStationary, Dataflow::InputStationary}) {
            accel.dataflow = d;
            const LayerCompute l = compute_layer(layer, accel, ComputeMode::Corrected);
            const IfmapTruth truth = enumerate_ifmap(layer, accel);
            SCOPED_TRACE(::testing::Message()
                         << to_string(d) << " H,W=" << layer.ifmap_h << "," << layer.ifmap_w
                         << " R,S=" << layer.filter_h << "," << layer.filter_w << " C=" << layer.channels
                         << " N=" << layer.num_filters << " strides=" << layer.stride_h << ","
                         << layer.stride_w << " groups=" << layer.groups << " batch=" << layer.batch
                         << " array=" << accel.array_rows << "x" << accel.array_cols);
            ASSERT_GT(truth.reads, 0);
            EXPECT_EQ(l.ifmap_sram_reads, truth.reads);
            EXPECT_EQ(l.ifmap_sram.start_cycle, truth.start);
            EXPECT_EQ(l.ifmap_sram.stop_cycle, truth.stop);
        }
    }
}

}  // namespace
}  // namespace dramsweep
