#include "dramsweep/pim/network_batch.hpp"

#include <algorithm>
#include <stdexcept>
#include <thread>

#include "common/parallel.hpp"
#include "dramsweep/pim/batch.hpp"
#include "dramsweep/pim/batch_cuda.hpp"

namespace dramsweep::pim {

std::vector<NetworkEval> evaluate_networks(std::span<const MappedNetwork> items, backend::BackendKind backend,
                                           unsigned threads) {
    std::vector<NetworkEval> out(items.size());
    if (backend == backend::BackendKind::kReference) {
        const unsigned workers = threads > 0 ? threads : std::max(1u, std::thread::hardware_concurrency());
        parallel::parallel_for(items.size(), workers, [&](std::size_t i) {
            const MappedNetwork& m = items[i];
            out[i] = evaluate_network(*m.hardware, *m.network, m.batch, *m.mapping);
        });
        return out;
    }
    if (backend != backend::BackendKind::kHost && backend != backend::BackendKind::kCuda)
        throw std::invalid_argument("evaluate_networks: the backend must be resolved");
    std::vector<PimHardware> hardware;
    std::vector<LayerContext> contexts;
    std::vector<EvalJob> jobs;
    hardware.reserve(items.size());
    for (std::size_t i = 0; i < items.size(); ++i) {
        const MappedNetwork& m = items[i];
        hardware.push_back(*m.hardware);
        NetworkContexts c = network_contexts(*m.hardware, *m.network, m.batch, *m.mapping);
        for (std::size_t l = 0; l < c.contexts.size(); ++l)
            jobs.push_back({static_cast<std::int32_t>(i), static_cast<std::int32_t>(contexts.size() + l),
                            m.mapping->layers[l]});
        contexts.insert(contexts.end(), c.contexts.begin(), c.contexts.end());
        out[i].ofmap_layouts = std::move(c.ofmap_layouts);
    }
    const std::vector<LayerEval> evals = backend == backend::BackendKind::kCuda
                                             ? evaluate_batch_cuda(hardware, contexts, jobs)
                                             : evaluate_batch(hardware, contexts, jobs, threads);
    std::size_t next = 0;
    for (NetworkEval& e : out) {
        const std::size_t layers = e.ofmap_layouts.size();
        e.layers.assign(evals.begin() + static_cast<std::ptrdiff_t>(next),
                        evals.begin() + static_cast<std::ptrdiff_t>(next + layers));
        next += layers;
        bool all_ok = true;
        for (const LayerEval& l : e.layers) all_ok = all_ok && l.ok();
        if (all_ok) e.total = network_totals(e.layers);
    }
    return out;
}

}  // namespace dramsweep::pim
