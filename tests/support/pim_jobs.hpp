#pragma once
// Random PIM evaluation jobs for the differential tests of the batched evaluator (host threads,
// CUDA kernel, emulated kernel): random designs from the presets, layers of the bundled networks
// whose inputs lie where a random mapping of the layers before them left them, and candidates of
// every kind (random blockings, most of which the buffers reject, and the best blocking of a
// random partition, which they hold).

#include <cstdint>
#include <random>
#include <vector>

#include "dramsweep/pim/batch.hpp"

namespace dramsweep::testing {

// A random candidate for `ctx` on `hw`: a generated partition, a replication split and random
// factorisations and orders of the loop counts.
pim::Candidate random_candidate(const pim::PimHardware& hw, const pim::LayerContext& ctx,
                                std::mt19937_64& rng);

struct PimJobs {
    std::vector<pim::PimHardware> hardware;
    std::vector<pim::LayerContext> contexts;
    std::vector<pim::EvalJob> jobs;
};

// `designs` random designs, `layers` layer contexts on each, `candidates` jobs per context.
PimJobs random_pim_jobs(std::size_t designs, std::size_t layers, std::size_t candidates, std::uint64_t seed);

}  // namespace dramsweep::testing
