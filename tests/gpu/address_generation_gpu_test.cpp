// The CUDA address generation equals the host model's line sets. Runs where a GPU exists;
// skipped (GTEST_SKIP) where none does.

#include <random>

#include <gtest/gtest.h>

#include "dramsweep/gpu/address_generation.hpp"
#include "dramsweep/gpu/cuda_runtime_info.hpp"
#include "dramsweep/systolic/sram_traffic.hpp"
#include "dramsweep/workload/topology_io.hpp"
#include "dramsweep/accel/accel_io.hpp"
#include "support/test_support.hpp"

namespace dramsweep {
namespace {

class AddressGenerationGpu : public ::testing::Test {
protected:
    void SetUp() override {
        if (!gpu::device_available()) GTEST_SKIP() << "no CUDA device";
    }
};

void expect_gpu_equals_host(const Layer& layer, const AccelConfig& accel) {
    const LineGeometry g = line_geometry(layer, accel);
    const FoldLineSets host = fold_line_sets(g);
    const FoldLineSets device = gpu::fold_line_sets_cuda(g);
    EXPECT_EQ(host.begin, device.begin);
    EXPECT_EQ(host.lines, device.lines);
    // And so the request streams after the SRAM model are identical too.
    const LayerTraffic a = sram_traffic(g, host, sram_capacity(accel));
    const LayerTraffic b = sram_traffic(g, device, sram_capacity(accel));
    EXPECT_EQ(a.read_addresses, b.read_addresses);
    EXPECT_EQ(a.write_addresses, b.write_addresses);
}

TEST_F(AddressGenerationGpu, RandomLayers) {
    std::mt19937_64 rng(5);
    auto pick = [&](std::int64_t lo, std::int64_t hi) {
        return std::uniform_int_distribution<std::int64_t>(lo, hi)(rng);
    };
    for (int i = 0; i < 100; ++i) {
        Layer layer;
        layer.filter_h = layer.filter_w = pick(1, 5);
        layer.ifmap_h = layer.ifmap_w = pick(layer.filter_h, 40);
        layer.channels = pick(1, 64);
        layer.num_filters = pick(1, 64);
        layer.stride_h = pick(1, 3);
        layer.stride_w = pick(1, 3);
        AccelConfig accel;
        accel.dataflow = static_cast<Dataflow>(pick(0, 2));
        accel.array_rows = pick(2, 32);
        accel.array_cols = pick(2, 32);
        SCOPED_TRACE(::testing::Message() << "case " << i);
        expect_gpu_equals_host(layer, accel);
    }
}

TEST_F(AddressGenerationGpu, ResNet18OnEveryDataflow) {
    const Topology net = read_topology((testing::source_dir() / "configs/topologies/resnet18.csv").string());
    for (const char* cfg : {"scalesim_32x32_os.cfg", "scalesim_32x32_ws.cfg"}) {
        AccelConfig accel = read_accel_config((testing::source_dir() / "configs/accel" / cfg).string());
        for (Dataflow df : {Dataflow::OutputStationary, Dataflow::WeightStationary, Dataflow::InputStationary}) {
            accel.dataflow = df;
            for (const Layer& layer : net.layers) expect_gpu_equals_host(layer, accel);
        }
    }
}

}  // namespace
}  // namespace dramsweep
