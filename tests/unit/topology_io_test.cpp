#include "dramsweep/workload/topology_io.hpp"

#include <gtest/gtest.h>

#include <tuple>

#include "dramsweep/common/input_error.hpp"
#include "dramsweep/workload/scalesim_layers.hpp"

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
    EXPECT_EQ(t.layers[1].stride_h, 1);
    EXPECT_EQ(t.layers[1].stride_w, 1);  // no 9th column: the row stride
}

TEST(TopologyCsv, DetectsGemmHeaderAndMapsToConv) {
    const Topology t = parse_topology_csv("Layer Name, M, N, K,\nG1, 20, 10, 12,\n", "g.csv", TopologyFormat::Auto);
    ASSERT_EQ(t.layers.size(), 1u);
    EXPECT_EQ(t.layers[0].kind, LayerKind::Gemm);
    EXPECT_EQ(t.layers[0].gemm_m(), 20);
    EXPECT_EQ(t.layers[0].gemm_n(), 10);
    EXPECT_EQ(t.layers[0].gemm_k(), 12);
}

// SCALE-Sim v2's 9th column is the column stride; a row without it strides its columns by the
// row stride. Rows of one file may have either form.
TEST(TopologyCsv, NinthColumnIsTheColumnStride) {
    const std::string csv =
        "Layer name, H, W, R, S, C, N, Stride Height, Stride Width,\n"
        "A, 12, 13, 3, 3, 2, 10, 1, 2,\n"
        "B, 11, 9, 2, 3, 3, 6, 3, 1,\n"
        "C, 10, 10, 2, 2, 1, 4, 2,\n";
    const Topology t = parse_topology_csv(csv, "s.csv", TopologyFormat::Auto);
    ASSERT_EQ(t.layers.size(), 3u);
    EXPECT_EQ(t.layers[0].stride_h, 1);
    EXPECT_EQ(t.layers[0].stride_w, 2);
    EXPECT_EQ(t.layers[0].ofmap_h(), 10);  // (12 - 3) / 1 + 1
    EXPECT_EQ(t.layers[0].ofmap_w(), 6);   // (13 - 3) / 2 + 1
    EXPECT_EQ(t.layers[1].ofmap_h(), 4);   // (11 - 2) / 3 + 1
    EXPECT_EQ(t.layers[1].ofmap_w(), 7);   // (9 - 3) / 1 + 1
    EXPECT_EQ(t.layers[2].stride_h, 2);
    EXPECT_EQ(t.layers[2].stride_w, 2);
    for (const Layer& l : t.layers) EXPECT_EQ(l.groups, 1);
}

TEST(TopologyCsv, GroupsIsANamedColumnAfterTheColumnStride) {
    const std::string csv =
        "Layer name, H, W, R, S, C, N, Strides, Stride Width, Groups,\n"
        "DW, 18, 18, 3, 3, 32, 32, 1, 1, 32,\n"
        "PW, 16, 16, 1, 1, 32, 64, 1, 1, 1,\n";
    const Topology t = parse_topology_csv(csv, "dw.csv", TopologyFormat::ConvCsv);
    EXPECT_EQ(t.layers[0].groups, 32);
    EXPECT_EQ(t.layers[0].gemm_n(), 1);
    EXPECT_EQ(t.layers[0].gemm_k(), 9);
    EXPECT_EQ(t.layers[0].macs(), 16 * 16 * 9 * 32);
    EXPECT_FALSE(t.layers[0].scalesim_dp);
    EXPECT_EQ(t.layers[1].groups, 1);
    // The column is found by its name, in any case.
    const Topology lower =
        parse_topology_csv("n, H, W, R, S, C, N, s, sw, groups\nDW, 18, 18, 3, 3, 8, 8, 1, 1, 8\n", "dw.csv",
                           TopologyFormat::ConvCsv);
    EXPECT_EQ(lower.layers[0].groups, 8);
}

