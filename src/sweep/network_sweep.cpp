// Network sweeps (network_sweep.hpp): building, planning, reporting and validating the
// configurations of a {"network": ..., "accel": ...} workload.

#include "dramsweep/sweep/network_sweep.hpp"

#include <algorithm>
#include <unordered_map>

#include "dramsweep/common/input_error.hpp"
#include "dramsweep/coupled/network_run.hpp"
#include "dramsweep/backend/backend.hpp"
#include "dramsweep/systolic/stream_estimate.hpp"

namespace dramsweep::sweep {
namespace {

constexpr std::size_t kValidationChunk = 256;  // configurations (and their streams) held at once

std::string context(const SweepSpec& spec, const SweepPoint& point) {
    return "configuration " + std::to_string(point.index) + " (" + describe(spec, point) + "): ";
}

}  // namespace

NetworkSweep::NetworkSweep(const SweepSpec& spec, const NetworkWorkload& workload, ConfigBuilder& drams)
    : spec_(spec), workload_(workload), drams_(drams), accels_(spec, workload.accel) {}

void NetworkSweep::check_every_setting() const { accels_.check_every_setting(); }

void NetworkSweep::check(const SweepPoint& point) {
    const dram::DramConfig dram = drams_.build(point);
    const AccelConfig accel = accels_.build(point);
    try {
        const AccelConfig streamed = coupled::accel_for_dram(accel, dram);
        (void)coupled::clock_domains(streamed, dram);
        // A stream too large for the machine is refused now, once per distinct stream.
        if (streams_checked_.insert(coupled::stream_key(streamed)).second)
            check_network_fits_memory(workload_.topology, streamed, spec_.workload.topology_path);
    } catch (const InputError& e) {
        throw InputError(spec_.file, 0, e.field(), context(spec_, point) + e.what());
    }
}

void NetworkSweep::group_by_accelerator(std::vector<std::size_t>& pending, const std::vector<SweepPoint>& points) {
    std::unordered_map<std::string, std::size_t> group_of;
    std::vector<std::size_t> group(pending.size());
    for (std::size_t k = 0; k < pending.size(); ++k)
        group[k] = group_of.try_emplace(AccelBuilder::accel_key(points[pending[k]]), group_of.size()).first->second;
    std::vector<std::size_t> order(pending.size());
    for (std::size_t k = 0; k < order.size(); ++k) order[k] = k;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return group[a] < group[b]; });
    std::vector<std::size_t> sorted;
    sorted.reserve(pending.size());
    for (const std::size_t k : order) sorted.push_back(pending[k]);
    pending = std::move(sorted);
}

coupled::NetworkPlan NetworkSweep::plan(const std::vector<const SweepPoint*>& batch) {
    std::vector<AccelConfig> accels;
    std::vector<dram::DramConfig> drams;
    accels.reserve(batch.size());
    drams.reserve(batch.size());
    for (const SweepPoint* point : batch) {
        drams.push_back(drams_.build(*point));
        accels.push_back(accels_.build(*point));
    }
    return coupled::plan_networks(workload_.topology, accels, drams);
}

coupled::NetworkRunResult NetworkSweep::result(const coupled::NetworkPlan& plan, std::size_t k,
                                               const results::NetworkSummary& summary) const {
    return coupled::network_result(workload_.topology, plan.accels[k], plan.cases[k].dram, summary);
}

std::vector<results::NetworkSummary> run_network_plan(backend::BackendKind backend, const coupled::NetworkPlan& plan,
                                                     unsigned threads) {
    std::vector<results::NetworkSummary> summaries(plan.cases.size());
    backend::BatchOptions options;
    options.threads = threads;
    backend::run_network_batch(backend, plan.streams, plan.cases, options,
                              [&](std::size_t k, const results::NetworkSummary& s) {
                                  summaries[k] = s;
                                  return true;
                              });
    return summaries;
}

std::vector<std::string> NetworkSweep::validate(
    const std::vector<SweepPoint>& points, const std::map<std::size_t, std::optional<results::NetworkSummary>>& chosen,
    backend::BackendKind backend, unsigned threads) {
    std::vector<std::string> failures;
    auto it = chosen.begin();
    while (it != chosen.end()) {
        std::vector<const SweepPoint*> batch, rerun;
        std::vector<const results::NetworkSummary*> got;
        for (; it != chosen.end() && batch.size() < kValidationChunk; ++it) {
            batch.push_back(&points[it->first]);
            got.push_back(it->second ? &*it->second : nullptr);
            if (!it->second) rerun.push_back(&points[it->first]);
        }
        const std::vector<results::NetworkSummary> reference =
            run_network_plan(backend::BackendKind::kReference, plan(batch), threads);
        // Rows read back hold rounded doubles: finished configurations are re-run to compare integers.
        const std::vector<results::NetworkSummary> rerun_summaries =
            rerun.empty() ? std::vector<results::NetworkSummary>{} : run_network_plan(backend, plan(rerun), threads);
        std::size_t next_rerun = 0;
        for (std::size_t k = 0; k < batch.size(); ++k) {
            const results::NetworkSummary& sweep_summary = got[k] ? *got[k] : rerun_summaries[next_rerun++];
            const std::string difference = results::first_difference(sweep_summary, reference[k]);
            if (difference.empty()) continue;
            failures.push_back(context(spec_, *batch[k]) + "first differing field " + difference + ": the " +
                               backend::to_string(backend) + " backend and the reference model differ");
        }
    }
    return failures;
}

}  // namespace dramsweep::sweep
