#pragma once
// The PIM hardware as the evaluator reads it: plain numbers in fixed-size fields, no strings or
// heap, so that the same struct is read by host code and by a CUDA kernel (DRAMSWEEP_HD).
// Built from a PimConfig by make_hardware() (config.hpp); docs/pim.md lists every field.

#include <cstdint>

#include "dramsweep/common/hd.hpp"

namespace dramsweep::pim {

// The largest mesh the fixed-size arrays of the evaluator hold (8 x 8 nodes).
inline constexpr int kMaxMeshSide = 8;
inline constexpr int kMaxNodes = kMaxMeshSide * kMaxMeshSide;

// Where the DRAM is: one stack on top of every node (3D, the PIM template and TETRIS), or four
// channels at the corner nodes of the mesh (TETRIS's 2D baseline, nn_dataflow's --mem-type 2D).
enum class MemoryPlacement : std::uint8_t { kStacked, kCorners };

// What the per-layer search minimises.
enum class Goal : std::uint8_t { kEnergy, kLatency, kEdp };

// Data categories and memory levels, as nn_dataflow numbers them.
enum Data : int { kFil = 0, kIfm = 1, kOfm = 2, kNumData = 3 };
enum Level : int { kDram = 0, kGbuf = 1, kItcn = 2, kRegf = 3, kNumLevels = 4 };

struct PimEnergy {
    double mac_pj = 0;                 // per MAC
    double regf_pj_per_word = 0;       // per register-file access
    double gbuf_pj_per_word = 0;       // per global-buffer access, at this buffer's size
    double array_bus_pj_per_word = 0;  // per word on the buffer-to-array bus ("ITCN")
    double dram_pj_per_bit = 0;        // per bit to or from the node's DRAM
    double noc_pj_per_bit_hop = 0;     // per bit per mesh hop
    double static_pj_per_cycle = 0;    // leakage and clock of all nodes together, per logic cycle
};

struct PimMappingOptions {
    bool gbuf_bypass[kNumData] = {true, true,
                                  true};  // may the data skip the buffer when it has no reuse there
    bool access_forwarding = false;  // nodes that need the same data fetch it once and forward it (TETRIS)
    bool hybrid_partition = true;   // nn_dataflow's partition_hybrid space; false: OFMP for conv, OUTP for FC
    bool batch_partition = false;   // BATP allowed
    bool ifmaps_partition = false;  // INPP allowed
    Goal goal = Goal::kEnergy;
};

struct PimHardware {
    std::int32_t mesh_h = 1, mesh_w = 1;  // nodes
    std::int32_t pe_rows = 1, pe_cols = 1;
    std::int64_t gbuf_words = 0;       // global buffer per node
    std::int64_t regf_words = 0;       // register file per PE
    std::int64_t array_bus_words = 0;  // words per cycle per data category on the array bus; 0: unlimited
    std::int32_t word_bits = 16;
    std::int32_t psum_bits = 32;
    std::int32_t clock_mhz = 400;  // logic clock
    MemoryPlacement memory = MemoryPlacement::kStacked;
    bool dram_bandwidth_unlimited = false;
    std::int64_t dram_pins = 0;            // per DRAM stack (stacked) or per corner channel
    std::int64_t dram_pin_mbps = 0;        // Mb/s per pin
    std::int64_t dram_capacity_bytes = 0;  // per stack or channel
    std::int64_t link_bits = 128;          // NoC link width, bits per cycle each way
    std::int32_t hop_cycles = 1;           // router + link latency per hop
    PimEnergy energy{};
    PimMappingOptions options{};

    DRAMSWEEP_HD constexpr std::int32_t nodes() const { return mesh_h * mesh_w; }
    DRAMSWEEP_HD constexpr std::int32_t pes() const { return pe_rows * pe_cols; }
};

}  // namespace dramsweep::pim
