#pragma once
// The accelerator: a systolic array with double-buffered ifmap, filter and ofmap SRAMs.

#include <cstdint>
#include <string>
#include <vector>

#include "dramsweep/common/field_sources.hpp"

namespace dramsweep {

enum class Dataflow { OutputStationary, WeightStationary, InputStationary };

// SCALE-Sim's InterfaceBandwidth: CALC derives the DRAM bandwidth, USER takes `Bandwidth`.
enum class InterfaceMode { Calc, User };

// The fields, their defaults, bounds and which a file must give are declared once, in the
// accelerator's field table (accel_fields.hpp); a default-constructed AccelConfig holds every
// default. Names follow SCALE-Sim's .cfg keys (noted beside each); the rest are dramsweep's own.
struct AccelConfig {
    AccelConfig();

    std::string run_name;              // [general] run_name
    std::int64_t array_rows = 0;       // ArrayHeight
    std::int64_t array_cols = 0;       // ArrayWidth
    std::int64_t ifmap_sram_kb = 0;    // IfmapSramSzkB
    std::int64_t filter_sram_kb = 0;   // FilterSramSzkB
    std::int64_t ofmap_sram_kb = 0;    // OfmapSramSzkB
    std::int64_t ifmap_offset = 0;     // IfmapOffset
    std::int64_t filter_offset = 0;    // FilterOffset
    std::int64_t ofmap_offset = 0;     // OfmapOffset
    Dataflow dataflow = Dataflow::OutputStationary;      // Dataflow: os | ws | is
    InterfaceMode interface_mode = InterfaceMode::Calc;  // [run_presets] InterfaceBandwidth
    std::vector<std::int64_t> bandwidths;  // Bandwidth (words/cycle, one per memory bank)
    std::int64_t memory_banks = 0;     // MemoryBanks
    std::string topology_path;         // [network_presets] TopologyCsvLoc (optional)

    // dramsweep's additions.
    std::int64_t word_bytes = 0;       // bytes per operand word (SCALE-Sim: 1)
    std::int64_t burst_bytes = 0;      // bytes per DRAM request
    std::int64_t freq_mhz = 0;         // accelerator clock
    double mac_energy_pj = 0;          // energy of one multiply-accumulate
    double sram_read_energy_pj_per_word = 0;
    double sram_write_energy_pj_per_word = 0;

    std::string origin;    // the file it was read from, for messages
    FieldSources sources;  // where each field got its value (keys as in the JSON form)

    std::int64_t ifmap_sram_words() const { return ifmap_sram_kb * 1024 / word_bytes; }
    std::int64_t filter_sram_words() const { return filter_sram_kb * 1024 / word_bytes; }
    std::int64_t ofmap_sram_words() const { return ofmap_sram_kb * 1024 / word_bytes; }
};

const char* to_string(Dataflow dataflow);  // "os", "ws", "is"

}  // namespace dramsweep
