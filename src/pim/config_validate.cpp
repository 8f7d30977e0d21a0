// Checks a PIM configuration as a whole, and turns it into the evaluator's plain struct.

#include <cmath>
#include <string>

#include "dramsweep/common/config_paths.hpp"
#include "dramsweep/common/input_error.hpp"
#include "dramsweep/pim/config.hpp"

namespace dramsweep::pim {

double PimConfig::buffer_energy_per_word() const {
    if (buffer_size_exponent == 0) return buffer_pj_per_word;
    return buffer_pj_per_word *
           std::pow(static_cast<double>(buffer_bytes) / static_cast<double>(buffer_ref_bytes),
                    buffer_size_exponent);
}

void validate(const PimConfig& c) {
    auto fail = [&](const std::string& key, const std::string& message) {
        c.sources.fail(key, c.origin, message);
    };
    if (c.mesh_h < 1 || c.mesh_w < 1) fail("mesh", "needs at least one node in each direction");
    if (c.mesh_h > kMaxMeshSide || c.mesh_w > kMaxMeshSide)
        fail("mesh", "at most " + std::to_string(kMaxMeshSide) + "x" + std::to_string(kMaxMeshSide) +
                         " nodes are modelled");
    if (c.routing != "xy")
        fail("routing", "only xy (dimension-order) routing is modelled, got '" + c.routing + "'");
    if (c.link_bits < 1) fail("link_bits", "must be at least 1");
    if (c.clock_mhz < 1) fail("clock_mhz", "must be at least 1");
    if (c.word_bits != 8 && c.word_bits != 16 && c.word_bits != 32) fail("word_bits", "must be 8, 16 or 32");
    if (c.psum_bits < c.word_bits || c.psum_bits > 64 || c.psum_bits % 8 != 0)
        fail("psum_bits", "must be a whole number of bytes, at least word_bits and at most 64");
    if (c.pe_rows < 1 || c.pe_cols < 1) fail("pe_array", "needs at least one PE in each direction");
    if (c.pe_rows > 256 || c.pe_cols > 256) fail("pe_array", "at most 256 x 256 PEs are modelled");
    if (c.regf_bytes * 8 < c.word_bits) fail("regf_bytes", "must hold at least one word");
    if (c.buffer_bytes * 8 < c.word_bits) fail("buffer_bytes", "must hold at least one word");
    if (c.buffer_size_exponent != 0 && c.buffer_ref_bytes < 1)
        fail("energy.buffer_ref_bytes", "a size-dependent buffer energy needs the reference size (bytes)");
    if (c.dram_capacity_mb < 1) fail("dram.capacity_mb", "must be at least 1");
    if (!c.dram_bandwidth_unlimited) {
        if (c.dram_pins < 1) fail("dram.pins", "must be at least 1 (or dram.bandwidth unlimited)");
        if (c.dram_pin_mbps < 1) fail("dram.pin_mbps", "must be at least 1 (or dram.bandwidth unlimited)");
    }
    if (c.router_ports < 1) fail("router.ports", "must be at least 1");
    if (!(c.area.dram_mbit_per_mm2 > 0)) fail("area.dram_mbit_per_mm2", "must be > 0");
    if (c.dram_preset.empty()) fail("dram.preset", "names the configs/dram/ preset of the node's DRAM");
    try {
        (void)resolve_config_path("dram", c.dram_preset, "dram.preset");
    } catch (const InputError& e) {
        fail("dram.preset", e.what());
    }
}

PimHardware make_hardware(const PimConfig& c) {
    PimHardware h;
    h.mesh_h = c.mesh_h;
    h.mesh_w = c.mesh_w;
    h.pe_rows = c.pe_rows;
    h.pe_cols = c.pe_cols;
    h.gbuf_words = c.buffer_bytes * 8 / c.word_bits;
    h.regf_words = c.regf_bytes * 8 / c.word_bits;
    h.array_bus_words = c.array_bus_words;
    h.word_bits = c.word_bits;
    h.psum_bits = c.psum_bits;
    h.clock_mhz = c.clock_mhz;
    h.memory = c.memory;
    h.dram_bandwidth_unlimited = c.dram_bandwidth_unlimited;
    h.dram_pins = c.dram_pins;
    h.dram_pin_mbps = c.dram_pin_mbps;
    h.dram_capacity_bytes = c.dram_capacity_mb * 1024 * 1024;
    h.link_bits = c.link_bits;
    h.hop_cycles = c.hop_cycles;
    h.energy.mac_pj = c.mac_pj;
    h.energy.regf_pj_per_word = c.regf_pj_per_word;
    h.energy.gbuf_pj_per_word = c.buffer_energy_per_word();
    h.energy.array_bus_pj_per_word = c.array_bus_pj_per_word;
    h.energy.dram_pj_per_bit = c.dram_pj_per_bit;
    h.energy.noc_pj_per_bit_hop = c.noc_pj_per_bit_hop;
    h.energy.static_pj_per_cycle = c.static_pj_per_node_cycle * c.nodes();
    h.options = c.mapping;
    return h;
}

}  // namespace dramsweep::pim
