#pragma once
// Host-side set-up of the batched engine: a DramConfig turned into the engine's plain
// EngineParams, the check that a configuration fits the engine's fixed sizes, and the
// RunSummary read back from a finished state.

#include <cstdint>
#include <string>
#include <vector>

#include "dramsweep/dram/config.hpp"
#include "dramsweep/dram/trace.hpp"
#include "dramsweep/engine/config_step.hpp"
#include "dramsweep/engine/engine_state.hpp"
#include "dramsweep/engine/run_summary.hpp"

namespace dramsweep::engine {

// Empty when the engine can run `config` over a stream of `requests` requests; otherwise the
// reason (which limit of engine_state.hpp it exceeds). Backends run such configurations with
// the reference model instead, so results never depend on the limits.
std::string engine_unsupported_reason(const dram::DramConfig& config, std::uint64_t requests);

EngineParams make_engine_params(const dram::DramConfig& config);

// The stream as the engine reads it: one copy, shared by every configuration.
struct StreamArrays {
    std::vector<std::uint64_t> addr;
    std::vector<std::uint8_t> is_write;
    StreamView view() const { return {addr.data(), is_write.data(), addr.size()}; }
};
StreamArrays make_stream_arrays(const std::vector<dram::TraceRequest>& stream);

// The result of a finished configuration (progress.done set).
RunSummary engine_summary(const EngineParams& params, const ChannelState* channels, const RunProgress& progress,
                          const std::uint32_t* latency_counts, std::uint64_t requests);

}  // namespace dramsweep::engine
