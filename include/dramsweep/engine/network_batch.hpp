#pragma once
// Running many (network stream, DRAM configuration) pairs through the closed loop: the entry
// point network sweeps and `serve` use. Every backend gives identical NetworkSummary values;
// coupled::plan_networks builds the arguments from accelerator and DRAM configurations.

#include <cstdint>
#include <functional>
#include <vector>

#include "dramsweep/coupled/clock_domains.hpp"
#include "dramsweep/coupled/network_stream.hpp"
#include "dramsweep/dram/config.hpp"
#include "dramsweep/engine/backend.hpp"
#include "dramsweep/engine/network_summary.hpp"

namespace dramsweep::engine {

struct NetworkCase {
    std::size_t stream = 0;  // index into the streams
    dram::DramConfig dram;
    coupled::ClockDomains clocks;
};

// As ResultSink: once per case, on the calling thread, in any order; false stops the batch.
using NetworkSink = std::function<bool(std::size_t case_index, const NetworkSummary& summary)>;

// `kind` must be resolved (not Auto). BatchOptions::max_outstanding is ignored: the closed loop
// bounds what is in flight itself.
void run_network_batch(BackendKind kind, const std::vector<coupled::NetworkStream>& streams,
                       const std::vector<NetworkCase>& cases, const BatchOptions& options, const NetworkSink& sink);

}  // namespace dramsweep::engine
