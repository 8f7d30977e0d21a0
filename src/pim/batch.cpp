#include "dramsweep/pim/batch.hpp"

#include <stdexcept>
#include <string>
#include <thread>

#include "common/parallel.hpp"

namespace dramsweep::pim {

void check_job_indices(std::size_t hardware, std::size_t contexts, std::span<const EvalJob> jobs) {
    for (std::size_t i = 0; i < jobs.size(); ++i) {
        if (jobs[i].hardware < 0 || static_cast<std::size_t>(jobs[i].hardware) >= hardware ||
            jobs[i].context < 0 || static_cast<std::size_t>(jobs[i].context) >= contexts)
            throw std::invalid_argument("PIM batch: job " + std::to_string(i) + " indexes past its arrays");
    }
}

std::vector<LayerEval> evaluate_batch(std::span<const PimHardware> hardware,
                                      std::span<const LayerContext> contexts, std::span<const EvalJob> jobs,
                                      unsigned threads) {
    check_job_indices(hardware.size(), contexts.size(), jobs);
    if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
    std::vector<LayerEval> out(jobs.size());
    // Jobs are cheap: hand them out in chunks so that the counter is not the bottleneck.
    constexpr std::size_t kChunk = 64;
    const std::size_t chunks = (jobs.size() + kChunk - 1) / kChunk;
    parallel::parallel_for(chunks, threads, [&](std::size_t c) {
        const std::size_t end = std::min(jobs.size(), (c + 1) * kChunk);
        for (std::size_t i = c * kChunk; i < end; ++i)
            out[i] = evaluate_job(hardware.data(), contexts.data(), jobs[i]);
    });
    return out;
}

}  // namespace dramsweep::pim
