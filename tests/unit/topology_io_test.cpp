#include "dramsweep/workload/topology_io.hpp"

#include <gtest/gtest.h>

#include <tuple>

#include "dramsweep/common/input_error.hpp"

namespace dramsweep {
namespace {

const char* kConvHeader = "Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides,\n";

TEST(TopologyCsv, ReadsConvRowsWithAndWithoutTrailingComma) {
    const std::string csv = std::string(kConvHeader) + "Conv1, 224, 224, 11, 11, 3, 96, 4,\nConv2, 27, 27, 5, 5, 96, 256, 1\n";
    const Topology t = parse_topology_csv(csv, "t.csv", TopologyFormat::Auto);
    ASSERT_EQ(t.layers.size(), 2u);
    EXPECT_EQ(t.layers[0].name, "Conv1");
    EXPECT_EQ(t.layers[0].ofmap_h(), 55);  // ceil((224 - 11) / 4) + 1
    EXPECT_EQ(t.layers[0].gemm_k(), 11 * 11 * 3);
    EXPECT_EQ(t.layers[1].num_filters, 256);
    EXPECT_EQ(t.layers[1].stride, 1);
}

TEST(TopologyCsv, DetectsGemmHeaderAndMapsToConv) {
    const Topology t = parse_topology_csv("Layer Name, M, N, K,\nG1, 20, 10, 12,\n", "g.csv", TopologyFormat::Auto);
    ASSERT_EQ(t.layers.size(), 1u);
    EXPECT_EQ(t.layers[0].kind, LayerKind::Gemm);
    EXPECT_EQ(t.layers[0].gemm_m(), 20);
    EXPECT_EQ(t.layers[0].gemm_n(), 10);
    EXPECT_EQ(t.layers[0].gemm_k(), 12);
}

TEST(TopologyCsv, GroupsColumnMakesDepthwise) {
    const std::string csv = "Layer name, H, W, R, S, C, N, Strides, Groups,\nDW, 18, 18, 3, 3, 32, 32, 1, 32,\n";
    const Topology t = parse_topology_csv(csv, "dw.csv", TopologyFormat::ConvCsv);
    EXPECT_EQ(t.layers[0].groups, 32);
    EXPECT_EQ(t.layers[0].gemm_n(), 1);
    EXPECT_EQ(t.layers[0].gemm_k(), 9);
    EXPECT_EQ(t.layers[0].macs(), 16 * 16 * 9 * 32);
}

// Each bad row names the file, the line and the column.
void expect_error(const std::string& csv, std::size_t line, const std::string& field) {
    try {
        parse_topology_csv(csv, "bad.csv", TopologyFormat::Auto);
        FAIL() << "no error for:\n" << csv;
    } catch (const InputError& e) {
        EXPECT_EQ(e.file(), "bad.csv");
        EXPECT_EQ(e.line(), line) << e.what();
        EXPECT_EQ(e.field(), field) << e.what();
    }
}

TEST(TopologyCsv, RejectsBadRowsWithLineAndField) {
    const std::string h = kConvHeader;
    expect_error(h + "A, 8, 8, 3, 3, 1, 1, 1,\nB, 8, x8, 3, 3, 1, 1, 1,\n", 3, "IFMAP Width");
    expect_error(h + "A, 8, 8, 3, 3, 1, 1,\n", 2, "row");
    expect_error(h + "A, 8, 8, 3, 3, 1, 1, 9,\n", 2, "Strides");
    expect_error(h + "A, 8, 8, 9, 3, 1, 1, 1,\n", 2, "Filter Height");
    expect_error(h + "A, 0, 8, 3, 3, 1, 1, 1,\n", 2, "IFMAP Height");
    expect_error(h + "A, 8, 8, 3, 3, 6, 6, 1, 4,\n", 2, "Groups");
    expect_error("Layer Name, M, N, K,\nG, 1, 2,\n", 2, "row");
    expect_error(h, 1, "");
}

TEST(TopologyJson, ErrorInAnEarlyElementNamesItsLine) {
    // The line lookup must stop at the value even when more elements follow it.
    const std::string json = "{\"layers\": [\n  {\"name\": \"g\", \"type\": \"gemm\", \"m\": 0, \"n\": 6, \"k\": 7},\n"
                             "  {\"name\": \"h\", \"type\": \"gemm\", \"m\": 5, \"n\": 6, \"k\": 7}\n]}\n";
    try {
        parse_topology_json(json, "t.json");
        FAIL();
    } catch (const InputError& e) {
        EXPECT_EQ(e.line(), 2u) << e.what();
    }
}

TEST(TopologyJson, ReadsAllLayerTypes) {
    const std::string json = R"({"name": "mix", "layers": [
        {"name": "c", "type": "conv", "ifmap_h": 10, "ifmap_w": 10, "filter_h": 3, "filter_w": 3,
         "channels": 4, "num_filters": 8, "stride": 1},
        {"name": "d", "type": "depthwise", "ifmap_h": 10, "ifmap_w": 10, "filter_h": 3, "filter_w": 3, "channels": 8},
        {"name": "g", "type": "gemm", "m": 5, "n": 6, "k": 7}]})";
    const Topology t = parse_topology_json(json, "m.json");
    ASSERT_EQ(t.layers.size(), 3u);
    EXPECT_EQ(t.name, "mix");
    EXPECT_EQ(t.layers[1].groups, 8);
    EXPECT_EQ(t.layers[1].num_filters, 8);
    EXPECT_EQ(t.layers[2].gemm_k(), 7);
}

