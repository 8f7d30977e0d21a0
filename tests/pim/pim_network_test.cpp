// Workloads as DAGs: the bundled networks match nn_dataflow's layer tables row by row, bad
// DAGs fail naming the layer, and SCALE-Sim topologies load as chains.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>

#include "dramsweep/common/input_error.hpp"
#include "dramsweep/common/text.hpp"
#include "dramsweep/pim/network.hpp"
#include "dramsweep/workload/topology_io.hpp"
#include "support/test_support.hpp"

namespace dramsweep::pim {
namespace {

struct TableRow {
    std::map<std::string, std::string> cell;
    std::int64_t num(const std::string& k) const { return std::stoll(cell.at(k)); }
};

std::vector<TableRow> read_table(const std::string& file) {
    const std::string text =
        text::read_file((testing::shared_dir() / "reference/pim/networks" / file).string());
    const auto lines = text::numbered_lines(text);
    const auto header = text::split(lines.at(0).text, ',');
    std::vector<TableRow> rows;
    for (std::size_t i = 1; i < lines.size(); ++i) {
        if (lines[i].text.empty()) continue;
        const auto cells = text::split(lines[i].text, ',');
        TableRow r;
        for (std::size_t c = 0; c < header.size(); ++c) r.cell[header[c]] = c < cells.size() ? cells[c] : "";
        rows.push_back(r);
    }
    return rows;
}

void expect_matches_table(const std::string& bundled, const std::string& table) {
    const Network net = bundled_network(bundled);
    const auto rows = read_table(table + "_layers.csv");
    ASSERT_EQ(rows.at(0).cell.at("name"), "__INPUT__");
    EXPECT_EQ(net.input_channels, rows[0].num("K"));
    EXPECT_EQ(net.input_h, rows[0].num("Hout"));
    ASSERT_EQ(net.layers.size() + 1, rows.size()) << bundled;
    for (std::size_t i = 1; i < rows.size(); ++i) {
        const TableRow& r = rows[i];
        const int at = net.find(r.cell.at("name"));
        ASSERT_GE(at, 0) << r.cell.at("name");
        const NetworkLayer& l = net.layers[static_cast<std::size_t>(at)];
        const LayerShape& s = l.shape;
        const std::string& type = r.cell.at("type");
        EXPECT_EQ(s.is_conv(), type == "Conv" || type == "FC") << l.name;
        EXPECT_EQ(s.C, r.num("C")) << l.name;
        EXPECT_EQ(s.K, r.num("K")) << l.name;
        EXPECT_EQ(s.hin(), r.num("Hin")) << l.name;
        EXPECT_EQ(s.win(), r.num("Win")) << l.name;
        EXPECT_EQ(s.E, r.num("Hout")) << l.name;
        EXPECT_EQ(s.F, r.num("Wout")) << l.name;
        EXPECT_EQ(s.R, r.num("R")) << l.name;
        EXPECT_EQ(s.S, r.num("S")) << l.name;
        EXPECT_EQ(s.Uh, r.num("stride_h")) << l.name;
        EXPECT_EQ(s.Uw, r.num("stride_w")) << l.name;
        if (!s.is_conv()) {
            EXPECT_EQ(s.nreg, r.num("nreg")) << l.name;
        }
        EXPECT_EQ(s.ops(1), r.num("ops_per_sample")) << l.name;
        EXPECT_EQ(s.filter_words(), r.num("filter_words")) << l.name;
        EXPECT_EQ(s.ifmap_words(1), r.num("ifmap_words_per_sample")) << l.name;
        EXPECT_EQ(s.ofmap_words(1), r.num("ofmap_words_per_sample")) << l.name;
        std::string prevs;
        for (int p : l.prevs) {
            if (!prevs.empty()) prevs += "|";
            prevs += p == kNetworkInput ? "__INPUT__" : net.layers[static_cast<std::size_t>(p)].name;
        }
        EXPECT_EQ(prevs, r.cell.at("prevs")) << l.name;
    }
}

TEST(PimNetworks, AlexNetMatchesNnDataflowsTable) {
    expect_matches_table("alexnet", "alex_net");
}
TEST(PimNetworks, Vgg16MatchesNnDataflowsTable) {
    expect_matches_table("vgg16", "vgg_net");
}
TEST(PimNetworks, ResNet50MatchesNnDataflowsTable) {
    expect_matches_table("resnet50", "resnet50");
}
TEST(PimNetworks, GoogLeNetMatchesNnDataflowsTable) {
    expect_matches_table("googlenet", "googlenet");
}

TEST(PimNetworks, TransformerBlockHasBertBaseSize) {
    const Network net = bundled_network("transformer");
    EXPECT_EQ(net.layers.size(), 65u);
    // 4 d^2 n for the projections, 2 n^2 d for attention, 2 d f n for the feed-forward layer,
    // plus the two residual adds (2 operations per output).
    const std::int64_t n = 512, d = 768, f = 3072;
    EXPECT_EQ(net.total_ops(1), 4 * d * d * n + 2 * n * n * d + 2 * d * f * n + 2 * 2 * d * n);
    EXPECT_EQ(net.total_ops(4), 4 * net.total_ops(1));
    const NetworkLayer& out = net.layers[static_cast<std::size_t>(net.find("out_proj"))];
    EXPECT_EQ(out.prevs.size(), 12u);
    EXPECT_EQ(out.shape.C, 768);
    const NetworkLayer& scores = net.layers[static_cast<std::size_t>(net.find("head3_scores"))];
    EXPECT_EQ(net.layers[static_cast<std::size_t>(scores.weights_from)].name, "head3_k");
}

TEST(PimNetworks, ProducersComeBeforeConsumers) {
    for (const std::string& name : bundled_network_names()) {
        const Network net = bundled_network(name);
        for (std::size_t i = 0; i < net.layers.size(); ++i)
            for (int p : net.layers[i].prevs)
                EXPECT_LT(p, static_cast<int>(i)) << name << " " << net.layers[i].name;
    }
}

std::string network_json(const std::string& layers) {
    return R"({"name": "t", "input": {"channels": 3, "height": 8, "width": 8}, "layers": [)" + layers + "]}";
}

void expect_bad_network(const std::string& layers, const std::string& field,
                        const std::string& message_part) {
    testing::ScratchDir dir;
    const std::string path = dir.write("net.json", network_json(layers));
    try {
        (void)load_network(path);
        FAIL() << "expected an InputError naming " << field;
    } catch (const InputError& e) {
        EXPECT_EQ(e.file(), path);
        EXPECT_EQ(e.field(), field) << e.what();
        EXPECT_NE(std::string(e.what()).find(message_part), std::string::npos) << e.what();
    }
}

TEST(PimNetworks, DagFileLoadsWithBranchesAndMerges) {
    testing::ScratchDir dir;
    const std::string path = dir.write("net.json", network_json(R"(
        {"name": "a", "type": "conv", "prevs": ["input"], "out_channels": 4, "out_size": 8, "filter": 1},
        {"name": "b", "type": "conv", "prevs": ["input"], "out_channels": 4, "out_size": 8, "filter": 1},
        {"name": "sum", "type": "eltwise", "prevs": ["a", "b"], "channels": 4, "out_size": 8},
        {"name": "cat", "type": "conv", "prevs": ["a", "sum"], "out_channels": 2, "out_size": 6, "filter": 3},
        {"name": "p", "type": "pool", "prevs": ["cat"], "channels": 2, "out_size": 3, "window": 2},
        {"name": "fc", "type": "fc", "prevs": ["p"], "out_channels": 10, "in_size": 3})"));
    const Network net = load_network(path);
    ASSERT_EQ(net.layers.size(), 6u);
    EXPECT_EQ(net.layers[static_cast<std::size_t>(net.find("cat"))].shape.C, 8);
    EXPECT_EQ(net.layers[static_cast<std::size_t>(net.find("sum"))].shape.nreg, 2);
    EXPECT_EQ(net.layers[static_cast<std::size_t>(net.find("fc"))].shape.R, 3);
}

TEST(PimNetworks, BadDagsNameTheLayer) {
    expect_bad_network(
        R"({"name": "a", "type": "conv", "prevs": ["b"], "out_channels": 4, "out_size": 8, "filter": 1},
                          {"name": "b", "type": "conv", "prevs": ["a"], "out_channels": 3, "out_size": 8, "filter": 1})",
        "a", "cycle");
    expect_bad_network(
        R"({"name": "a", "type": "conv", "prevs": ["ghost"], "out_channels": 4, "out_size": 8, "filter": 1})",
        "a", "dangling input");
    expect_bad_network(
        R"({"name": "a", "type": "conv", "prevs": ["input"], "in_channels": 5, "out_channels": 4, "out_size": 8, "filter": 1})",
        "a", "channels");
    expect_bad_network(
        R"({"name": "a", "type": "conv", "prevs": ["input"], "out_channels": 4, "out_size": 20, "filter": 1})",
        "a", "does not fit");
    expect_bad_network(
        R"({"name": "a", "type": "conv", "prevs": ["input"], "out_channels": 0, "out_size": 8, "filter": 1})",
        "layers[0].out_channels", "at least 1");
    expect_bad_network(R"({"name": "a", "type": "deconv", "prevs": ["input"]})", "layers[0].type",
                       "expected conv");
}

TEST(PimNetworks, ScaleSimTopologiesLoadAsChains) {
    int loaded = 0;
    for (const auto& entry :
         std::filesystem::directory_iterator(testing::source_dir() / "configs/topologies")) {
        const auto ext = entry.path().extension();
        if (ext != ".csv" && ext != ".json") continue;
        const Network net = load_network(entry.path().string());
        const Topology t = read_topology(entry.path().string());
        ASSERT_EQ(net.layers.size(), t.layers.size()) << entry.path();
        std::int64_t macs = 0;
        for (const auto& l : t.layers) macs += l.macs();
        EXPECT_EQ(net.total_ops(1), macs) << entry.path();
        ++loaded;
    }
    EXPECT_GE(loaded, 9);
    // A row is fed by the row above when that row's output is its input; SCALE-Sim's VGG-16
    // lists no pooling rows, so the first conv of each stage reads an input of its own.
    const Network vgg = load_network((testing::source_dir() / "configs/topologies/vgg16.csv").string());
    EXPECT_EQ(vgg.layers[0].prevs, std::vector<int>{kNetworkInput});
    EXPECT_EQ(vgg.layers[1].prevs, std::vector<int>{0});
    EXPECT_EQ(vgg.layers[2].prevs, std::vector<int>{kOwnInput});
    EXPECT_EQ(vgg.layers[3].prevs, std::vector<int>{2});
}

}  // namespace
}  // namespace dramsweep::pim
