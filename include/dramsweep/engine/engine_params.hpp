#pragma once
// Host-side set-up of the host batched engine: a DramConfig turned into the engine's plain
// EngineParams, and the check that a configuration fits the engine's fixed sizes.

#include <cstdint>
#include <string>

#include "dramsweep/dram/config.hpp"
#include "dramsweep/engine/engine_state.hpp"

namespace dramsweep::engine {

// Empty when the engine can run `config` over a stream of `requests` requests; otherwise the
// reason (which limit of engine_state.hpp it exceeds). Backends run such configurations with
// the reference model instead, so results never depend on the limits.
std::string engine_unsupported_reason(const dram::DramConfig& config, std::uint64_t requests);

EngineParams make_engine_params(const dram::DramConfig& config);

}  // namespace dramsweep::engine
