#pragma once
// The PIM side of a sweep (workload {"pim_network": NET}, docs/formats.md): per point a PIM design
// (PimBuilder), the network mapped onto it on the host (one design per thread), and:
// - baseline mapper: every mapped layer of the batch evaluated together on the sweep's backend
//   (pim::evaluate_networks: host threads, the CUDA kernel, or the reference evaluator);
// - nicepim mapper: the mapper's own evaluation (NoC-aware times, the Data-Scheduler's traffic),
//   its candidates evaluated in batches on the sweep's backend (the reference: one by one).
// --validate maps and evaluates the chosen points again with the reference evaluator and compares
// every field of every layer's evaluation.

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "dramsweep/backend/backend.hpp"
#include "dramsweep/pim/network.hpp"
#include "dramsweep/pim/network_eval.hpp"
#include "dramsweep/pim/nicepim_mapper.hpp"
#include "dramsweep/sweep/pim_builder.hpp"
#include "dramsweep/sweep/results.hpp"

namespace dramsweep::sweep {

// The statistic columns of a PIM sweep's rows, in order; the nicepim mapper adds its own.
std::vector<std::string> pim_statistic_columns(const pim::MapperChoice& mapper = {});

struct PimPointResult {
    pim::PimConfig config;
    pim::NetworkEval eval;
    const pim::NicePimResult* nicepim = nullptr;  // the nicepim mapper's result
    pim::NicePimOptions nicepim_options;
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
        std::optional<pim::NicePimResult> nicepim;  // nicepim: the mapping and its evaluation
    };
    // The nicepim mapper evaluates its candidates on `backend`.
    std::vector<Mapped> map(const std::vector<const SweepPoint*>& batch, backend::BackendKind backend,
                            unsigned threads);
    pim::NicePimOptions nicepim_options(const pim::PimConfig& config, backend::BackendKind backend) const;
    std::vector<pim::NetworkEval> evaluate(const std::vector<Mapped>& mapped, backend::BackendKind backend,
                                           unsigned threads) const;

    const SweepSpec& spec_;
    pim::Network network_;
    std::uint64_t hash_ = 0;
    PimBuilder designs_;
};

}  // namespace dramsweep::sweep
