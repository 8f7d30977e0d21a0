#pragma once
// The network side of a sweep (workload {"network": ..., "accel": ...}): per point an
// accelerator (AccelBuilder) and a DRAM configuration (ConfigBuilder), planned per batch with
// coupled::plan_networks (one request stream per distinct accelerator stream in the batch), run
// with backend::run_network_batch, reported through coupled::network_result, and validated by
// comparing results::NetworkSummary integers with the reference backend's.

#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "dramsweep/backend/backend.hpp"
#include "dramsweep/coupled/network_plan.hpp"
#include "dramsweep/results/network_summary.hpp"
#include "dramsweep/sweep/accel_builder.hpp"
#include "dramsweep/sweep/network_workload.hpp"
#include "dramsweep/sweep/points.hpp"

namespace dramsweep::sweep {

class NetworkSweep {
public:
    // The spec, workload and builder must outlive this object.
    NetworkSweep(const SweepSpec& spec, const NetworkWorkload& workload, ConfigBuilder& drams);

    // Every "accel." value of the spec on its own (AccelBuilder::check_every_setting).
    void check_every_setting() const;

    // Builds the point's pair and checks that they work together (the accelerator's word size
    // divides the DRAM's burst, the clocks convert), as plan_networks will; errors name the spec
    // and the configuration.
    void check(const SweepPoint& point);

    // Reorders pending point indices so that points with the same accelerator settings are
    // adjacent (stable: by first appearance), so that a batch shares as few streams as it can.
    static void group_by_accelerator(std::vector<std::size_t>& pending, const std::vector<SweepPoint>& points);

    // The plan of a batch: case k is batch[k].
    coupled::NetworkPlan plan(const std::vector<const SweepPoint*>& batch);

    // What the row reports about case k of `plan`.
    coupled::NetworkRunResult result(const coupled::NetworkPlan& plan, std::size_t k,
                                     const results::NetworkSummary& summary) const;

    // --validate: re-runs the chosen points on the reference backend and compares summaries.
    // `chosen` maps a point's index to its summary when this run computed it; the others
    // (finished by an earlier run, --resume) are re-run on `backend` too. One message per
    // differing configuration: its index and parameters and the first differing field.
    std::vector<std::string> validate(const std::vector<SweepPoint>& points,
                                      const std::map<std::size_t, std::optional<results::NetworkSummary>>& chosen,
                                      backend::BackendKind backend, unsigned threads);

private:
    const SweepSpec& spec_;
    const NetworkWorkload& workload_;
    ConfigBuilder& drams_;
    AccelBuilder accels_;
    std::set<std::string> streams_checked_;  // stream keys whose memory estimate was checked
};

// Runs a plan, collecting every summary in case order.
std::vector<results::NetworkSummary> run_network_plan(backend::BackendKind backend, const coupled::NetworkPlan& plan,
                                                     unsigned threads);

}  // namespace dramsweep::sweep
