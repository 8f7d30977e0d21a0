// The PIM template: presets load, every field can be overridden, bad input names the file and
// field, and the area model gives its breakdown and verdict.

#include <gtest/gtest.h>

#include <cmath>

#include "dramsweep/common/input_error.hpp"
#include "dramsweep/dram/config.hpp"
#include "dramsweep/dram/trace.hpp"
#include "dramsweep/pim/area.hpp"
#include "dramsweep/pim/config.hpp"
#include "dramsweep/pim/timing_mode.hpp"
#include "support/test_support.hpp"

namespace dramsweep::pim {
namespace {

TEST(PimConfig, T16PresetCarriesNnDataflowsPerWordCosts) {
    const PimConfig c = load_pim_config("t-16");
    const PimHardware h = make_hardware(c);
    EXPECT_EQ(h.mesh_h, 4);
    EXPECT_EQ(h.mesh_w, 4);
    EXPECT_EQ(h.pe_rows, 14);
    EXPECT_EQ(h.gbuf_words, 66516);
    EXPECT_EQ(h.regf_words, 256);
    EXPECT_DOUBLE_EQ(h.energy.dram_pj_per_bit * h.word_bits, 80.0);
    EXPECT_DOUBLE_EQ(h.energy.gbuf_pj_per_word, 14.0);
    EXPECT_DOUBLE_EQ(h.energy.array_bus_pj_per_word, 4.0);
    EXPECT_DOUBLE_EQ(h.energy.regf_pj_per_word, 0.6);
    EXPECT_DOUBLE_EQ(h.energy.mac_pj, 2.0);
    EXPECT_DOUBLE_EQ(h.energy.noc_pj_per_bit_hop * h.word_bits, 40.0);
    EXPECT_DOUBLE_EQ(h.energy.static_pj_per_cycle, 200.0);
    EXPECT_TRUE(h.dram_bandwidth_unlimited);
    EXPECT_EQ(h.array_bus_words, 0);
}

TEST(PimConfig, L1PresetIsTheTwoDimensionalBaseline) {
    const PimHardware h = make_hardware(load_pim_config("l-1"));
    EXPECT_EQ(h.nodes(), 1);
    EXPECT_EQ(h.pe_rows, 16);
    EXPECT_EQ(h.gbuf_words, 288028);
    EXPECT_EQ(h.regf_words, 512);
    EXPECT_DOUBLE_EQ(h.energy.dram_pj_per_bit * h.word_bits, 240.0);
    EXPECT_DOUBLE_EQ(h.energy.gbuf_pj_per_word, 28.0);
    EXPECT_DOUBLE_EQ(h.energy.regf_pj_per_word, 1.0);
    EXPECT_DOUBLE_EQ(h.energy.static_pj_per_cycle, 320.0);
    EXPECT_FALSE(h.options.gbuf_bypass[kFil] || h.options.gbuf_bypass[kIfm] || h.options.gbuf_bypass[kOfm]);
    EXPECT_FALSE(h.options.hybrid_partition);
}

TEST(PimConfig, OwnDesignScalesTheBufferEnergyWithItsSize) {
    const PimConfig c = load_pim_config("hb-4x4");
    EXPECT_NEAR(c.buffer_energy_per_word(), 14.0 * std::sqrt(131072.0 / 133032.0), 1e-12);
    const PimConfig big = load_pim_config("hb-4x4", {"pim.buffer_kb=512"});
    EXPECT_EQ(big.buffer_bytes, 512 * 1024);
    EXPECT_NEAR(big.buffer_energy_per_word(), 14.0 * std::sqrt(524288.0 / 133032.0), 1e-12);
    EXPECT_DOUBLE_EQ(make_hardware(c).energy.dram_pj_per_bit, 0.88);
}

TEST(PimConfig, EveryFieldCanBeOverridden) {
    const PimConfig c = load_pim_config(
        "hb-4x4", {"pim.mesh=2x8", "pim.pe_array=8x12", "pim.regf_bytes=256", "pim.dram.pins=1024",
                   "pim.energy.dram_pj_per_bit=0.66", "pim.mapping.goal=edp", "pim.mapping.bypass=ifm,ofm",
                   "pim.area.die_budget_mm2=48", "link_bits=256", "pim.energy.noc_pj_per_word_hop=16"});
    EXPECT_EQ(c.mesh_h, 2);
    EXPECT_EQ(c.mesh_w, 8);
    EXPECT_EQ(c.pe_rows, 8);
    EXPECT_EQ(c.pe_cols, 12);
    EXPECT_EQ(c.regf_bytes, 256);
    EXPECT_EQ(c.dram_pins, 1024);
    EXPECT_DOUBLE_EQ(c.dram_pj_per_bit, 0.66);
    EXPECT_EQ(c.mapping.goal, Goal::kEdp);
    EXPECT_FALSE(c.mapping.gbuf_bypass[kFil]);
    EXPECT_TRUE(c.mapping.gbuf_bypass[kIfm]);
    EXPECT_DOUBLE_EQ(c.area.die_budget_mm2, 48);
    EXPECT_EQ(c.link_bits, 256);
    EXPECT_DOUBLE_EQ(c.noc_pj_per_bit_hop, 1.0);
}

TEST(PimConfig, ConfigWrittenAsJsonLoadsBackTheSame) {
    const PimConfig c = load_pim_config("t-16", {"pim.mesh=2x2"});
    testing::ScratchDir dir;
    const PimConfig again = load_pim_config(dir.write("again.json", pim_config_json(c)));
    EXPECT_EQ(pim_config_json(again), pim_config_json(c));
}

void expect_input_error(const std::string& preset, const std::vector<std::string>& overrides,
                        const std::string& field) {
    try {
        (void)load_pim_config(preset, overrides);
        FAIL() << "expected an InputError for " << field;
    } catch (const InputError& e) {
        EXPECT_EQ(e.field(), field) << e.what();
    }
}

TEST(PimConfig, BadValuesNameTheirField) {
    expect_input_error("hb-4x4", {"pim.mesh=0x4"}, "mesh");
    expect_input_error("hb-4x4", {"pim.mesh=16x16"}, "mesh");
    expect_input_error("hb-4x4", {"pim.mesh=four"}, "mesh");
    expect_input_error("hb-4x4", {"pim.pe_array=0x14"}, "pe_array");
    expect_input_error("hb-4x4", {"pim.word_bits=12"}, "word_bits");
    expect_input_error("hb-4x4", {"pim.psum_bits=8"}, "psum_bits");
    expect_input_error("hb-4x4", {"pim.regf_bytes=0"}, "regf_bytes");
    expect_input_error("hb-4x4", {"pim.dram.pins=0"}, "dram.pins");
    expect_input_error("hb-4x4", {"pim.dram.preset=no-such-dram"}, "dram.preset");
    expect_input_error("hb-4x4", {"pim.routing=west-first"}, "routing");
    expect_input_error("hb-4x4", {"pim.energy.mac_pj=-1"}, "energy.mac_pj");
    expect_input_error("hb-4x4", {"pim.no_such_key=1"}, "no_such_key");
    expect_input_error("no-such-design", {}, "pim");
}

TEST(PimConfig, BadFileNamesTheJsonPathAndLine) {
    testing::ScratchDir dir;
    const std::string path = dir.write("bad.json", "{\n  \"name\": \"x\",\n  \"pe_array\": 14\n}\n");
    try {
        (void)load_pim_config(path);
        FAIL();
    } catch (const InputError& e) {
        EXPECT_EQ(e.file(), path);
        EXPECT_EQ(e.line(), 3u);
        EXPECT_EQ(e.field(), "pe_array");
    }
    const std::string typo = dir.write("typo.json", "{\n  \"energy\": {\"mac_pjj\": 2}\n}\n");
    try {
        (void)load_pim_config(typo);
        FAIL();
    } catch (const InputError& e) {
        EXPECT_EQ(e.line(), 2u);
        EXPECT_EQ(e.field(), "energy.mac_pjj");
    }
}

TEST(PimArea, BreakdownAddsUpAndGivesTheVerdict) {
    const PimConfig c = load_pim_config("hb-4x4");
    const AreaBreakdown a = compute_area(c);
    EXPECT_NEAR(a.pe_mm2, 256 * 0.00949, 1e-12);
    EXPECT_NEAR(a.buffer_mm2, 128 * 0.0013, 1e-12);
    EXPECT_NEAR(a.dram_interface_mm2, 512 * 0.0013, 1e-12);
    EXPECT_NEAR(a.logic_mm2, a.pe_mm2 + a.regf_mm2 + a.buffer_mm2 + a.dram_interface_mm2 + a.router_mm2,
                1e-12);
    EXPECT_NEAR(a.dram_footprint_mm2, 128.0 * 8 / 64, 1e-12);
    EXPECT_TRUE(a.legal);
    EXPECT_NEAR(a.die_mm2, 16 * 16.0, 1e-9);

    // 4 MB of DRAM per node is 0.5 mm2: the logic no longer fits under it.
    const AreaBreakdown small = compute_area(load_pim_config("hb-4x4", {"pim.dram.capacity_mb=4"}));
    EXPECT_FALSE(small.logic_fits_under_dram);
    EXPECT_FALSE(small.legal);
    // Within the footprint, but the 16 stacks exceed a 48 mm2 die.
    const AreaBreakdown budget = compute_area(load_pim_config("hb-4x4", {"pim.area.die_budget_mm2=48"}));
    EXPECT_TRUE(budget.logic_fits_under_dram);
    EXPECT_FALSE(budget.within_budget);
    EXPECT_FALSE(budget.legal);
}

TEST(PimCli, AreaPrintsTheBreakdownAndBadInputExitsTwo) {
    const auto ok = testing::run_dramsweep("pim area hb-4x4");
    EXPECT_EQ(ok.exit_code, 0) << ok.output;
    EXPECT_NE(ok.output.find("DRAM footprint"), std::string::npos);
    EXPECT_NE(ok.output.find("legal"), std::string::npos);
    const auto json = testing::run_dramsweep("pim area t-16 --json");
    EXPECT_EQ(json.exit_code, 0);
    EXPECT_NE(json.output.find("\"legal\":true"), std::string::npos);
    const auto bad = testing::run_dramsweep("pim area hb-4x4 --set pim.pe_array=0x0");
    EXPECT_EQ(bad.exit_code, 2);
    EXPECT_NE(bad.output.find("pe_array"), std::string::npos);
}

}  // namespace
}  // namespace dramsweep::pim

namespace dramsweep::pim {
namespace {

TEST(PimConfig, StackedDramPresetRunsInTheDramModelAtItsPinBandwidth) {
    const dram::DramConfig d = dram::load_dram_config("stacked-hb");
    // 128 B per burst every 2 clocks of 2.5 ns: 25.6 GB/s, 512 bonds at 0.4 Gb/s.
    EXPECT_EQ(d.org.burst_bytes(), 128u);
    EXPECT_DOUBLE_EQ(d.org.burst_bytes() / (d.timing.nBL * d.tck_ns()), 25.6);
    const std::uint64_t bytes = std::uint64_t{d.org.banks_per_channel()} * d.org.rows * d.org.columns *
                                (d.org.device_width / 8) * d.org.devices_per_rank();
    EXPECT_EQ(bytes, 128ull << 20);
    std::vector<dram::TraceRequest> seq;
    for (std::uint64_t i = 0; i < 4096; ++i) seq.push_back({i * 128, false});
    const auto r = simulate_dram(d, seq);
    EXPECT_GT(r.metrics.bandwidth_gbps, 20.0);
    EXPECT_LE(r.metrics.bandwidth_gbps, 25.6);
}

}  // namespace
}  // namespace dramsweep::pim
