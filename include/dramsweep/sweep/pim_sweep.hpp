#pragma once
// The PIM side of a sweep (workload {"pim_network": NET}, docs/formats.md): per point a PIM design
// (PimBuilder), the network mapped onto it by the baseline mapper on the host (one design per
// thread), and every mapped layer of the batch evaluated together on the sweep's backend
// (pim::evaluate_networks: host threads, the CUDA kernel, or the reference evaluator). --validate
// re-evaluates the chosen points with the reference evaluator and compares every field of every
// layer's evaluation.

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "dramsweep/backend/backend.hpp"
#include "dramsweep/pim/network.hpp"
#include "dramsweep/pim/network_eval.hpp"
#include "dramsweep/sweep/pim_builder.hpp"
#include "dramsweep/sweep/results.hpp"

namespace dramsweep::sweep {

// The statistic columns of a PIM sweep's rows, in order.
std::vector<std::string> pim_statistic_columns();

struct PimPointResult {
    pim::PimConfig config;
    pim::NetworkEval eval;
};

// The statistic columns of one point's row (pim_statistic_columns(), in order).
Row pim_statistics(const PimPointResult& result);

class PimSweep {
public:
    // Loads the network (errors name the spec's workload). The spec must outlive this object.
    explicit PimSweep(const SweepSpec& spec);

    // The network (its layers, shapes and producers), batch and mapper, for the rows' keys.
    std::uint64_t workload_hash() const { return hash_; }

    void check_every_setting() { designs_.check_every_setting(); }
    // Builds the point's design and checks that every tensor of the network fits its DRAM.
    void check(const SweepPoint& point);

    // Maps and evaluates the points on `backend` (resolved); sink(k, result) for batch[k], in order.
    using Sink = std::function<void(std::size_t k, const PimPointResult& result)>;
    void run(const std::vector<const SweepPoint*>& batch, backend::BackendKind backend, unsigned threads,
             const Sink& sink);

    // --validate: `chosen` maps a point's index to its evaluation when this run computed it; the
    // others (finished by an earlier run, --resume) are evaluated on `backend` again. One message
    // per differing configuration: its index and parameters and the first differing field.
    std::vector<std::string> validate(const std::vector<SweepPoint>& points,
                                      const std::map<std::size_t, std::optional<pim::NetworkEval>>& chosen,
                                      backend::BackendKind backend, unsigned threads);

private:
    struct Mapped {
        pim::PimConfig config;
        pim::PimHardware hardware;
        pim::NetworkMapping mapping;
    };
    std::vector<Mapped> map(const std::vector<const SweepPoint*>& batch, unsigned threads);
    std::vector<pim::NetworkEval> evaluate(const std::vector<Mapped>& mapped, backend::BackendKind backend,
                                           unsigned threads) const;

    const SweepSpec& spec_;
    pim::Network network_;
    std::uint64_t hash_ = 0;
    PimBuilder designs_;
};

}  // namespace dramsweep::sweep
