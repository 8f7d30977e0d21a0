#pragma once
// The accelerator: a systolic array with double-buffered ifmap, filter and ofmap SRAMs.
// Field names follow SCALE-Sim's .cfg keys (noted beside each); the rest are dramsweep's own
// additions with the defaults stated in docs/formats.md.

#include <cstdint>
#include <string>
#include <vector>

namespace dramsweep {

enum class Dataflow { OutputStationary, WeightStationary, InputStationary };

// SCALE-Sim's InterfaceBandwidth: CALC derives the DRAM bandwidth, USER takes `Bandwidth`.
enum class InterfaceMode { Calc, User };

struct AccelConfig {
    std::string run_name = "run";               // [general] run_name
    std::int64_t array_rows = 32;               // ArrayHeight
    std::int64_t array_cols = 32;               // ArrayWidth
    std::int64_t ifmap_sram_kb = 64;            // IfmapSramSzkB
    std::int64_t filter_sram_kb = 64;           // FilterSramSzkB
    std::int64_t ofmap_sram_kb = 64;            // OfmapSramSzkB
    std::int64_t ifmap_offset = 0;              // IfmapOffset
    std::int64_t filter_offset = 10000000;      // FilterOffset
    std::int64_t ofmap_offset = 20000000;       // OfmapOffset
    Dataflow dataflow = Dataflow::OutputStationary;  // Dataflow: os | ws | is
    InterfaceMode interface_mode = InterfaceMode::Calc;  // [run_presets] InterfaceBandwidth
    std::vector<std::int64_t> bandwidths{10};   // Bandwidth (words/cycle, one per memory bank)
    std::int64_t memory_banks = 1;              // MemoryBanks
    std::string topology_path;                  // [network_presets] TopologyCsvLoc (optional)

    // dramsweep's additions.
    std::int64_t word_bytes = 1;                // bytes per operand word (SCALE-Sim: 1)
    std::int64_t burst_bytes = 64;              // bytes per DRAM request
    std::int64_t freq_mhz = 1000;               // accelerator clock
    // Energies in picojoules, 45 nm figures of Horowitz, "Computing's energy problem", ISSCC 2014
    // (docs/formats.md): an 8-bit multiply (0.2 pJ) plus an 8-bit add (0.03 pJ); a 64-bit read
    // of a 32 kB SRAM (20 pJ) per byte, 2.5 pJ, for reads and writes alike.
    double mac_energy_pj = 0.23;
    double sram_read_energy_pj_per_word = 2.5;
    double sram_write_energy_pj_per_word = 2.5;

    std::int64_t ifmap_sram_words() const { return ifmap_sram_kb * 1024 / word_bytes; }
    std::int64_t filter_sram_words() const { return filter_sram_kb * 1024 / word_bytes; }
    std::int64_t ofmap_sram_words() const { return ofmap_sram_kb * 1024 / word_bytes; }
};

const char* to_string(Dataflow dataflow);  // "os", "ws", "is"

}  // namespace dramsweep
