// Every bundled topology and accelerator config must load, and the networks must have the
// size of the published architectures (MAC counts computed from the papers' layer tables).

#include <filesystem>
#include <map>

#include <gtest/gtest.h>

#include "dramsweep/accel/accel_io.hpp"
#include "dramsweep/workload/topology_io.hpp"
#include "support/test_support.hpp"

namespace dramsweep {
namespace {

std::int64_t total_macs(const Topology& t) {
    std::int64_t macs = 0;
    for (const Layer& layer : t.layers) macs += layer.macs();
    return macs;
}

TEST(BundledConfigs, EveryTopologyLoads) {
    int loaded = 0;
    for (const auto& entry : std::filesystem::directory_iterator(testing::source_dir() / "configs/topologies")) {
        const auto ext = entry.path().extension();
        if (ext != ".csv" && ext != ".json") continue;
        EXPECT_NO_THROW(read_topology(entry.path().string())) << entry.path();
        ++loaded;
    }
    EXPECT_GE(loaded, 8);
}

TEST(BundledConfigs, NetworksHaveTheirPublishedSize) {
    const std::map<std::string, std::pair<std::size_t, std::int64_t>> expected = {
        {"resnet18.csv", {21, 1'814'073'344}},  {"resnet50.csv", {54, 4'089'184'256}},
        {"vgg16.csv", {16, 15'470'264'320}},    {"mobilenet.csv", {28, 568'740'352}},
        {"alexnet.csv", {8, 1'135'256'096}},    {"yolo_tiny.csv", {13, 2'782'480'896}},
        {"gpt2_block.csv", {30, 8'858'370'048}}, {"bert_base_block.csv", {30, 4'026'531'840}},
    };
    for (const auto& [file, size] : expected) {
        const Topology t = read_topology((testing::source_dir() / "configs/topologies" / file).string());
        EXPECT_EQ(t.layers.size(), size.first) << file;
        EXPECT_EQ(total_macs(t), size.second) << file;
    }
}

TEST(BundledConfigs, EveryAcceleratorConfigLoads) {
    int loaded = 0;
    for (const auto& entry : std::filesystem::directory_iterator(testing::source_dir() / "configs/accel")) {
        const auto ext = entry.path().extension();
        if (ext != ".cfg" && ext != ".json") continue;
        EXPECT_NO_THROW(read_accel_config(entry.path().string())) << entry.path();
        ++loaded;
    }
    EXPECT_GE(loaded, 5);
}

}  // namespace
}  // namespace dramsweep