// SCALE-Sim v2 runs a layer whose name contains "DP" as C single-channel layers of N filters
// each: one depthwise layer of C groups and C * N filters.
TEST(TopologyCsv, DpInTheNameIsScalesimsDepthwiseRule) {
    const std::string csv =
        std::string(kConvHeader) + "Conv2_DP, 9, 11, 3, 3, 3, 2, 2, 4,\nconv_dp, 9, 9, 3, 3, 3, 2, 1,\n";
    const Topology t = parse_topology_csv(csv, "dp.csv", TopologyFormat::Auto);
    ASSERT_EQ(t.layers.size(), 2u);
    const Layer& dp = t.layers[0];
    EXPECT_TRUE(dp.scalesim_dp);
    EXPECT_EQ(dp.channels, 3);
    EXPECT_EQ(dp.groups, 3);
    EXPECT_EQ(dp.num_filters, 6);
    EXPECT_EQ(dp.gemm_n(), 2);
    EXPECT_EQ(dp.gemm_k(), 9);
    EXPECT_EQ(dp.macs(), 4 * 3 * 9 * 2 * 3);
    EXPECT_FALSE(t.layers[1].scalesim_dp);  // the rule is case-sensitive, as SCALE-Sim's
    EXPECT_EQ(t.layers[1].groups, 1);
    // GEMM rows are not convolutions: SCALE-Sim's GEMM reader has no such rule.
    EXPECT_FALSE(parse_topology_csv("Layer Name, M, N, K,\nG_DP, 4, 5, 6,\n", "g.csv", TopologyFormat::Auto)
                     .layers[0]
                     .scalesim_dp);
}

TEST(TopologyCsv, ScalesimRunsADpLayerAsOneLayerPerChannel) {
    const std::string csv =
        std::string(kConvHeader) +
        "A, 8, 8, 3, 3, 2, 4, 1,\nB_DP, 9, 11, 3, 3, 3, 2, 2, 4,\nC, 4, 3, 1, 1, 6, 5, 1,\n";
    const Topology t = scalesim_v2_layers(parse_topology_csv(csv, "dp.csv", TopologyFormat::Auto));
    ASSERT_EQ(t.layers.size(), 5u);
    EXPECT_EQ(t.layers[0].name, "A");
    for (int c = 0; c < 3; ++c) {
        const Layer& l = t.layers[static_cast<std::size_t>(1 + c)];
        EXPECT_EQ(l.name, "B_DPChannel_" + std::to_string(c));
        EXPECT_EQ(l.channels, 1);
        EXPECT_EQ(l.num_filters, 2);
        EXPECT_EQ(l.groups, 1);
        EXPECT_EQ(l.stride_h, 2);
        EXPECT_EQ(l.stride_w, 4);
        EXPECT_EQ(l.ifmap_w, 11);
        EXPECT_FALSE(l.scalesim_dp);
    }
    EXPECT_EQ(t.layers[4].name, "C");
}

