#pragma once
// Mapped networks on many designs evaluated together (docs/pim.md, "Batched evaluation"): every
// layer of every network is one job of batch.hpp, and the whole set runs as one batch on the
// host's threads or as CUDA kernel launches; the reference evaluates one network after the other
// with evaluate_network. All three give identical NetworkEvals: PIM sweeps and `serve` run the
// sweep's backend, and `sweep --validate` compares it with the reference.

#include <cstdint>
#include <span>
#include <vector>

#include "dramsweep/backend/backend.hpp"
#include "dramsweep/pim/network_eval.hpp"

namespace dramsweep::pim {

struct MappedNetwork {
    const PimHardware* hardware = nullptr;
    const Network* network = nullptr;
    std::int64_t batch = 1;
    const NetworkMapping* mapping = nullptr;
};

// `backend` must be resolved (not kAuto): kReference, kHost or kCuda. `threads`: host threads
// (0: all cores). Results in the order of `items`.
std::vector<NetworkEval> evaluate_networks(std::span<const MappedNetwork> items, backend::BackendKind backend,
                                           unsigned threads);

}  // namespace dramsweep::pim
