#pragma once
// The device engine on one host thread (SerialBlock, SerialLanes): the kernels' code, their
// scheduling and their data layout, without a GPU. The test suite holds it to the reference model
// on every CI run, so that a first GPU run finds no logic bug a CPU could have found.

#include <cstdint>
#include <vector>

#include "dramsweep/coupled/network_plan.hpp"
#include "dramsweep/coupled/network_stream.hpp"
#include "dramsweep/device/device_state.hpp"
#include "dramsweep/dram/config.hpp"
#include "dramsweep/dram/trace.hpp"
#include "dramsweep/results/network_summary.hpp"
#include "dramsweep/results/run_summary.hpp"

namespace dramsweep::device {

// What the device engine evaluated for one configuration: the clocks of its loop, the clocks
// its channels were ticked at (a channel with nothing due is not), and the clocks at which
// either channel of a pair (0 and 1, 2 and 3, ...) was, summed over the pairs: what a warp of
// two channels ticks at the least, when its halves' ticks at one clock share every instruction.
struct DeviceRunStats {
    std::uint64_t clocks = 0;
    std::uint64_t channel_ticks = 0;
    std::uint64_t pair_ticks = 0;
};

// The configuration must be supported (device_unsupported_reason empty). `renewal` as in
// DeviceMemory (tests make it small).
results::RunSummary run_trace_serial(const dram::DramConfig& config,
                                     const std::vector<dram::TraceRequest>& stream,
                                     std::uint64_t max_outstanding, Renewal renewal = {},
                                     DeviceRunStats* stats = nullptr);
results::NetworkSummary run_network_serial(const coupled::NetworkStream& stream,
                                           const coupled::NetworkCase& c, Renewal renewal = {});

}  // namespace dramsweep::device
