// Properties of the double-buffered SRAM model: the DRAM traffic it generates is never below the
// compulsory traffic, and equals it when an operand fits in its SRAM.

#include "dramsweep/systolic/sram_traffic.hpp"

#include <gtest/gtest.h>

#include <random>
#include <set>

#include "support/test_support.hpp"

namespace dramsweep {
namespace {

AccelConfig accel(Dataflow df, std::int64_t rows, std::int64_t cols, std::int64_t kb) {
    return testing::small_accel(df, rows, cols, kb);
}

Layer conv(std::int64_t h, std::int64_t r, std::int64_t c, std::int64_t n, std::int64_t stride) {
    return testing::square_conv("conv", h, r, c, n, stride);
}

TEST(SramTraffic, GemmThatFitsReadsEachLineOnce) {
    // 20x12 ifmap (240 B), 10x12 filter (120 B): 4 and 2 lines of 64 B; everything fits in 1 kB.
    const LayerTraffic t = layer_traffic(Layer::gemm("g", 20, 10, 12), accel(Dataflow::OutputStationary, 8, 8, 1));
    EXPECT_EQ(t.of(Operand::Ifmap).compulsory_lines, 4);
    EXPECT_EQ(t.of(Operand::Ifmap).read_requests, 4);
    EXPECT_EQ(t.of(Operand::Filter).compulsory_lines, 2);
    EXPECT_EQ(t.of(Operand::Filter).read_requests, 2);
    EXPECT_EQ(t.folds, 6);
    EXPECT_EQ(t.reads(), 6);
    // The ofmap is 200 words at 20,000,000 (a line boundary is at 19,999,936 + 64k): 4 lines,
    // written once per fold that produces words in them.
    EXPECT_EQ(t.of(Operand::Ofmap).compulsory_lines, 4);
    EXPECT_GE(t.of(Operand::Ofmap).write_requests, 4);
}

TEST(SramTraffic, OsFirstFoldFetchesItsRowsAndFilters) {
    const LayerTraffic t = layer_traffic(Layer::gemm("g", 20, 10, 12), accel(Dataflow::OutputStationary, 8, 8, 1));
    // Fold 0 covers m in [0, 8) and n in [0, 8): ifmap words [0, 96) -> lines 0 and 1 (bytes 0
    // and 64); filter words 10,000,000 + [0, 96) -> lines 156250 and 156251.
    ASSERT_EQ(t.fold_reads(0).second - t.fold_reads(0).first, 4u);
    EXPECT_EQ(t.read_begin[1], 2u);  // two ifmap lines, then the filter's
    EXPECT_EQ(t.read_addresses[0], 0u);
    EXPECT_EQ(t.read_addresses[1], 64u);
    EXPECT_EQ(t.read_addresses[2], 10'000'000u);
    EXPECT_EQ(t.read_addresses[3], 10'000'064u);
}

// The DRAM stream of a layer with different row and column strides reads exactly the ifmap lines
// its windows touch, enumerated here from SCALE-Sim's layout (word (row * W + col) * C + c of
// window element (r, s, c) of output pixel (oh, ow), row = oh * stride_h + r, col = ow *
// stride_w + s). 16 channels of 4-byte words make one pixel one 64-byte line, so with a 2-wide
// filter and a column stride of 3 every third column is never read; SRAMs hold everything, so
// each touched line is read once.
TEST(SramTraffic, StridesPerDimensionReadTheLinesTheWindowsTouch) {
    Layer layer = conv(8, 2, 16, 3, 1);
    layer.ifmap_w = 11;
    layer.stride_w = 3;
    ASSERT_EQ(layer.ofmap_h(), 7);
    ASSERT_EQ(layer.ofmap_w(), 4);  // window columns 0, 3, 6, 9
    for (Dataflow df : {Dataflow::OutputStationary, Dataflow::WeightStationary, Dataflow::InputStationary}) {
        AccelConfig a = accel(df, 8, 8, 1024);
        a.word_bytes = 4;
        std::set<std::uint64_t> touched;
        for (std::int64_t oh = 0; oh < layer.ofmap_h(); ++oh)
            for (std::int64_t ow = 0; ow < layer.ofmap_w(); ++ow)
                for (std::int64_t r = 0; r < layer.filter_h; ++r)
                    for (std::int64_t s = 0; s < layer.filter_w; ++s)
                        for (std::int64_t c = 0; c < layer.channels; ++c) {
                            const std::int64_t row = oh * layer.stride_h + r, col = ow * layer.stride_w + s;
                            const std::int64_t word = (row * layer.ifmap_w + col) * layer.channels + c;
                            touched.insert(static_cast<std::uint64_t>(word * a.word_bytes / a.burst_bytes) *
                                           64);
                        }
        ASSERT_EQ(touched.size(), 8u * 8u);  // 8 rows x columns {0, 1, 3, 4, 6, 7, 9, 10}
        const LayerTraffic t = layer_traffic(layer, a);
        std::set<std::uint64_t> read;
        std::int64_t ifmap_reads = 0;
        for (std::int64_t f = 0; f < t.folds; ++f) {
            const std::size_t slot = static_cast<std::size_t>(f) * kOperandCount;
            for (std::uint64_t i = t.read_begin[slot]; i < t.read_begin[slot + 1]; ++i, ++ifmap_reads)
                read.insert(t.read_addresses[i]);
        }
        EXPECT_EQ(read, touched) << to_string(df);
        EXPECT_EQ(ifmap_reads, 64) << to_string(df);
        EXPECT_EQ(t.of(Operand::Ifmap).compulsory_lines, 64) << to_string(df);
    }
}

TEST(SramTraffic, SmallSramRereadsButNeverBelowCompulsory) {
    const Layer layer = conv(30, 3, 16, 64, 1);
    const LayerTraffic big = layer_traffic(layer, accel(Dataflow::WeightStationary, 8, 8, 1024));
    const LayerTraffic small = layer_traffic(layer, accel(Dataflow::WeightStationary, 8, 8, 1));
    for (Operand o : {Operand::Ifmap, Operand::Filter}) {
        EXPECT_EQ(big.of(o).read_requests, big.of(o).compulsory_lines) << to_string(o);
        EXPECT_GT(small.of(o).read_requests, small.of(o).compulsory_lines) << to_string(o);
        EXPECT_EQ(small.of(o).compulsory_lines, big.of(o).compulsory_lines) << to_string(o);
    }
}

TEST(SramTraffic, PartialSumsSpillOnlyWhenTheBlockDoesNotFit) {
    // WS with K = 3*3*16 = 144 over 8 rows: 18 row folds per column fold.
    const Layer layer = conv(30, 3, 16, 64, 1);
    const LayerTraffic fits = layer_traffic(layer, accel(Dataflow::WeightStationary, 8, 8, 1024));
    EXPECT_EQ(fits.of(Operand::Ofmap).read_requests, 0);
    // N = 64 outputs of a pixel share one 64-byte line, and each of the 8 column folds produces
    // 8 of them: every line is written once per column fold (a partial-line burst).
    EXPECT_EQ(fits.of(Operand::Ofmap).write_requests, fits.of(Operand::Ofmap).compulsory_lines * 8);
    const LayerTraffic spills = layer_traffic(layer, accel(Dataflow::WeightStationary, 8, 8, 1));
    EXPECT_GT(spills.of(Operand::Ofmap).read_requests, 0);
    // Each of the 17 non-final row folds writes its partial block and the next reads it back.
    EXPECT_EQ(spills.of(Operand::Ofmap).write_requests - spills.of(Operand::Ofmap).read_requests,
              fits.of(Operand::Ofmap).write_requests);
}

TEST(SramTraffic, RandomLayersKeepTheInvariants) {
    std::mt19937_64 rng(7);
    auto pick = [&](std::int64_t lo, std::int64_t hi) {
        return std::uniform_int_distribution<std::int64_t>(lo, hi)(rng);
    };
    for (int i = 0; i < 200; ++i) {
        const std::int64_t r = pick(1, 5);
        Layer layer = conv(pick(r, 24), r, pick(1, 24), pick(1, 40), pick(1, 3));
        layer.ifmap_w = pick(r, 24);
        if (pick(0, 3) == 0) {
            layer.groups = layer.channels;
            layer.num_filters = layer.channels;
        }
        layer.batch = pick(1, 3);  // images folded into M: the same invariants hold
        AccelConfig a = accel(static_cast<Dataflow>(pick(0, 2)), pick(1, 16), pick(1, 16), pick(1, 8));
        a.word_bytes = std::int64_t{1} << pick(0, 2);
        const LayerTraffic t = layer_traffic(layer, a);
        const SramCapacity cap = sram_capacity(a);
        for (Operand o : {Operand::Ifmap, Operand::Filter}) {
            const OperandTraffic& ot = t.of(o);
            EXPECT_GE(ot.read_requests, ot.compulsory_lines);
            const std::int64_t capacity = o == Operand::Ifmap ? cap.ifmap_lines : cap.filter_lines;
            if (ot.compulsory_lines <= capacity) {
                EXPECT_EQ(ot.read_requests, ot.compulsory_lines);
            }
        }
        EXPECT_GE(t.of(Operand::Ofmap).write_requests, t.of(Operand::Ofmap).compulsory_lines);
        // Request counts and byte totals agree, fold by fold.
        EXPECT_EQ(t.read_begin.back(), t.read_addresses.size());
        EXPECT_EQ(t.write_begin.back(), t.write_addresses.size());
        EXPECT_EQ(t.reads(), t.of(Operand::Ifmap).read_requests + t.of(Operand::Filter).read_requests +
                                 t.of(Operand::Ofmap).read_requests);
        for (std::uint64_t address : t.read_addresses) EXPECT_EQ(address % 64, 0u);
        // The filters are shared by the batch: when they fit, B images fetch them as often as one.
        if (layer.batch > 1 && t.of(Operand::Filter).compulsory_lines <= cap.filter_lines) {
            Layer one = layer;
            one.batch = 1;
            EXPECT_EQ(t.of(Operand::Filter).read_requests, layer_traffic(one, a).of(Operand::Filter).read_requests);
        }
    }
}

}  // namespace
}  // namespace dramsweep
