#pragma once
// Running a sweep: every configuration of the spec through one backend, rows written as they
// arrive and flushed per batch to OUT.partial, renamed to OUT when the sweep is complete;
// --resume continues from OUT.partial; --validate re-runs a sample through the reference model.

#include <cstdint>
#include <functional>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "dramsweep/backend/backend.hpp"
#include "dramsweep/sweep/results.hpp"
#include "dramsweep/sweep/shard.hpp"
#include "dramsweep/sweep/spec.hpp"

namespace dramsweep::sweep {

// Runs a sweep's batches in other processes instead of this one (MPI: apps/dramsweep/mpi/).
class BatchDistributor {
public:
    virtual ~BatchDistributor() = default;
    // Configurations per batch, given how many are pending and this backend's default.
    virtual std::size_t batch_size(std::size_t pending, std::size_t backend_default) const = 0;
    // Runs every batch (configuration indices), in any order: `on_row` for each row as it
    // arrives, then `on_batch` once the batch's rows are all in. Called on this thread.
    virtual void run(const std::vector<std::vector<std::size_t>>& batches,
                     const std::function<void(const Row&)>& on_row,
                     const std::function<void()>& on_batch) = 0;
};

inline constexpr std::uint64_t kValidateAll = UINT64_MAX;

struct SweepOptions {
    backend::BackendKind backend = backend::BackendKind::kAuto;
    std::string out;                      // .csv or .jsonl
    bool resume = false;
    std::optional<std::uint64_t> validate;  // configurations to re-run (kValidateAll: every one)
    std::size_t batch_size = 0;           // configurations per batch (0: the backend's default)
    std::uint64_t stop_after = 0;         // stop after this many configurations (0: run to the end)
    unsigned threads = 0;                 // host threads (0: all cores)
    bool progress = true;                 // draw the bar (only ever on a terminal)
    std::optional<Shard> shard;           // run only this shard's configurations (shard.hpp)
    BatchDistributor* distributor = nullptr;  // run the batches there (nullptr: here)
};

struct SweepReport {
    std::uint64_t total = 0;         // configurations in the spec
    std::uint64_t done_before = 0;   // found in the output by --resume
    std::uint64_t ran = 0;           // run by this call
    bool complete = false;           // every configuration has its row, OUT is in place
    backend::BackendKind backend = backend::BackendKind::kReference;
    double seconds = 0;              // time spent running configurations
    std::uint64_t validated = 0;
    std::vector<std::string> validation_failures;  // one message per differing configuration
};

// Throws InputError for bad input (spec values, an output written by another spec).
SweepReport run_sweep(const SweepSpec& spec, const SweepOptions& options);

std::string partial_path(const std::string& out);  // OUT + ".partial"

}  // namespace dramsweep::sweep
