#pragma once
// An upper estimate, in closed form (time independent of the layer's size), of the memory the
// SRAM/DRAM traffic model needs to build a layer's DRAM request stream: the lines each fold
// touches, the requests, the residency maps. `run`, `serve`, `scalesim` and network sweeps check
// it before building a stream, so that a layer too large for the machine is refused with the
// estimate rather than found out by running out of memory.

#include <string>

#include "dramsweep/accel/accel_config.hpp"
#include "dramsweep/workload/layer.hpp"

namespace dramsweep {

struct StreamEstimate {
    double line_visits = 0;  // (fold, operand, line) entries: at most this many requests
    double bytes = 0;        // peak memory while the layer's stream is built
};

// `accel.burst_bytes` as the stream is built with it (the DRAM's burst in the closed loop).
StreamEstimate estimate_layer_stream(const Layer& layer, const AccelConfig& accel);

// InputError (at `origin`, naming the layer) when the layer's estimate exceeds the memory budget
// (common/memory_budget.hpp).
void check_stream_fits_memory(const Layer& layer, const AccelConfig& accel, const std::string& origin);
// The same for a whole network's stream, which holds every layer's requests at once.
void check_network_fits_memory(const Topology& topology, const AccelConfig& accel, const std::string& origin);

}  // namespace dramsweep
