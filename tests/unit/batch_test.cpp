// A batch of B images folded into the GEMM's M dimension (docs/model.md, "Batch"): the work
// scales by B, the filters are shared by the batch, each image reads its own ifmap block, and a
// batch of 1x1 convolutions is exactly the GEMM with B times the rows.

#include <gtest/gtest.h>

#include "dramsweep/common/input_error.hpp"
#include "dramsweep/systolic/compute_model.hpp"
#include "dramsweep/systolic/sram_traffic.hpp"
#include "dramsweep/workload/batch.hpp"
#include "dramsweep/workload/topology_io.hpp"
#include "support/test_support.hpp"

namespace dramsweep {
namespace {

constexpr Dataflow kDataflows[] = {Dataflow::OutputStationary, Dataflow::WeightStationary,
                                   Dataflow::InputStationary};

Layer batched(Layer layer, std::int64_t batch) {
    layer.batch = batch;
    return layer;
}

TEST(Batch, GemmViewFoldsTheImagesIntoM) {
    const Layer layer = batched(testing::square_conv("c", 12, 3, 8, 16, 1), 4);
    EXPECT_EQ(layer.ofmap_pixels(), 10 * 10);
    EXPECT_EQ(layer.gemm_m(), 4 * 10 * 10);
    EXPECT_EQ(layer.gemm_n(), 16);
    EXPECT_EQ(layer.gemm_k(), 3 * 3 * 8);
    EXPECT_EQ(layer.macs(), 4 * testing::square_conv("c", 12, 3, 8, 16, 1).macs());
}

TEST(Batch, MacsAndIfmapSramReadsScaleByTheBatch) {
    const Layer one = testing::square_conv("c", 12, 3, 8, 16, 2);  // stride 2: windows past the edge
    for (Dataflow df : kDataflows) {
        const AccelConfig accel = testing::small_accel(df, 8, 8, 64);
        for (ComputeMode mode : {ComputeMode::Corrected, ComputeMode::Parity}) {
            const LayerCompute single = compute_layer(one, accel, mode);
            const LayerCompute four = compute_layer(batched(one, 4), accel, mode);
            SCOPED_TRACE(::testing::Message() << to_string(df) << " " << to_string(mode));
            EXPECT_EQ(four.macs, 4 * single.macs);
            EXPECT_EQ(four.ifmap_sram_reads, 4 * single.ifmap_sram_reads);
            // Folding amortises fill and drain: never slower than B single images back to back.
            EXPECT_GE(four.compute_cycles, single.compute_cycles);
            EXPECT_LE(four.compute_cycles, 4 * single.compute_cycles + 3);  // parity: -1 per layer
        }
    }
}

TEST(Batch, FiltersThatFitAreFetchedOnceForTheWholeBatch) {
    const Layer one = testing::square_conv("c", 12, 3, 8, 16, 1);  // 1152 filter words: 18 lines
    for (Dataflow df : kDataflows) {
        const AccelConfig accel = testing::small_accel(df, 8, 8, 64);
        const LayerTraffic single = layer_traffic(one, accel);
        const LayerTraffic batch = layer_traffic(batched(one, 5), accel);
        SCOPED_TRACE(to_string(df));
        EXPECT_EQ(batch.of(Operand::Filter).compulsory_lines, single.of(Operand::Filter).compulsory_lines);
        EXPECT_EQ(batch.of(Operand::Filter).read_requests, single.of(Operand::Filter).read_requests);
        EXPECT_EQ(batch.of(Operand::Filter).read_requests, 18);
    }
}

TEST(Batch, EachImageReadsAndWritesItsOwnBlock) {
    // 8x8x16 = 1024 ifmap words (16 lines) and 8x8x16 = 1024 ofmap words per image (1x1, 16
    // filters): whole lines, so the compulsory traffic of B images is B times one image's.
    const Layer one = testing::square_conv("c", 8, 1, 16, 16, 1);
    for (Dataflow df : kDataflows) {
        const AccelConfig accel = testing::small_accel(df, 4, 4, 1);
        const LayerTraffic single = layer_traffic(one, accel);
        const LayerTraffic batch = layer_traffic(batched(one, 3), accel);
        SCOPED_TRACE(to_string(df));
        EXPECT_EQ(single.of(Operand::Ifmap).compulsory_lines, 16);
        EXPECT_EQ(batch.of(Operand::Ifmap).compulsory_lines, 3 * 16);
        EXPECT_EQ(batch.of(Operand::Ofmap).compulsory_lines, 3 * single.of(Operand::Ofmap).compulsory_lines);
    }
    // Image b's ifmap starts H*W*C words after image b-1's, its ofmap OH*OW*N words after.
    const OperandLayout l = operand_layout(batched(one, 3), testing::small_accel(Dataflow::OutputStationary, 4, 4, 1));
    EXPECT_EQ(l.ifmap_address(0, 2 * 64 + 5, 7), 2 * 1024 + 5 * 16 + 7);
    EXPECT_EQ(l.ofmap_address(0, 2 * 64 + 5, 7) - l.ofmap_offset, 2 * 1024 + 5 * 16 + 7);
}

TEST(Batch, ABatchOfPointwiseConvolutionsIsTheGemmWithBTimesTheRows) {
    // 1x1, stride 1: pixel m of image b reads words (b*H*W + p)*C + c = m*K + k, the GEMM's own.
    const Layer conv = batched(testing::square_conv("c", 6, 1, 8, 10, 1), 3);
    const Layer gemm = Layer::gemm("g", 3 * 36, 10, 8);
    for (Dataflow df : kDataflows) {
        const AccelConfig accel = testing::small_accel(df, 8, 4, 1);
        SCOPED_TRACE(to_string(df));
        for (ComputeMode mode : {ComputeMode::Corrected, ComputeMode::Parity}) {
            const LayerCompute a = compute_layer(conv, accel, mode), b = compute_layer(gemm, accel, mode);
            EXPECT_EQ(a.folds, b.folds);
            EXPECT_EQ(a.compute_cycles, b.compute_cycles);
            EXPECT_EQ(a.macs, b.macs);
            EXPECT_EQ(a.ifmap_sram_reads, b.ifmap_sram_reads);
            EXPECT_EQ(a.filter_sram_reads, b.filter_sram_reads);
            EXPECT_EQ(a.ofmap_sram_writes, b.ofmap_sram_writes);
            EXPECT_EQ(a.ifmap_sram.start_cycle, b.ifmap_sram.start_cycle);
            EXPECT_EQ(a.ifmap_sram.stop_cycle, b.ifmap_sram.stop_cycle);
            EXPECT_DOUBLE_EQ(a.mapping_efficiency_pct, b.mapping_efficiency_pct);
        }
        const LayerTraffic a = layer_traffic(conv, accel), b = layer_traffic(gemm, accel);
        EXPECT_EQ(a.read_addresses, b.read_addresses);
        EXPECT_EQ(a.read_begin, b.read_begin);
        EXPECT_EQ(a.write_addresses, b.write_addresses);
    }
}

TEST(Batch, WithBatchSetsEveryLayerAndValidates) {
    Topology t;
    t.layers = {testing::square_conv("a", 12, 3, 8, 16, 1), Layer::gemm("g", 20, 10, 12)};
    const Topology b = with_batch(t, 6, "command line", 0, "--batch");
    EXPECT_EQ(b.layers[0].batch, 6);
    EXPECT_EQ(b.layers[1].batch, 6);
    EXPECT_EQ(topology_batch(b), 6);
    EXPECT_EQ(topology_batch(t), 1);
    try {
        (void)with_batch(t, 0, "command line", 0, "--batch");
        FAIL() << "batch 0 accepted";
    } catch (const InputError& e) {
        EXPECT_EQ(e.field(), "--batch");
    }
    // 12*12*8 ifmap words per image: 2^45 images overflow the address space.
    EXPECT_THROW((void)with_batch(t, std::int64_t{1} << 45, "x", 0, "batch"), InputError);
    EXPECT_NO_THROW((void)with_batch(t, std::int64_t{1} << 30, "x", 0, "batch"));
}

TEST(Batch, TopologyJsonTakesATopLevelBatch) {
    const std::string layers = R"("layers": [{"name": "c", "ifmap_h": 8, "ifmap_w": 8, "filter_h": 3,
        "filter_w": 3, "channels": 4, "num_filters": 8}, {"name": "g", "type": "gemm", "m": 4, "n": 4, "k": 4}])";
    const Topology none = parse_topology_json("{" + layers + "}", "t.json");
    EXPECT_EQ(none.layers[0].batch, 1);
    const Topology four = parse_topology_json("{\"batch\": 4,\n" + layers + "}", "t.json");
    EXPECT_EQ(four.layers[0].batch, 4);
    EXPECT_EQ(four.layers[1].batch, 4);
    EXPECT_EQ(four.layers[1].gemm_m(), 16);
    try {
        (void)parse_topology_json("{\n\"batch\": 0,\n" + layers + "}", "t.json");
        FAIL() << "batch 0 accepted";
    } catch (const InputError& e) {
        EXPECT_EQ(e.field(), "batch");
        EXPECT_EQ(e.line(), 2u);
    }
}

}  // namespace
}  // namespace dramsweep
