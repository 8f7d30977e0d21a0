// Bad PIM input, each kind where it is written: an illegal mesh and a PE array of zero in a
// design file (its line and field), a DAG with a cycle or a dangling input (the network file, the
// layer's line, the layer), a tensor larger than all DRAM of the design (the network, the layer);
// and the command line's exit code 2 for each. Sweep specs and serve requests: pim_sweep_test.cpp.

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <tuple>

#include "dramsweep/common/input_error.hpp"
#include "dramsweep/pim/config.hpp"
#include "dramsweep/pim/network.hpp"
#include "dramsweep/pim/report.hpp"
#include "support/test_support.hpp"

namespace dramsweep::pim {
namespace {

std::string read_text(const std::string& path) {
    std::ifstream in(path);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

std::size_t line_of(const std::string& text, const std::string& part) {
    const std::size_t at = text.find(part);
    return at == std::string::npos
               ? 0
               : 1 + static_cast<std::size_t>(
                         std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(at), '\n'));
}

// The T-16 preset with one field's text replaced.
std::string t16_with(const std::string& from, const std::string& to) {
    std::string text = read_text((testing::source_dir() / "configs" / "pim" / "t-16.json").string());
    const std::size_t at = text.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    return text.replace(at, from.size(), to);
}

InputError load_error(const std::string& path) {
    try {
        (void)load_pim_config(path);
    } catch (const InputError& e) {
        return e;
    }
    ADD_FAILURE() << path << " loaded";
    return InputError("", 0, "", "");
}

TEST(PimBadInput, AnIllegalMeshOrAnEmptyPeArrayInADesignFileNamesItsLineAndField) {
    testing::ScratchDir dir;
    for (const auto& [from, to, field] :
         {std::tuple{std::string("\"mesh\": \"4x4\""), std::string("\"mesh\": \"9x9\""), std::string("mesh")},
          std::tuple{std::string("\"mesh\": \"4x4\""), std::string("\"mesh\": \"0x4\""), std::string("mesh")},
          std::tuple{std::string("\"pe_array\": \"14x14\""), std::string("\"pe_array\": \"0x14\""),
                     std::string("pe_array")}}) {
        const std::string text = t16_with(from, to);
        const std::string path = dir.write("design.json", text);
        const InputError e = load_error(path);
        EXPECT_EQ(e.file(), path) << to;
        EXPECT_EQ(e.line(), line_of(text, to)) << to << ": " << e.what();
        EXPECT_EQ(e.field(), field) << e.what();
        const auto r = testing::run_dramsweep("pim evaluate --pim " + path + " --network alexnet");
        EXPECT_EQ(r.exit_code, 2) << r.output;
        EXPECT_NE(r.output.find(path + ":" + std::to_string(line_of(text, to))), std::string::npos)
            << r.output;
    }
}

TEST(PimBadInput, ACycleOrADanglingInputNamesTheFileTheLayersLineAndTheLayer) {
    testing::ScratchDir dir;
    const std::string head =
        "{\"name\": \"t\", \"input\": {\"channels\": 3, \"height\": 8, \"width\": 8}, \"layers\": [\n";
    const struct {
        std::string layers, layer, message;
    } cases[] = {
        {R"(  {"name": "a", "type": "conv", "prevs": ["input"], "out_channels": 3, "out_size": 8, "filter": 1},
  {"name": "b", "type": "conv", "prevs": ["c"], "out_channels": 3, "out_size": 8, "filter": 1},
  {"name": "c", "type": "conv", "prevs": ["b"], "out_channels": 3, "out_size": 8, "filter": 1})",
         "\"name\": \"b\"", "cycle"},
        {R"(  {"name": "a", "type": "conv", "prevs": ["input"], "out_channels": 3, "out_size": 8, "filter": 1},
  {"name": "b", "type": "conv", "prevs": ["ghost"], "out_channels": 3, "out_size": 8, "filter": 1})",
         "\"name\": \"b\"", "dangling input"},
    };
    for (const auto& c : cases) {
        const std::string text = head + c.layers + "\n]}\n";
        const std::string path = dir.write("net.json", text);
        try {
            (void)load_network(path);
            ADD_FAILURE() << c.message << ": loaded";
        } catch (const InputError& e) {
            EXPECT_EQ(e.file(), path);
            EXPECT_EQ(e.line(), line_of(text, c.layer)) << e.what();
            EXPECT_EQ(e.field(), "b") << e.what();
            EXPECT_NE(std::string(e.what()).find(c.message), std::string::npos) << e.what();
        }
        const auto r = testing::run_dramsweep("pim evaluate --pim t-16 --network " + path);
        EXPECT_EQ(r.exit_code, 2) << r.output;
        EXPECT_NE(r.output.find(c.message), std::string::npos) << r.output;
    }
}

TEST(PimBadInput, ATensorLargerThanAllDramNamesTheNetworkAndTheLayer) {
    const PimConfig config = load_pim_config("t-16", {"pim.dram.capacity_mb=1"});
    try {
        check_tensors_fit_dram(config, bundled_network("vgg16"), 8);
        FAIL() << "VGG-16's conv1 ofmap at batch 8 (51 MB) fitted 16 MB of DRAM";
    } catch (const InputError& e) {
        EXPECT_EQ(e.field(), "conv1") << e.what();
        EXPECT_NE(std::string(e.what()).find("larger than all DRAM of the design (16.0 MB)"),
                  std::string::npos)
            << e.what();
    }
    const auto r = testing::run_dramsweep(
        "pim evaluate --pim t-16 --network vgg16 --batch 8 --set pim.dram.capacity_mb=1");
    EXPECT_EQ(r.exit_code, 2) << r.output;
    EXPECT_NE(r.output.find("field 'conv1'"), std::string::npos) << r.output;
}

}  // namespace
}  // namespace dramsweep::pim
