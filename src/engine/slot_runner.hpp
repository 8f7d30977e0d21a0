#pragma once
// The host engine's one batch runner, for every kind of job (trace_job.hpp, network_job.hpp).
//
// A fixed set of slots holds the configurations in flight (kSlotsPerThread per thread). Each
// round, every thread takes slots (handed out one by one) and advances each by the job's slice
// of evaluated clocks; then the calling thread delivers the configurations that finished to the
// sink and refills their slots with the next ones. A configuration beyond the engine's fixed
// sizes runs through the reference model in its slot instead, so every one gets a result.
//
// A Job provides
//   using Summary; struct Slot;                 // the result, and one configuration's engine state
//   static constexpr std::uint64_t kTicksPerRound;
//   std::size_t size() const;                   // configurations
//   bool engine_runs(std::size_t i) const;      // false: beyond the engine's limits
//   void start(Slot&, std::size_t i) const;
//   bool advance(Slot&) const;                  // one slice; true once done
//   Summary summary(const Slot&) const;         // of a finished slot
//   Summary reference(std::size_t i) const;     // the reference model's result
//   std::uint64_t clocks(const Slot&) const;    // DRAM clocks simulated so far (progress)
//   std::uint64_t clocks(const Summary&) const;

#include <vector>

#include "dramsweep/backend/batch.hpp"
#include "common/parallel.hpp"

namespace dramsweep::engine::detail {

inline constexpr unsigned kSlotsPerThread = 4;  // a thread whose configurations finish early still has work

template <typename Job>
void run_slots(const Job& job, const backend::BatchOptions& options, const backend::Sink<typename Job::Summary>& sink) {
    using Summary = typename Job::Summary;
    struct Slot {
        std::size_t index = 0;
        bool busy = false, by_reference = false, done = false;
        typename Job::Slot state;
        Summary reference;
    };
    const std::size_t count = job.size();
    if (count == 0) return;
    const unsigned threads = std::min<unsigned>(backend::host_threads(options), static_cast<unsigned>(count));
    std::vector<Slot> slots(std::min<std::size_t>(std::size_t{threads} * kSlotsPerThread, count));
    std::size_t next = 0, delivered = 0;
    std::uint64_t finished_clocks = 0;  // of the delivered configurations (progress)

    while (delivered < count) {
        for (Slot& slot : slots) {
            if (slot.busy || next == count) continue;
            slot.index = next++;
            slot.busy = true;
            slot.done = false;
            slot.by_reference = !job.engine_runs(slot.index);
            if (!slot.by_reference) job.start(slot.state, slot.index);
        }
        // One round: every busy slot advances by one slice, slots handed out to the threads.
        parallel::parallel_for(slots.size(), threads, [&](std::size_t i) {
            Slot& slot = slots[i];
            if (!slot.busy) return;
            if (slot.by_reference) {
                slot.reference = job.reference(slot.index);
                slot.done = true;
            } else {
                slot.done = job.advance(slot.state);
            }
        });
        for (Slot& slot : slots) {
            if (!slot.busy || !slot.done) continue;
            const Summary summary = slot.by_reference ? slot.reference : job.summary(slot.state);
            slot.busy = false;
            ++delivered;
            finished_clocks += job.clocks(summary);
            if (!sink(slot.index, summary)) return;
        }
        if (options.on_progress) {
            backend::BatchProgress progress{delivered, 0, finished_clocks};
            for (const Slot& slot : slots) {
                if (!slot.busy) continue;
                ++progress.in_flight;
                if (!slot.by_reference) progress.clocks += job.clocks(slot.state);
            }
            options.on_progress(progress);
        }
    }
}

}  // namespace dramsweep::engine::detail
