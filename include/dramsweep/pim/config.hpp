#pragma once
// A PIM design from the template of docs/pim.md: the system (mesh, NoC, clock, word sizes),
// one node (PE array, register files, buffer, array bus, its stacked DRAM, router), the energy
// and area constants, and the mapping options.
//
// Loaded from a preset in configs/pim/ (or any JSON file of the same schema), then overridden
// field by field with dotted keys (`--set pim.mesh=2x2`, `--set pim.buffer_kb=256`) and
// validated. Every error is an InputError naming the file (or "--set"), line and field.

#include <cstdint>
#include <string>
#include <vector>

#include "dramsweep/common/field_sources.hpp"
#include "dramsweep/pim/hardware.hpp"

namespace dramsweep::pim {

struct PimArea {
    double pe_mm2 = 0;               // one PE: MAC, control, pipeline registers (no register file)
    double sram_mm2_per_kb = 0;      // global buffer
    double regf_mm2_per_kb = 0;      // register files
    double dram_if_mm2_per_pin = 0;  // DRAM interface (controller and PHY) per hybrid-bond pin
    double router_mm2 = 0;           // one mesh router with its links
    double dram_mbit_per_mm2 = 0;    // stacked-DRAM density: the node's DRAM footprint
    double die_budget_mm2 = 0;       // the whole logic die; 0: no budget
};

struct PimConfig {
    std::string name;
    std::string source;  // where the numbers come from
    std::string origin;  // the file it was loaded from
    FieldSources sources;

    // System.
    std::int32_t mesh_h = 0, mesh_w = 0;
    std::string routing = "xy";
    std::int64_t link_bits = 0;
    std::int32_t hop_cycles = 0;
    std::int32_t clock_mhz = 0;
    std::int32_t word_bits = 0;
    std::int32_t psum_bits = 0;
    MemoryPlacement memory = MemoryPlacement::kStacked;

    // Node.
    std::int32_t pe_rows = 0, pe_cols = 0;
    std::int64_t regf_bytes = 0;    // per PE
    std::int64_t buffer_bytes = 0;  // global buffer
    std::int64_t array_bus_words = 0;
    std::string dram_preset;  // configs/dram/ preset of the node's DRAM (timing mode)
    std::int64_t dram_capacity_mb = 0;
    std::int64_t dram_pins = 0;
    std::int64_t dram_pin_mbps = 0;
    bool dram_bandwidth_unlimited = false;
    std::int32_t router_ports = 5;

    // Energy. The buffer costs buffer_pj_per_word at buffer_ref_bytes and scales with
    // (size / ref)^buffer_size_exponent (0: a fixed cost per word).
    double mac_pj = 0;
    double regf_pj_per_word = 0;
    double buffer_pj_per_word = 0;
    std::int64_t buffer_ref_bytes = 0;
    double buffer_size_exponent = 0;
    double array_bus_pj_per_word = 0;
    double dram_pj_per_bit = 0;
    double noc_pj_per_bit_hop = 0;
    double static_pj_per_node_cycle = 0;

    PimArea area{};
    PimMappingOptions mapping{};

    std::int32_t nodes() const { return mesh_h * mesh_w; }
    // The buffer's energy per word at its configured size.
    double buffer_energy_per_word() const;
};

// Finds a preset by name (configs/pim/<name>.json) or takes a path to a JSON file.
std::string resolve_pim_path(const std::string& name_or_path);
std::vector<std::string> known_pim_presets();

// Loads and validates. `overrides` are "key=value" with the keys of the JSON (dotted); a leading
// "pim." is accepted and dropped.
PimConfig load_pim_config(const std::string& name_or_path, const std::vector<std::string>& overrides = {});
void apply_pim_override(PimConfig& config, const std::string& assignment);
// Rejects designs the model cannot evaluate: an empty mesh or PE array, a mesh beyond
// kMaxMeshSide, a register file smaller than a word, word sizes that do not fit, and so on.
void validate(const PimConfig& config);

// "energy", "latency" or "edp", as the JSON spells mapping.goal.
const char* goal_name(Goal goal);

// The plain struct the evaluator reads.
PimHardware make_hardware(const PimConfig& config);

// The configuration as JSON (every field, the form load_pim_config reads).
std::string pim_config_json(const PimConfig& config);

}  // namespace dramsweep::pim
