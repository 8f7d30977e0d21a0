#pragma once
// The network of a sweep's network workload: its topology and base accelerator, read once, and
// their identity for the keys of result rows.

#include <cstdint>

#include "dramsweep/accel/accel_config.hpp"
#include "dramsweep/sweep/spec.hpp"
#include "dramsweep/workload/layer.hpp"

namespace dramsweep::sweep {

struct NetworkWorkload {
    Topology topology;
    AccelConfig accel;       // the accelerator file, before any "accel." setting
    std::uint64_t hash = 0;  // of both files' contents and the topology format
};

// Reads both files (errors name them). Requires spec.workload.is_network().
NetworkWorkload load_network_workload(const SweepSpec& spec);

}  // namespace dramsweep::sweep
