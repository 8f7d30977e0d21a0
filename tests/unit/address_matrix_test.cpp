// The element-wise address generation (what each GPU thread computes) gives exactly the line
// sets of the run-based host enumeration. This runs on CI, without a GPU.

#include <random>

#include <gtest/gtest.h>

#include "dramsweep/systolic/address_matrix.hpp"

namespace dramsweep {
namespace {

void expect_same_sets(const Layer& layer, const AccelConfig& accel) {
    const LineGeometry g = line_geometry(layer, accel);
    const FoldLineSets runs = fold_line_sets(g);
    const FoldLineSets elements = fold_line_sets_by_elements(g);
    EXPECT_EQ(runs.folds, elements.folds);
    EXPECT_EQ(runs.begin, elements.begin);
    EXPECT_EQ(runs.lines, elements.lines);
}

TEST(AddressMatrix, ElementWiseEqualsRunBasedOnRandomLayers) {
    std::mt19937_64 rng(11);
    auto pick = [&](std::int64_t lo, std::int64_t hi) {
        return std::uniform_int_distribution<std::int64_t>(lo, hi)(rng);
    };
    for (int i = 0; i < 150; ++i) {
        Layer layer;
        layer.filter_h = pick(1, 4);
        layer.filter_w = pick(1, 4);
        layer.ifmap_h = pick(layer.filter_h, 20);
        layer.ifmap_w = pick(layer.filter_w, 20);
        layer.channels = pick(1, 12);
        layer.num_filters = pick(1, 20);
        layer.stride_h = pick(1, 3);
        layer.stride_w = pick(1, 3);
        if (pick(0, 3) == 0) {
            layer.groups = layer.channels;
            layer.num_filters = layer.channels * pick(1, 2);
        }
        layer.batch = pick(1, 3);
        AccelConfig accel;
        accel.dataflow = static_cast<Dataflow>(pick(0, 2));
        accel.array_rows = pick(1, 12);
        accel.array_cols = pick(1, 12);
        accel.word_bytes = std::int64_t{1} << pick(0, 3);
        accel.burst_bytes = std::int64_t{1} << pick(5, 7);
        SCOPED_TRACE(::testing::Message() << "case " << i);
        expect_same_sets(layer, accel);
    }
}

TEST(AddressMatrix, GemmLayer) {
    AccelConfig accel;
    accel.array_rows = accel.array_cols = 8;
    for (Dataflow df : {Dataflow::OutputStationary, Dataflow::WeightStationary, Dataflow::InputStationary}) {
        accel.dataflow = df;
        expect_same_sets(Layer::gemm("g", 100, 50, 70), accel);
    }
}

}  // namespace
}  // namespace dramsweep