TEST(TopologyJson, ErrorsNameLineAndPath) {
    const std::string json = "{\"layers\": [\n  {\"name\": \"g\", \"type\": \"gemm\", \"m\": 5, \"n\": 6, \"k\": 7},\n"
                             "  {\"name\": \"h\", \"type\": \"gemm\", \"m\": 5,\n   \"n\": \"six\", \"k\": 7}\n]}\n";
    try {
        parse_topology_json(json, "t.json");
        FAIL();
    } catch (const InputError& e) {
        EXPECT_EQ(e.line(), 4u) << e.what();
        EXPECT_EQ(e.field(), "layers/1/n");
    }
    try {
        parse_topology_json("{\"layers\": [\n {\"name\": \"x\", \"type\": \"gemm\", \"m\": 1, \"n\": 1, \"kk\": 1}]}", "u.json");
        FAIL();
    } catch (const InputError& e) {
        EXPECT_EQ(e.field(), "layers/0/kk") << e.what();
        EXPECT_EQ(e.line(), 2u);
    }
    try {
        parse_topology_json("{\"layers\": [\n\n  1,]}", "s.json");
        FAIL();
    } catch (const InputError& e) {
        EXPECT_EQ(e.line(), 3u) << e.what();
    }
}

TEST(TopologyJson, InputsNameEarlierLayersAndAreCheckedNotRun) {
    // "inputs" (written by `dramsweep import-onnx`) records each layer's producers; the layers
    // still run as a chain, and a name that is not an earlier layer is an error at its path.
    const std::string good = R"({"layers": [
        {"name": "a", "ifmap_h": 8, "ifmap_w": 8, "filter_h": 3, "filter_w": 3, "channels": 4, "num_filters": 8, "inputs": []},
        {"name": "b", "type": "depthwise", "ifmap_h": 8, "ifmap_w": 8, "filter_h": 3, "filter_w": 3, "channels": 8, "inputs": ["a"]},
        {"name": "g", "type": "gemm", "m": 1, "n": 6, "k": 72, "inputs": ["a", "b"]}]})";
    EXPECT_EQ(parse_topology_json(good, "d.json").layers.size(), 3u);
    const std::string later =
        "{\"layers\": [\n {\"name\": \"a\", \"type\": \"gemm\", \"m\": 1, \"n\": 1, \"k\": 1,\n"
        "  \"inputs\": [\"b\"]},\n {\"name\": \"b\", \"type\": \"gemm\", \"m\": 1, \"n\": 1, \"k\": 1}]}";
    try {
        parse_topology_json(later, "later.json");
        FAIL();
    } catch (const InputError& e) {
        EXPECT_EQ(e.field(), "layers/0/inputs/0") << e.what();
        EXPECT_EQ(e.line(), 3u);
        EXPECT_NE(std::string(e.what()).find("'b' is not the name of an earlier layer"), std::string::npos)
            << e.what();
    }
    EXPECT_THROW(parse_topology_json(
                     R"({"layers": [{"name": "a", "type": "gemm", "m": 1, "n": 1, "k": 1, "inputs": "x"}]})",
                     "s.json"),
                 InputError);
}

TEST(TopologyJson, WrittenFormReadsBackEqual) {
    const std::string json = R"({"name": "mix", "batch": 3, "layers": [
        {"name": "c", "ifmap_h": 10, "ifmap_w": 12, "filter_h": 3, "filter_w": 5, "channels": 4, "num_filters": 8, "stride": 2, "groups": 2},
        {"name": "d", "type": "depthwise", "ifmap_h": 10, "ifmap_w": 10, "filter_h": 3, "filter_w": 3, "channels": 8, "multiplier": 2},
        {"name": "g", "type": "gemm", "m": 5, "n": 6, "k": 7}]})";
    const Topology t = parse_topology_json(json, "m.json");
    const Topology back = parse_topology_json(topology_json(t).dump(), "written");
    EXPECT_EQ(back.name, t.name);
    ASSERT_EQ(back.layers.size(), t.layers.size());
    for (std::size_t i = 0; i < t.layers.size(); ++i) {
        const Layer &a = t.layers[i], &b = back.layers[i];
        EXPECT_EQ(std::tie(a.name, a.kind, a.ifmap_h, a.ifmap_w, a.filter_h, a.filter_w, a.channels,
                           a.num_filters, a.stride, a.groups, a.batch),
                  std::tie(b.name, b.kind, b.ifmap_h, b.ifmap_w, b.filter_h, b.filter_w, b.channels,
                           b.num_filters, b.stride, b.groups, b.batch))
            << a.name;
    }
}

}  // namespace
}  // namespace dramsweep
