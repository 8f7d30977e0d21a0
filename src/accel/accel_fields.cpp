// The accelerator's field table (accel_fields.hpp): every key, default, bound and .cfg name.

#include "dramsweep/accel/accel_fields.hpp"

namespace dramsweep {
namespace {

constexpr const char* kArch = "architecture_presets";
constexpr const char* kOurs = "dramsweep";

// Bounds of what the model simulates: beyond them an address or a size overflows 64 bits, or the
// value is a typo (a clock in Hz for MHz), not an accelerator.
constexpr double kMaxArray = 65536;
constexpr double kMaxSramKb = double(std::int64_t{1} << 30);   // 1 TiB
constexpr double kMaxOffset = double(std::int64_t{1} << 40);   // words
constexpr double kMaxEnergyPj = 1e9;

AccelFieldTable make_table() {
    AccelFieldTable t;
    using C = AccelConfig;
    t.add("run_name", [](C& c) -> auto& { return c.run_name; }).default_value("run").with({"general", "run_name", true});
    t.add("array_rows", [](C& c) -> auto& { return c.array_rows; })
        .required().default_value(32).at_least(1).at_most(kMaxArray, "array dimensions above 65536 are not supported")
        .with({kArch, "ArrayHeight", true});
    t.add("array_cols", [](C& c) -> auto& { return c.array_cols; })
        .required().default_value(32).at_least(1).at_most(kMaxArray, "array dimensions above 65536 are not supported")
        .with({kArch, "ArrayWidth", true});
    auto sram = [&](const char* key, auto access, const char* cfg_name) {
        t.add(key, access).required().default_value(64).at_least(1).at_most(kMaxSramKb, "1 TiB").with({kArch, cfg_name, true});
    };
    sram("ifmap_sram_kb", [](C& c) -> auto& { return c.ifmap_sram_kb; }, "IfmapSramSzkB");
    sram("filter_sram_kb", [](C& c) -> auto& { return c.filter_sram_kb; }, "FilterSramSzkB");
    sram("ofmap_sram_kb", [](C& c) -> auto& { return c.ofmap_sram_kb; }, "OfmapSramSzkB");
    // SCALE-Sim's operand base addresses, in words.
    auto offset = [&](const char* key, auto access, std::int64_t value, const char* cfg_name) {
        t.add(key, access).default_value(value).at_least(0).at_most(kMaxOffset, "words").with({kArch, cfg_name, true});
    };
    offset("ifmap_offset", [](C& c) -> auto& { return c.ifmap_offset; }, 0, "IfmapOffset");
    offset("filter_offset", [](C& c) -> auto& { return c.filter_offset; }, 10000000, "FilterOffset");
    offset("ofmap_offset", [](C& c) -> auto& { return c.ofmap_offset; }, 20000000, "OfmapOffset");
    t.add("dataflow", [](C& c) -> auto& { return c.dataflow; })
        .choices<Dataflow>({{"os", Dataflow::OutputStationary},
                            {"ws", Dataflow::WeightStationary},
                            {"is", Dataflow::InputStationary}})
        .required().default_value("os").with({kArch, "Dataflow", true});
    t.add("interface_mode", [](C& c) -> auto& { return c.interface_mode; })
        .choices<InterfaceMode>({{"calc", InterfaceMode::Calc}, {"user", InterfaceMode::User}})
        .default_value("calc").with({"run_presets", "InterfaceBandwidth", true});
    // Required in USER mode (scalesim_cfg.cpp, validate_accel_config).
    t.add("bandwidth", [](C& c) -> auto& { return c.bandwidths; })
        .default_value(Json::array({10})).at_least(1).at_most(kMaxOffset, "words per cycle").with({kArch, "Bandwidth", false});
    t.add("memory_banks", [](C& c) -> auto& { return c.memory_banks; })
        .default_value(1).at_least(1).at_most(1024, "").with({kArch, "MemoryBanks", false});
    t.add("word_bytes", [](C& c) -> auto& { return c.word_bytes; })
        .default_value(1).at_least(1).at_most(1024, "bytes").with({kOurs, "WordBytes", false});
    t.add("burst_bytes", [](C& c) -> auto& { return c.burst_bytes; })
        .default_value(64).at_least(1).at_most(1 << 20, "bytes").with({kOurs, "BurstBytes", false});
    t.add("freq_mhz", [](C& c) -> auto& { return c.freq_mhz; })
        .default_value(1000).at_least(1, "an accelerator clock, in MHz").at_most(10000, "an accelerator clock, in MHz")
        .with({kOurs, "FreqMHz", false});
    // Energies in picojoules, 45 nm figures of Horowitz, "Computing's energy problem", ISSCC 2014
    // (docs/formats.md): an 8-bit multiply (0.2 pJ) plus an 8-bit add (0.03 pJ); a 64-bit read
    // of a 32 kB SRAM (20 pJ) per byte, 2.5 pJ, for reads and writes alike.
    auto energy = [&](const char* key, auto access, double value, const char* cfg_name) {
        t.add(key, access).default_value(value).at_least(0).at_most(kMaxEnergyPj, "pJ").with({kOurs, cfg_name, false});
    };
    energy("mac_energy_pj", [](C& c) -> auto& { return c.mac_energy_pj; }, 0.23, "MacEnergyPj");
    energy("sram_read_energy_pj_per_word", [](C& c) -> auto& { return c.sram_read_energy_pj_per_word; }, 2.5,
           "SramReadEnergyPjPerWord");
    energy("sram_write_energy_pj_per_word", [](C& c) -> auto& { return c.sram_write_energy_pj_per_word; }, 2.5,
           "SramWriteEnergyPjPerWord");
    return t;
}

}  // namespace

const AccelFieldTable& accel_fields() {
    static const AccelFieldTable table = make_table();
    return table;
}

// Building the table constructs no AccelConfig, so the defaults can come from it here.
AccelConfig::AccelConfig() { accel_fields().apply_defaults(*this); }

}  // namespace dramsweep
