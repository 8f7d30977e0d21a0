// The corrected compute model on small layers computed by hand, each SCALE-Sim quirk's corrected
// value beside its parity value, and grouped layers.

#include <gtest/gtest.h>

#include <stdexcept>

#include "dramsweep/systolic/compute_model.hpp"

namespace dramsweep {
namespace {

AccelConfig array_8x8(Dataflow dataflow) {
    AccelConfig a;
    a.array_rows = 8;
    a.array_cols = 8;
    a.dataflow = dataflow;
    return a;
}

Layer conv(std::int64_t h, std::int64_t w, std::int64_t r, std::int64_t s, std::int64_t c, std::int64_t n,
           std::int64_t stride, std::int64_t groups = 1) {
    Layer l;
    l.name = "conv";
    l.ifmap_h = h;
    l.ifmap_w = w;
    l.filter_h = r;
    l.filter_w = s;
    l.channels = c;
    l.num_filters = n;
    l.stride_h = l.stride_w = stride;
    l.groups = groups;
    return l;
}

// GEMM (M, N, K) = (20, 10, 12) on 8x8, OS: M over rows (8, 8, 4), N over columns (8, 2),
// T = K = 12, fold = T + R + C - 2 = 26 cycles, 6 folds.
TEST(SystolicComputeCorrected, OutputStationaryGemmByHand) {
    const LayerCompute l =
        compute_layer(Layer::gemm("g", 20, 10, 12), array_8x8(Dataflow::OutputStationary), ComputeMode::Corrected);
    EXPECT_EQ(l.folds, 6);
    EXPECT_EQ(l.cycles_per_fold, 26);
    EXPECT_EQ(l.compute_cycles, 156);
    EXPECT_EQ(l.macs, 2400);
    EXPECT_EQ(l.stall_cycles, 0);
    // Used PEs per fold: 64, 64, 32 (first column fold), 16, 16, 8 (second): 200 / (6 * 64).
    EXPECT_DOUBLE_EQ(l.mapping_efficiency_pct, 100.0 * 200.0 / 384.0);
    EXPECT_DOUBLE_EQ(l.compute_utilization_pct, 100.0 * 2400.0 / (6.0 * 26.0 * 64.0));
    EXPECT_DOUBLE_EQ(l.overall_utilization_pct, 100.0 * 2400.0 / (156.0 * 64.0));
    EXPECT_EQ(l.ifmap_sram_reads, 2 * 20 * 12);   // every window once per column fold
    EXPECT_EQ(l.filter_sram_reads, 3 * 10 * 12);  // every filter once per row fold
    EXPECT_EQ(l.ofmap_sram_writes, 200);
    EXPECT_EQ(l.ofmap_sram_reads, 0);
    EXPECT_DOUBLE_EQ(l.avg_ifmap_sram_bw, 480.0 / 156.0);
    EXPECT_DOUBLE_EQ(l.avg_ofmap_sram_bw, 200.0 / 156.0);
    // Last fold (rows 16..19, columns 8..9) starts at 5 * 26 = 130.
    EXPECT_EQ(l.ifmap_sram.start_cycle, 1);
    EXPECT_EQ(l.ifmap_sram.stop_cycle, 130 + (12 - 1) + (4 - 1) + 1);
    EXPECT_EQ(l.filter_sram.stop_cycle, 130 + (12 - 1) + (2 - 1) + 1);
    EXPECT_EQ(l.ofmap_sram.start_cycle, 12 - 1);  // first outputs leave after T - 1 cycles
    EXPECT_EQ(l.ofmap_sram.stop_cycle, 130 + (12 - 1) + (8 - 1) + (2 - 1));
}

// Quirk 1: SCALE-Sim's Total Cycles is the last cycle's stamp, one less than the count.
TEST(SystolicComputeCorrected, CyclesAreACountOneMoreThanScaleSimsStamp) {
    for (Dataflow d : {Dataflow::OutputStationary, Dataflow::WeightStationary, Dataflow::InputStationary}) {
        const Layer layer = conv(12, 12, 3, 3, 4, 12, 1);
        const LayerCompute corrected = compute_layer(layer, array_8x8(d), ComputeMode::Corrected);
        const LayerCompute parity = compute_layer(layer, array_8x8(d), ComputeMode::Parity);
        EXPECT_EQ(corrected.compute_cycles, corrected.folds * corrected.cycles_per_fold) << to_string(d);
        EXPECT_EQ(parity.compute_cycles, corrected.compute_cycles - 1) << to_string(d);
    }
}

// Quirk 2: SCALE-Sim adds R + C ofmap writes per OS fold.
TEST(SystolicComputeCorrected, OutputStationaryWritesEachOutputOnce) {
    const Layer layer = Layer::gemm("g", 20, 10, 12);
    const AccelConfig accel = array_8x8(Dataflow::OutputStationary);
    EXPECT_EQ(compute_layer(layer, accel, ComputeMode::Corrected).ofmap_sram_writes, 200);
    EXPECT_EQ(compute_layer(layer, accel, ComputeMode::Parity).ofmap_sram_writes, 200 + 6 * (8 + 8));
}

// Quirk 3: a WS/IS fold lasts 2R + C + T - 2 cycles; SCALE-Sim's utilisation divides by
// 2R + 2C + T - 3. One full 8x8 fold of an 8x8x8 GEMM: T = 8, 30 cycles, SCALE-Sim says 37.
TEST(SystolicComputeCorrected, WeightAndInputStationaryUtilisationUsesTheRealFoldLength) {
    for (Dataflow d : {Dataflow::WeightStationary, Dataflow::InputStationary}) {
        const Layer layer = Layer::gemm("g", 8, 8, 8);
        const LayerCompute corrected = compute_layer(layer, array_8x8(d), ComputeMode::Corrected);
        const LayerCompute parity = compute_layer(layer, array_8x8(d), ComputeMode::Parity);
        EXPECT_EQ(corrected.cycles_per_fold, 30);
        EXPECT_DOUBLE_EQ(corrected.compute_utilization_pct, 100.0 * 8.0 / 30.0);
        EXPECT_DOUBLE_EQ(parity.compute_utilization_pct, 100.0 * 8.0 / 37.0);
        EXPECT_DOUBLE_EQ(corrected.overall_utilization_pct, 100.0 * 512.0 / (30.0 * 64.0));
    }
}

// Quirk 4: WS/IS write partial sums once per row fold; the corrected mode reads them back for
// every row fold after the first. GEMM (20, 10, 12): K = 12 spans 2 row folds.
TEST(SystolicComputeCorrected, PartialSumsAreReadBack) {
    for (Dataflow d : {Dataflow::WeightStationary, Dataflow::InputStationary}) {
        const Layer layer = Layer::gemm("g", 20, 10, 12);
        const LayerCompute corrected = compute_layer(layer, array_8x8(d), ComputeMode::Corrected);
        const LayerCompute parity = compute_layer(layer, array_8x8(d), ComputeMode::Parity);
        EXPECT_EQ(corrected.ofmap_sram_writes, 2 * 200) << to_string(d);
        EXPECT_EQ(corrected.ofmap_sram_reads, 200) << to_string(d);
        EXPECT_EQ(parity.ofmap_sram_reads, 0) << to_string(d);
        EXPECT_DOUBLE_EQ(corrected.avg_ofmap_sram_bw, 600.0 / static_cast<double>(corrected.compute_cycles));
    }
    const LayerCompute os =
        compute_layer(Layer::gemm("g", 20, 10, 12), array_8x8(Dataflow::OutputStationary), ComputeMode::Corrected);
    EXPECT_EQ(os.ofmap_sram_reads, 0);  // OS accumulates inside the array
}

// SCALE-Sim counts window elements that run past the ifmap edge (its -1 addresses) as reads.
// 12x12x5, 3x3, stride 2: 6x6 outputs; filter rows 0 and 1 stay inside for all 6 output rows,
// row 2 for 5 of them: 17 x 17 x 5 = 1445 real reads of 36 * 45 = 1620 window elements.
TEST(SystolicComputeCorrected, IfmapReadsCountOnlyElementsInsideTheIfmap) {
    const Layer layer = conv(12, 12, 3, 3, 5, 10, 2);
    const LayerCompute is = compute_layer(layer, array_8x8(Dataflow::InputStationary), ComputeMode::Corrected);
    EXPECT_EQ(is.ifmap_sram_reads, 1445);
    EXPECT_EQ(compute_layer(layer, array_8x8(Dataflow::InputStationary), ComputeMode::Parity).ifmap_sram_reads, 1620);
    // OS and WS stream every window once per column fold (N = 10: 2 column folds).
    EXPECT_EQ(compute_layer(layer, array_8x8(Dataflow::OutputStationary), ComputeMode::Corrected).ifmap_sram_reads,
              2 * 1445);
    EXPECT_EQ(compute_layer(layer, array_8x8(Dataflow::WeightStationary), ComputeMode::Corrected).ifmap_sram_reads,
              2 * 1445);
}

// The row stride moves the window down, the column stride across. 12x13x5, 3x3 with strides
// (2, 1): 6 x 11 outputs; filter rows 0 and 1 stay inside for all 6 output rows, row 2 for 5
// (17 in all); every filter column for all 11 output columns (33): 17 x 33 x 5 = 2805 reads of
// 66 * 45 = 2970 window elements. Strides (1, 2) on the same ifmap give 10 x 6 outputs whose
// windows all stay inside: 60 * 45 = 2700 reads.
TEST(SystolicComputeCorrected, EachStrideMovesTheWindowAlongItsOwnDimension) {
    Layer rows2 = conv(12, 13, 3, 3, 5, 10, 1);
    rows2.stride_h = 2;
    Layer cols2 = conv(12, 13, 3, 3, 5, 10, 1);
    cols2.stride_w = 2;
    const AccelConfig is = array_8x8(Dataflow::InputStationary);
    EXPECT_EQ(rows2.ofmap_h(), 6);
    EXPECT_EQ(rows2.ofmap_w(), 11);
    EXPECT_EQ(compute_layer(rows2, is, ComputeMode::Corrected).ifmap_sram_reads, 2805);
    EXPECT_EQ(compute_layer(rows2, is, ComputeMode::Parity).ifmap_sram_reads, 2970);
    EXPECT_EQ(cols2.ofmap_h(), 10);
    EXPECT_EQ(cols2.ofmap_w(), 6);
    EXPECT_EQ(compute_layer(cols2, is, ComputeMode::Corrected).ifmap_sram_reads, 2700);
    EXPECT_EQ(compute_layer(cols2, is, ComputeMode::Parity).ifmap_sram_reads, 2700);
    // OS: M = 66 pixels on the rows (9 row folds), N = 10 on the columns (2): 18 folds of
    // T + 8 + 8 - 2 = 59 cycles; every window once per column fold.
    const LayerCompute os =
        compute_layer(rows2, array_8x8(Dataflow::OutputStationary), ComputeMode::Corrected);
    EXPECT_EQ(os.folds, 18);
    EXPECT_EQ(os.compute_cycles, 18 * 59);
    EXPECT_EQ(os.ifmap_sram_reads, 2 * 2805);
    EXPECT_EQ(os.macs, 66 * 10 * 45);
}

// The last OS fold of that layer holds output pixels 32..35 (output row 5, columns 2..5), whose
// windows lose filter row 2 (and pixel 35 also filter column 2): the last ifmap read is pixel 34
// (column j = 2) at k = 29, not pixel 35 at k = 44. Fold 9 starts at 9 * 59 = 531.
TEST(SystolicComputeCorrected, IfmapStopCycleSkipsElementsOutsideTheIfmap) {
    const LayerCompute l =
        compute_layer(conv(12, 12, 3, 3, 5, 10, 2), array_8x8(Dataflow::OutputStationary), ComputeMode::Corrected);
    EXPECT_EQ(l.cycles_per_fold, 59);
    EXPECT_EQ(l.ifmap_sram.stop_cycle, 531 + 29 + 2 + 1);
    EXPECT_EQ(l.filter_sram.stop_cycle, 531 + 44 + 1 + 1);  // filters have no holes
}

// A grouped layer is its group's fold sequence run `groups` times. Depthwise 6x6x4, 3x3, 4 groups
// on 8x8 OS: per group M = 16, N = 1, K = 9: 2 folds of 9 + 8 + 8 - 2 = 23 cycles.
TEST(SystolicComputeCorrected, GroupsRepeatTheFoldSequence) {
    const AccelConfig accel = array_8x8(Dataflow::OutputStationary);
    const LayerCompute l = compute_layer(conv(6, 6, 3, 3, 4, 4, 1, 4), accel, ComputeMode::Corrected);
    EXPECT_EQ(l.folds, 8);
    EXPECT_EQ(l.compute_cycles, 8 * 23);
    EXPECT_EQ(l.macs, 16 * 9 * 4);
    EXPECT_EQ(l.ifmap_sram_reads, 16 * 9 * 4);
    EXPECT_EQ(l.filter_sram_reads, 9 * 2 * 4);
    EXPECT_EQ(l.ofmap_sram_writes, 16 * 4);
    // The last fold (group 3, rows 8..15) starts at 7 * 23 = 161.
    EXPECT_EQ(l.ifmap_sram.stop_cycle, 161 + 8 + 7 + 1);
    EXPECT_EQ(l.filter_sram.stop_cycle, 161 + 8 + 0 + 1);
    EXPECT_EQ(l.ofmap_sram.start_cycle, 8);
    EXPECT_EQ(l.ofmap_sram.stop_cycle, 161 + 8 + 7 + 0);

    // Same as one group's layer, times the groups.
    const LayerCompute one = compute_layer(conv(6, 6, 3, 3, 1, 1, 1), accel, ComputeMode::Corrected);
    EXPECT_EQ(l.compute_cycles, 4 * one.compute_cycles);
    EXPECT_EQ(l.ifmap_sram_reads, 4 * one.ifmap_sram_reads);
    EXPECT_DOUBLE_EQ(l.mapping_efficiency_pct, one.mapping_efficiency_pct);
    EXPECT_DOUBLE_EQ(l.compute_utilization_pct, one.compute_utilization_pct);
}

TEST(SystolicComputeCorrected, ParityRefusesGroupedLayers) {
    EXPECT_THROW(compute_layer(conv(6, 6, 3, 3, 4, 4, 1, 4), array_8x8(Dataflow::OutputStationary), ComputeMode::Parity),
                 std::invalid_argument);
}

TEST(SystolicComputeCorrected, RejectsLayersTheArrayCannotRun) {
    const AccelConfig accel = array_8x8(Dataflow::WeightStationary);
    EXPECT_THROW(compute_layer(conv(6, 6, 3, 3, 0, 4, 1), accel, ComputeMode::Corrected), std::invalid_argument);
    EXPECT_THROW(compute_layer(conv(6, 6, 3, 3, 6, 4, 1, 4), accel, ComputeMode::Corrected), std::invalid_argument);
    AccelConfig no_rows = accel;
    no_rows.array_rows = 0;
    EXPECT_THROW(compute_layer(conv(6, 6, 3, 3, 4, 4, 1), no_rows, ComputeMode::Corrected), std::invalid_argument);
}

}  // namespace
}  // namespace dramsweep
