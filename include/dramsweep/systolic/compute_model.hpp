#pragma once
// The compute side of the systolic array, per layer: folds, cycles, utilisation, SRAM traffic
// and the cycles at which each operand's SRAM is first and last accessed.
//
// Two modes. `Parity` reproduces SCALE-Sim v2 (22f88b17) exactly, its quirks included (numbered
// as in shared/reference/scalesim/README.md); `Corrected` (the default) reports what the array
// really does. docs/validation.md lists every difference. Everything here is closed form: at most
// one pass over the folds of one group, never SCALE-Sim's demand matrices. Stall cycles are 0
// (the closed loop with DRAM lives in another module).

#include <cstdint>
#include <vector>

#include "dramsweep/accel/accel_config.hpp"
#include "dramsweep/systolic/array_mapping.hpp"
#include "dramsweep/workload/layer.hpp"

namespace dramsweep {

enum class ComputeMode { Corrected, Parity };

const char* to_string(ComputeMode mode);  // "corrected", "parity"

// First and last cycle at which the array accesses one operand's SRAM, stamped as SCALE-Sim
// stamps its SRAM traces: a read at the cycle its data is delivered (demand line + 1, the SRAM
// hit latency), a write at its demand line. Cycle 0 is the first cycle of the layer.
struct SramWindow {
    std::int64_t start_cycle = 0;
    std::int64_t stop_cycle = 0;
};

struct LayerCompute {
    ArrayMapping mapping;
    ComputeMode mode = ComputeMode::Corrected;

    std::int64_t folds = 0;            // all groups
    std::int64_t cycles_per_fold = 0;  // fill and drain included
    // Corrected: folds * cycles_per_fold. Parity: one less (quirk 1, SCALE-Sim's "Total Cycles").
    std::int64_t compute_cycles = 0;
    std::int64_t stall_cycles = 0;
    std::int64_t macs = 0;

    double mapping_efficiency_pct = 0.0;   // mean over folds of used PEs / all PEs
    double compute_utilization_pct = 0.0;  // mean over folds of MACs / (PEs * fold cycles)
    double overall_utilization_pct = 0.0;  // layer MACs / (PEs * compute_cycles)

    std::int64_t ifmap_sram_reads = 0;
    std::int64_t filter_sram_reads = 0;
    std::int64_t ofmap_sram_writes = 0;
    // Partial sums read back from the ofmap SRAM to be accumulated by the next row fold (WS, IS,
    // corrected mode only; SCALE-Sim models no read-back, quirk 4).
    std::int64_t ofmap_sram_reads = 0;

    SramWindow ifmap_sram;
    SramWindow filter_sram;
    SramWindow ofmap_sram;

    // Words per cycle over the whole layer (SCALE-Sim's BANDWIDTH report divides by its Total
    // Cycles). The ofmap figure counts writes and, corrected, the partial-sum read-back.
    double avg_ifmap_sram_bw = 0.0;
    double avg_filter_sram_bw = 0.0;
    double avg_ofmap_sram_bw = 0.0;
};

// Throws std::invalid_argument for a layer SCALE-Sim cannot express in parity mode (groups > 1)
// and for non-positive dimensions.
LayerCompute compute_layer(const Layer& layer, const AccelConfig& accel, ComputeMode mode);

std::vector<LayerCompute> compute_topology(const Topology& topology, const AccelConfig& accel,
                                           ComputeMode mode);

}  // namespace dramsweep
