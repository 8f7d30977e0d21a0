#include <gtest/gtest.h>

#include "dramsweep/accel/accel_io.hpp"
#include "dramsweep/common/input_error.hpp"

namespace dramsweep {
namespace {

const std::string kCfg = R"([general]
run_name = run

[architecture_presets]
ArrayHeight:    8
ArrayWidth:     16
IfmapSramSzkB:   1
FilterSramSzkB:  2
OfmapSramSzkB:   3
IfmapOffset:    0
FilterOffset:   10000000
OfmapOffset:    20000000
Bandwidth : 4
Dataflow : ws
MemoryBanks:   1

[run_presets]
InterfaceBandwidth: CALC
)";

TEST(ScaleSimCfg, ReadsEveryKey) {
    const AccelConfig c = parse_scalesim_cfg(kCfg, "a.cfg");
    EXPECT_EQ(c.run_name, "run");
    EXPECT_EQ(c.array_rows, 8);
    EXPECT_EQ(c.array_cols, 16);
    EXPECT_EQ(c.ifmap_sram_kb, 1);
    EXPECT_EQ(c.filter_sram_kb, 2);
    EXPECT_EQ(c.ofmap_sram_kb, 3);
    EXPECT_EQ(c.filter_offset, 10000000);
    EXPECT_EQ(c.ofmap_offset, 20000000);
    EXPECT_EQ(c.dataflow, Dataflow::WeightStationary);
    EXPECT_EQ(c.interface_mode, InterfaceMode::Calc);
    EXPECT_EQ(c.bandwidths, std::vector<std::int64_t>{4});
    EXPECT_EQ(c.word_bytes, 1);
}

TEST(ScaleSimCfg, KeysAreCaseInsensitiveAndExtrasAreRead) {
    std::string cfg = kCfg;
    cfg.replace(cfg.find("ArrayHeight"), 11, "arrayheight");
    cfg += "\n[dramsweep]\nWordBytes = 2\nBurstBytes = 32\nFreqMHz = 700\n";
    const AccelConfig c = parse_scalesim_cfg(cfg, "a.cfg");
    EXPECT_EQ(c.array_rows, 8);
    EXPECT_EQ(c.word_bytes, 2);
    EXPECT_EQ(c.burst_bytes, 32);
    EXPECT_EQ(c.freq_mhz, 700);
}

void expect_cfg_error(const std::string& from, const std::string& to, std::size_t line, const std::string& field) {
    std::string cfg = kCfg;
    const auto at = cfg.find(from);
    ASSERT_NE(at, std::string::npos) << from;
    cfg.replace(at, from.size(), to);
    try {
        parse_scalesim_cfg(cfg, "bad.cfg");
        FAIL() << "no error after replacing '" << from << "' with '" << to << "'";
    } catch (const InputError& e) {
        EXPECT_EQ(e.file(), "bad.cfg");
        EXPECT_EQ(e.line(), line) << e.what();
        EXPECT_EQ(e.field(), field) << e.what();
    }
}

TEST(ScaleSimCfg, BadValuesNameLineAndKey) {
    expect_cfg_error("Dataflow : ws", "Dataflow : xs", 14, "Dataflow");
    expect_cfg_error("ArrayHeight:    8", "ArrayHeight:    0", 5, "ArrayHeight");
    expect_cfg_error("ArrayWidth:     16", "ArrayWidth:     sixteen", 6, "ArrayWidth");
    expect_cfg_error("ArrayWidth:     16\n", "", 4, "ArrayWidth");  // missing: points at its section
    expect_cfg_error("InterfaceBandwidth: CALC", "InterfaceBandwidth: FAST", 18, "InterfaceBandwidth");
    expect_cfg_error("[general]\nrun_name = run\n", "", 0, "run_name");  // missing section
    expect_cfg_error("MemoryBanks:   1", "MemoryBanks   1", 15, "MemoryBanks   1");
}

TEST(ScaleSimCfg, CalcModeDoesNotNeedBandwidth) {
    std::string cfg = kCfg;
    cfg.replace(cfg.find("Bandwidth : 4\n"), 14, "");
    EXPECT_EQ(parse_scalesim_cfg(cfg, "c.cfg").interface_mode, InterfaceMode::Calc);
}

TEST(ScaleSimCfg, UserModeNeedsBandwidth) {
    std::string cfg = kCfg;
    cfg.replace(cfg.find("CALC"), 4, "USER");
    EXPECT_EQ(parse_scalesim_cfg(cfg, "u.cfg").interface_mode, InterfaceMode::User);
    cfg.replace(cfg.find("Bandwidth : 4\n"), 14, "");
    EXPECT_THROW(parse_scalesim_cfg(cfg, "u.cfg"), InputError);
}

TEST(AccelJson, ReadsAndValidates) {
    const JsonSource ok = JsonSource::from_text(
        R"({"array_rows": 16, "array_cols": 16, "ifmap_sram_kb": 32, "filter_sram_kb": 32, "ofmap_sram_kb": 16,
            "dataflow": "is", "word_bytes": 2, "freq_mhz": 800})",
        "a.json");
    const AccelConfig c = parse_accel_json(ok);
    EXPECT_EQ(c.dataflow, Dataflow::InputStationary);
    EXPECT_EQ(c.word_bytes, 2);
    EXPECT_EQ(c.ifmap_sram_words(), 16 * 1024);

    const JsonSource bad = JsonSource::from_text(
        "{\"array_rows\": 16, \"array_cols\": 16,\n\"ifmap_sram_kb\": 32, \"filter_sram_kb\": 32, \"ofmap_sram_kb\": 16,\n"
        "\"dataflow\": \"os\",\n\"burst_bytes\": 48}",
        "b.json");
    try {
        parse_accel_json(bad);
        FAIL();
    } catch (const InputError& e) {
        EXPECT_EQ(e.field(), "burst_bytes");
        EXPECT_EQ(e.line(), 4u) << e.what();
    }
}

TEST(AccelOverrides, SetFieldsAndValidate) {
    const AccelConfig base = parse_scalesim_cfg(kCfg, "a.cfg");
    const AccelConfig c = apply_accel_overrides(base, {"array_rows=64", "dataflow=is", "freq_mhz=700"}, "--accel-set");
    EXPECT_EQ(c.array_rows, 64);
    EXPECT_EQ(c.array_cols, 16);
    EXPECT_EQ(c.dataflow, Dataflow::InputStationary);
    EXPECT_EQ(c.freq_mhz, 700);
    EXPECT_EQ(c.filter_offset, base.filter_offset);
    EXPECT_THROW(apply_accel_overrides(base, {"array_rowz=64"}, "x"), InputError);
    EXPECT_THROW(apply_accel_overrides(base, {"array_rows=0"}, "x"), InputError);
    EXPECT_THROW(apply_accel_overrides(base, {"dataflow=rs"}, "x"), InputError);
}

}  // namespace
}  // namespace dramsweep