TEST(TopologyCsv, ADpRowWithAGroupsColumnMustHaveOneGroupPerChannel) {
    const std::string h = "Layer name, H, W, R, S, C, N, Strides, Stride Width, Groups,\n";
    EXPECT_EQ(parse_topology_csv(h + "X_DP, 8, 8, 3, 3, 4, 1, 1, 1, 4,\n", "g.csv", TopologyFormat::Auto)
                  .layers[0]
                  .groups,
              4);
    try {
        parse_topology_csv(h + "X_DP, 8, 8, 3, 3, 4, 1, 1, 1, 2,\n", "g.csv", TopologyFormat::Auto);
        FAIL();
    } catch (const InputError& e) {
        EXPECT_EQ(e.line(), 2u);
        EXPECT_EQ(e.field(), "Groups");
        EXPECT_NE(std::string(e.what()).find("DP"), std::string::npos) << e.what();
    }
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
    const std::string g = "Layer name, H, W, R, S, C, N, Strides, Stride Width, Groups,\n";
    expect_error(g + "A, 8, 8, 3, 3, 6, 6, 1, 1, 4,\n", 2, "Groups");
    expect_error(g + "A, 8, 8, 3, 3, 6, 6, 1, 1,\n", 2, "row");  // the header names ten columns
    expect_error(h + "A, 8, 8, 3, 3, 1, 1, 1, 9,\n", 2, "Stride Width");
    expect_error(h + "A, 8, 8, 3, 3, 1, 1, 1, 0,\n", 2, "Stride Width");
    expect_error(h + "A, 9, 8, 3, 3, 1, 1, 9,\n", 2, "Strides");  // the row stride strides the columns too
    expect_error(h + "A, 8, 8, 3, 3, 1, 1, 1, 1, 1,\n", 2, "row");
    expect_error(h + "A_DP, 8, 8, 3, 3, 65536, 65536, 1,\n", 2, "Num Filter");
    // A header naming the 9th column Groups would be misread (SCALE-Sim reads a column stride
    // there): refused, at the header. Unknown named columns are refused too.
    expect_error("Layer name, H, W, R, S, C, N, Strides, Groups,\nA, 8, 8, 3, 3, 6, 6, 1, 1,\n", 1, "Groups");
    expect_error(
        "Layer name, H, W, R, S, C, N, Strides, Stride Width, Dilation,\nA, 8, 8, 3, 3, 6, 6, 1, 1, 1,\n", 1,
        "Dilation");
    expect_error(g.substr(0, g.size() - 1) + " Groups,\nA, 8, 8, 3, 3, 6, 6, 1, 1, 1, 1,\n", 1, "Groups");
    expect_error("Layer Name, M, N, K,\nG, 1, 2,\n", 2, "row");
    expect_error(h, 1, "");
}

TEST(TopologyJson, StridesPerDimension) {
    const std::string json = R"({"layers": [
        {"name": "a", "ifmap_h": 12, "ifmap_w": 13, "filter_h": 3, "filter_w": 3, "channels": 2, "num_filters": 4,
         "stride_h": 1, "stride_w": 2},
        {"name": "b", "ifmap_h": 12, "ifmap_w": 13, "filter_h": 3, "filter_w": 3, "channels": 2, "num_filters": 4,
         "stride": 3},
        {"name": "c", "ifmap_h": 12, "ifmap_w": 13, "filter_h": 3, "filter_w": 3, "channels": 2, "num_filters": 4,
         "stride_w": 5}]})";
    const Topology t = parse_topology_json(json, "s.json");
    EXPECT_EQ(t.layers[0].stride_h, 1);
    EXPECT_EQ(t.layers[0].stride_w, 2);
    EXPECT_EQ(t.layers[0].ofmap_w(), 6);
    EXPECT_EQ(t.layers[1].stride_h, 3);
    EXPECT_EQ(t.layers[1].stride_w, 3);
    EXPECT_EQ(t.layers[2].stride_h, 1);
    EXPECT_EQ(t.layers[2].stride_w, 5);
    try {
        parse_topology_json(
            R"({"layers": [{"name": "a", "ifmap_h": 8, "ifmap_w": 8, "filter_h": 3, "filter_w": 3,
                               "channels": 2, "num_filters": 4, "stride": 2, "stride_w": 1}]})",
            "s.json");
        FAIL();
    } catch (const InputError& e) {
        EXPECT_EQ(e.field(), "layers[0].stride_w") << e.what();
    }
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
        EXPECT_EQ(e.field(), "layers[1].n");
    }
    try {
        parse_topology_json("{\"layers\": [\n {\"name\": \"x\", \"type\": \"gemm\", \"m\": 1, \"n\": 1, \"kk\": 1}]}", "u.json");
        FAIL();
    } catch (const InputError& e) {
        EXPECT_EQ(e.field(), "layers[0].kk") << e.what();
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
        EXPECT_EQ(e.field(), "layers[0].inputs[0]") << e.what();
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
                           a.num_filters, a.stride_h, a.stride_w, a.groups, a.batch),
                  std::tie(b.name, b.kind, b.ifmap_h, b.ifmap_w, b.filter_h, b.filter_w, b.channels,
                           b.num_filters, b.stride_h, b.stride_w, b.groups, b.batch))
            << a.name;
    }
}

}  // namespace
}  // namespace dramsweep
