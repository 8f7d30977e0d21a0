#pragma once
// Many (accelerator, DRAM) configuration pairs over one network, prepared for
// backend::run_network_batch: each pair validated, and one request stream generated per distinct
// stream (stream_key: the accelerator fields the SRAM model reads plus the DRAM burst size), so
// that configurations sharing an accelerator share one stream.

#include <vector>

#include "dramsweep/accel/accel_config.hpp"
#include "dramsweep/coupled/network_run.hpp"
#include "dramsweep/coupled/network_stream.hpp"
#include "dramsweep/coupled/clock_domains.hpp"
#include "dramsweep/dram/config.hpp"
#include "dramsweep/workload/layer.hpp"

namespace dramsweep::coupled {

// One configuration of a network batch: a stream, a DRAM configuration, the two clocks.
struct NetworkCase {
    std::size_t stream = 0;  // index into the batch's streams
    dram::DramConfig dram;
    ClockDomains clocks;
};

struct NetworkPlan {
    std::vector<NetworkStream> streams;
    std::vector<NetworkCase> cases;  // case i: accels[i] with drams[i]
    std::vector<AccelConfig> accels;         // per case, as accel_for_dram made it (for network_result)
};

// accels and drams have one entry per case. Throws InputError for an invalid pair.
NetworkPlan plan_networks(const Topology& topology, const std::vector<AccelConfig>& accels,
                          const std::vector<dram::DramConfig>& drams);

}  // namespace dramsweep::coupled
