#include "support/pim_jobs.hpp"

#include <algorithm>
#include <string>

#include "dramsweep/common/input_error.hpp"
#include "dramsweep/pim/baseline_mapper.hpp"
#include "dramsweep/pim/config.hpp"
#include "dramsweep/pim/network.hpp"
#include "dramsweep/pim/network_eval.hpp"
#include "dramsweep/pim/partitions.hpp"

namespace dramsweep::testing {
namespace {

template <typename T, std::size_t N>
const T& pick(const T (&options)[N], std::mt19937_64& rng) {
    return options[rng() % N];
}

// A design the template accepts: a preset with random system, node and mapping fields.
pim::PimHardware random_design(std::mt19937_64& rng) {
    const char* const presets[] = {"t-16", "l-1", "hb-4x4"};
    const char* const meshes[] = {"1x1", "2x2", "2x4", "4x4", "3x5", "8x8"};
    const char* const arrays[] = {"8x8", "14x14", "16x16", "12x20"};
    const char* const buffers[] = {"32", "64", "128", "256"};
    const char* const regfs[] = {"64", "128", "512"};
    const char* const buses[] = {"0", "4"};
    const char* const flags[] = {"false", "true"};
    const char* const bandwidths[] = {"pins", "unlimited"};
    for (;;) {
        const std::vector<std::string> set = {
            std::string("pim.mesh=") + pick(meshes, rng),
            std::string("pim.pe_array=") + pick(arrays, rng),
            std::string("pim.buffer_kb=") + pick(buffers, rng),
            std::string("pim.regf_bytes=") + pick(regfs, rng),
            std::string("pim.array_bus_words=") + pick(buses, rng),
            std::string("pim.dram.bandwidth=") + pick(bandwidths, rng),
            std::string("pim.mapping.access_forwarding=") + pick(flags, rng),
            std::string("pim.mapping.batch_partition=") + pick(flags, rng),
            std::string("pim.mapping.ifmaps_partition=") + pick(flags, rng)};
        try {
            return pim::make_hardware(pim::load_pim_config(pick(presets, rng), set));
        } catch (const InputError&) {
            // A combination the template refuses (the corner channels of a one-node mesh): draw again.
        }
    }
}

}  // namespace

pim::Candidate random_candidate(const pim::PimHardware& hw, const pim::LayerContext& ctx,
                                std::mt19937_64& rng) {
    using namespace pim;
    const auto parts =
        generate_partitions(ctx.layer, false, ctx.batch, Dim2{hw.mesh_h, hw.mesh_w}, hw.options);
    Candidate c;
    c.part = parts[rng() % parts.size()];
    const PartitionedLayer pl = partition_layer(ctx.layer, ctx.batch, c.part);
    const ArrayFit fit = fit_array(pl.shape, hw.pe_rows, hw.pe_cols);
    std::int32_t factors[64];
    const int n = replication_splits(pl.shape, pl.batch, fit, factors, 64);
    c.repl_ifm_factor = factors[rng() % static_cast<std::size_t>(std::min(n, 64))];
    const LoopNestDesc nest = describe_loop_nest(pl, hw.pe_rows, hw.pe_cols, c.repl_ifm_factor);
    for (int x = 0; x < kNumLoops; ++x) {
        std::int64_t rest = nest.loopcnt[x];
        for (int l = 0; l < 2; ++l) {
            std::vector<std::int64_t> divisors;
            for (std::int64_t f = 1; f <= rest; ++f)
                if (rest % f == 0) divisors.push_back(f);
            c.blocking.t[l][x] = divisors[rng() % divisors.size()];
            rest /= c.blocking.t[l][x];
        }
        c.blocking.t[2][x] = rest;
    }
    for (auto& level : c.blocking.order) {
        std::uint8_t perm[3] = {0, 1, 2};
        std::shuffle(perm, perm + 3, rng);
        for (int x = 0; x < kNumLoops; ++x) level[x] = perm[x];
    }
    return c;
}

PimJobs random_pim_jobs(std::size_t designs, std::size_t layers, std::size_t candidates, std::uint64_t seed) {
    using namespace pim;
    std::mt19937_64 rng(seed);
    const char* const names[] = {"alexnet", "resnet50", "googlenet", "transformer"};
    std::vector<Network> networks;
    for (const char* name : names) networks.push_back(bundled_network(name));
    PimJobs out;
    for (std::size_t d = 0; d < designs; ++d) {
        out.hardware.push_back(random_design(rng));
        const PimHardware& hw = out.hardware.back();
        const Network& net = networks[rng() % networks.size()];
        const std::int64_t batch = 1 + static_cast<std::int64_t>(rng() % 4);
        // Every layer on a random partition: the inputs of later layers lie as that leaves them.
        NetworkMapping mapping;
        mapping.input_part =
            generate_partitions(net.layers[0].shape, true, batch, Dim2{hw.mesh_h, hw.mesh_w}, hw.options)[0];
        for (const NetworkLayer& l : net.layers) {
            const auto parts =
                generate_partitions(l.shape, false, batch, Dim2{hw.mesh_h, hw.mesh_w}, hw.options);
            Candidate c;
            c.part = parts[rng() % parts.size()];
            mapping.layers.push_back(c);
        }
        const NetworkContexts all = network_contexts(hw, net, batch, mapping);
        for (std::size_t l = 0; l < layers; ++l) {
            out.contexts.push_back(all.contexts[rng() % all.contexts.size()]);
            const LayerContext& ctx = out.contexts.back();
            for (std::size_t k = 0; k < candidates; ++k) {
                EvalJob job;
                job.hardware = static_cast<std::int32_t>(out.hardware.size() - 1);
                job.context = static_cast<std::int32_t>(out.contexts.size() - 1);
                job.candidate = random_candidate(hw, ctx, rng);
                if (k % 4 == 0) {
                    const BlockingChoice best = best_blocking(hw, ctx, job.candidate.part,
                                                              job.candidate.repl_ifm_factor, hw.options.goal);
                    if (best.found) job.candidate = best.candidate;
                }
                out.jobs.push_back(job);
            }
        }
    }
    return out;
}

}  // namespace dramsweep::testing
