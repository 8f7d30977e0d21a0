// A PIM configuration written back as JSON, in the schema load_pim_config reads.

#include <nlohmann/json.hpp>

#include "dramsweep/pim/config.hpp"

namespace dramsweep::pim {
namespace {

std::string dims(std::int32_t a, std::int32_t b) {
    return std::to_string(a) + "x" + std::to_string(b);
}

std::string bypass_text(const PimMappingOptions& m) {
    std::string s;
    const char* names[kNumData] = {"fil", "ifm", "ofm"};
    for (int d = 0; d < kNumData; ++d)
        if (m.gbuf_bypass[d]) {
            if (!s.empty()) s += ',';
            s += names[d];
        }
    return s.empty() ? "none" : s;
}

}  // namespace

const char* goal_name(Goal g) {
    switch (g) {
        case Goal::kEnergy:
            return "energy";
        case Goal::kLatency:
            return "latency";
        case Goal::kEdp:
            return "edp";
    }
    return "energy";
}

std::string pim_config_json(const PimConfig& c) {
    nlohmann::ordered_json j;
    j["name"] = c.name;
    j["source"] = c.source;
    j["mesh"] = dims(c.mesh_h, c.mesh_w);
    j["routing"] = c.routing;
    j["link_bits"] = c.link_bits;
    j["hop_cycles"] = c.hop_cycles;
    j["clock_mhz"] = c.clock_mhz;
    j["word_bits"] = c.word_bits;
    j["psum_bits"] = c.psum_bits;
    j["memory"] = c.memory == MemoryPlacement::kStacked ? "stacked" : "corners";
    j["pe_array"] = dims(c.pe_rows, c.pe_cols);
    j["regf_bytes"] = c.regf_bytes;
    j["buffer_bytes"] = c.buffer_bytes;
    j["array_bus_words"] = c.array_bus_words;
    j["dram"] = {{"preset", c.dram_preset},
                 {"capacity_mb", c.dram_capacity_mb},
                 {"pins", c.dram_pins},
                 {"pin_mbps", c.dram_pin_mbps},
                 {"bandwidth", c.dram_bandwidth_unlimited ? "unlimited" : "pins"}};
    j["router"] = {{"ports", c.router_ports}};
    j["energy"] = {{"mac_pj", c.mac_pj},
                   {"regf_pj_per_word", c.regf_pj_per_word},
                   {"buffer_pj_per_word", c.buffer_pj_per_word},
                   {"buffer_ref_bytes", c.buffer_ref_bytes},
                   {"buffer_size_exponent", c.buffer_size_exponent},
                   {"array_bus_pj_per_word", c.array_bus_pj_per_word},
                   {"dram_pj_per_bit", c.dram_pj_per_bit},
                   {"noc_pj_per_bit_hop", c.noc_pj_per_bit_hop},
                   {"static_pj_per_node_cycle", c.static_pj_per_node_cycle}};
    j["area"] = {{"pe_mm2", c.area.pe_mm2},
                 {"sram_mm2_per_kb", c.area.sram_mm2_per_kb},
                 {"regf_mm2_per_kb", c.area.regf_mm2_per_kb},
                 {"dram_if_mm2_per_pin", c.area.dram_if_mm2_per_pin},
                 {"router_mm2", c.area.router_mm2},
                 {"dram_mbit_per_mm2", c.area.dram_mbit_per_mm2},
                 {"die_budget_mm2", c.area.die_budget_mm2}};
    j["mapping"] = {{"bypass", bypass_text(c.mapping)},
                    {"access_forwarding", c.mapping.access_forwarding},
                    {"partition", c.mapping.hybrid_partition ? "hybrid" : "naive"},
                    {"batch_partition", c.mapping.batch_partition},
                    {"ifmaps_partition", c.mapping.ifmaps_partition},
                    {"goal", goal_name(c.mapping.goal)}};
    return j.dump(2);
}

}  // namespace dramsweep::pim
