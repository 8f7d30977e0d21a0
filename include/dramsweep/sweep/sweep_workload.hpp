#pragma once
// What a sweep runs at each of its points: the seam between run_sweep (resume, batches, output,
// progress, the order of the steps) and one kind of workload: a request stream through DRAM
// configurations (trace mode), a network through accelerator and DRAM configurations (the
// closed loop), or a network mapped onto PIM designs. run_sweep holds no branch on the kind; make_sweep_workload is the one place
// that looks at it.

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "dramsweep/backend/backend.hpp"
#include "dramsweep/sweep/points.hpp"
#include "dramsweep/sweep/results.hpp"
#include "dramsweep/sweep/spec.hpp"

namespace dramsweep::sweep {

class SweepWorkload {
public:
    // Called once per point of a batch, on the calling thread, with the point's row.
    using RowSink = std::function<void(const SweepPoint& point, const Row& row)>;

    virtual ~SweepWorkload() = default;

    // The identity of the workload's inputs (the stream; the network and accelerator files),
    // part of every point's hash.
    virtual std::uint64_t hash() const = 0;
    // The statistic columns of its rows, in order (after the key and the parameters).
    virtual std::vector<std::string> statistic_columns() const = 0;

    // Every setting of the spec on its own, before any point is built.
    virtual void check_every_setting() = 0;
    // Builds what the point runs and checks it, so that a bad combination fails before the run.
    virtual void check(const SweepPoint& point) = 0;
    // Reorders the pending points so that a batch shares what it can (stable). The default
    // keeps the spec's order.
    virtual void order(std::vector<std::size_t>& pending, const std::vector<SweepPoint>& points) const;

    // --validate: the points it will check. Their results are kept when run, and their rows when
    // read back from an earlier run (resumed_row).
    virtual void validate_only(std::set<std::size_t> chosen) = 0;
    virtual void resumed_row(std::size_t index, const std::map<std::string, std::string>& row) = 0;

    // Runs one batch on `backend`, every row through `sink`.
    virtual void run(const std::vector<const SweepPoint*>& batch, backend::BackendKind backend,
                     const backend::BatchOptions& options, const RowSink& sink) = 0;

    // Re-runs the chosen points on the reference backend; one message per point that differs.
    virtual std::vector<std::string> validate(const std::vector<SweepPoint>& points,
                                              backend::BackendKind backend, unsigned threads) = 0;
};

// Reads the spec's workload (its files; errors name them) and returns the kind that runs it.
// `spec` must outlive the result.
std::unique_ptr<SweepWorkload> make_sweep_workload(const SweepSpec& spec);

}  // namespace dramsweep::sweep
