// PIM sweeps (pim_sweep.hpp): building, mapping, evaluating, reporting and validating the
// configurations of a {"pim_network": ...} workload.

#include "dramsweep/sweep/pim_sweep.hpp"

#include <algorithm>
#include <thread>

#include "common/parallel.hpp"
#include "dramsweep/common/input_error.hpp"
#include "dramsweep/pim/area.hpp"
#include "dramsweep/pim/baseline_mapper.hpp"
#include "dramsweep/pim/eval_compare.hpp"
#include "dramsweep/pim/network_batch.hpp"
#include "dramsweep/pim/nicepim_report.hpp"
#include "dramsweep/pim/objectives.hpp"
#include "dramsweep/pim/report.hpp"

namespace dramsweep::sweep {
namespace {

constexpr std::size_t kValidationChunk = 256;  // designs mapped and held at once

std::string context(const SweepSpec& spec, const SweepPoint& point) {
    return "configuration " + std::to_string(point.index) + " (" + describe(spec, point) + "): ";
}

// Appends a number and a separator (one by one: GCC 12 misreads chains of string concatenations
// as overlapping copies).
void put(std::string& s, std::int64_t v, char sep) {
    s += std::to_string(v);
    s += sep;
}

// The network as the evaluator sees it: every layer's name, type, shape and producers.
std::uint64_t network_hash(const pim::Network& net, std::int64_t batch, const pim::MapperChoice& mapper) {
    std::string text = "pim|";
    text += mapper.mapper;
    text += '|';
    if (mapper.nicepim()) {
        // The mapper's options decide the rows too.
        for (const std::int64_t v :
             {std::int64_t{mapper.beam}, std::int64_t{mapper.branch_parallelism},
              std::int64_t{mapper.layout_search}, std::int64_t{mapper.capacity_allocation}})
            put(text, v, ',');
        text += mapper.scheduler;
        text += ',';
        text += std::to_string(mapper.ilp_limit_s);
        text += '|';
    }
    for (const std::int64_t v :
         {batch, std::int64_t{net.input_channels}, std::int64_t{net.input_h}, std::int64_t{net.input_w}})
        put(text, v, ',');
    for (const pim::NetworkLayer& l : net.layers) {
        const pim::LayerShape& s = l.shape;
        text += '|';
        text += l.name;
        text += ':';
        for (const std::int64_t v :
             {std::int64_t{static_cast<int>(l.type)}, std::int64_t{static_cast<int>(s.model)},
              std::int64_t{s.C}, std::int64_t{s.K}, std::int64_t{s.E}, std::int64_t{s.F}, std::int64_t{s.R},
              std::int64_t{s.S}, std::int64_t{s.Uh}, std::int64_t{s.Uw}, std::int64_t{s.nreg},
              std::int64_t{s.ntrd}, std::int64_t{l.weights_from}})
            put(text, v, ',');
        for (const int p : l.prevs) put(text, p, '<');
    }
    return fnv1a(text);
}

unsigned host_threads(unsigned threads) {
    return threads > 0 ? threads : std::max(1u, std::thread::hardware_concurrency());
}

}  // namespace

std::vector<std::string> pim_statistic_columns(const pim::MapperChoice& mapper) {
    std::vector<std::string> columns{"cycles",
                                     "latency_s",
                                     "energy_pj",
                                     "energy_j",
                                     "edp_js",
                                     "ops",
                                     "utilization",
                                     "noc_hops",
                                     "dram_accesses",
                                     "buffer_accesses",
                                     "array_bus_accesses",
                                     "regf_accesses",
                                     "mac_energy_pj",
                                     "regf_energy_pj",
                                     "buffer_energy_pj",
                                     "array_bus_energy_pj",
                                     "dram_energy_pj",
                                     "noc_energy_pj",
                                     "static_energy_pj",
                                     "dram_words_per_node",
                                     "dram_capacity_share",
                                     "node_logic_mm2",
                                     "node_dram_mm2",
                                     "die_mm2",
                                     "area_legal"};
    if (mapper.nicepim())
        for (const char* c :
             {"steps", "parallel_steps", "weights_partitioned", "layouts_moved", "shared_blocks",
              "shared_bit_hops", "pull_bit_hops", "layers_optimal", "dram_worst_node_bytes"})
            columns.emplace_back(c);
    return columns;
}

Row pim_statistics(const PimPointResult& r) {
    const pim::NetworkTotals& t = r.eval.total;
    const pim::PimHardware hw = pim::make_hardware(r.config);
    const pim::PimObjectives o = pim::pim_objectives(r.config, t.time, t.energy_total_pj);
    const pim::AreaBreakdown area = pim::compute_area(r.config);
    Row row;
    row["cycles"] = t.time;
    row["latency_s"] = o.latency_s;
    row["energy_pj"] = t.energy_total_pj;
    row["energy_j"] = o.energy_j;
    row["edp_js"] = o.edp_js;
    row["ops"] = t.ops;
    const double pe_cycles = static_cast<double>(t.time) * static_cast<double>(hw.nodes()) * hw.pes();
    row["utilization"] = pe_cycles > 0 ? static_cast<double>(t.ops) / pe_cycles : 0.0;
    row["noc_hops"] = t.hops;
    row["dram_accesses"] = t.access[pim::kDram];
    row["buffer_accesses"] = t.access[pim::kGbuf];
    row["array_bus_accesses"] = t.access[pim::kItcn];
    row["regf_accesses"] = t.access[pim::kRegf];
    row["mac_energy_pj"] = t.energy_pj[pim::kEnergyMac];
    row["regf_energy_pj"] = t.energy_pj[pim::kEnergyRegf];
    row["buffer_energy_pj"] = t.energy_pj[pim::kEnergyGbuf];
    row["array_bus_energy_pj"] = t.energy_pj[pim::kEnergyArrayBus];
    row["dram_energy_pj"] = t.energy_pj[pim::kEnergyDram];
    row["noc_energy_pj"] = t.energy_pj[pim::kEnergyNoc];
    row["static_energy_pj"] = t.energy_pj[pim::kEnergyStatic];
    row["dram_words_per_node"] = t.dram_words_per_node;
    row["dram_capacity_share"] = static_cast<double>(t.dram_words_per_node) * hw.word_bits / 8.0 /
                                 static_cast<double>(hw.dram_capacity_bytes);
    row["node_logic_mm2"] = area.logic_mm2;
    row["node_dram_mm2"] = area.dram_footprint_mm2;
    row["die_mm2"] = area.die_mm2;
    row["area_legal"] = area.legal;
    if (r.nicepim) {
        const pim::NicePimSummary n = pim::nicepim_summary(*r.nicepim, r.nicepim_options);
        row["steps"] = n.steps;
        row["parallel_steps"] = n.parallel_steps;
        row["weights_partitioned"] = n.weights_partitioned;
        row["layouts_moved"] = n.layouts_moved;
        row["shared_blocks"] = n.shared_blocks;
        row["shared_bit_hops"] = n.shared_bit_hops;
        row["pull_bit_hops"] = n.pull_bit_hops;
        row["layers_optimal"] = n.layers_optimal;
        row["dram_worst_node_bytes"] = n.dram_worst_node_bytes;
    }
    return row;
}

PimSweep::PimSweep(const SweepSpec& spec) : spec_(spec), designs_(spec) {
    try {
        network_ = pim::load_network(spec.workload.pim_network);
    } catch (const InputError& e) {
        throw InputError(spec.file, 0, "workload.pim_network", e.what());
    }
    hash_ = network_hash(network_, spec.workload.batch, spec.workload.pim_mapper);
}

void PimSweep::check(const SweepPoint& point) {
    const pim::PimConfig config = designs_.build(point);
    try {
        pim::check_tensors_fit_dram(config, network_, spec_.workload.batch);
    } catch (const InputError& e) {
        throw InputError(spec_.file, 0, e.field(), context(spec_, point) + e.message());
    }
}

pim::NicePimOptions PimSweep::nicepim_options(const pim::PimConfig& config,
                                              backend::BackendKind backend) const {
    pim::NicePimOptions options = pim::nicepim_options(spec_.workload.pim_mapper, config.mapping.goal);
    // One design per thread: each search's batches on its own thread (or the CUDA kernel).
    options.evaluator = {backend, 1};
    return options;
}

std::vector<PimSweep::Mapped> PimSweep::map(const std::vector<const SweepPoint*>& batch,
                                            backend::BackendKind backend, unsigned threads) {
    std::vector<Mapped> mapped(batch.size());
    for (std::size_t k = 0; k < batch.size(); ++k) {
        mapped[k].config = designs_.build(*batch[k]);
        mapped[k].hardware = pim::make_hardware(mapped[k].config);
    }
    // Each design's search is sequential and independent of the others': one design per thread.
    parallel::parallel_for(batch.size(), host_threads(threads), [&](std::size_t k) {
        Mapped& m = mapped[k];
        try {
            if (spec_.workload.pim_mapper.nicepim()) {
                m.nicepim = pim::map_nicepim(m.hardware, network_, spec_.workload.batch,
                                             nicepim_options(m.config, backend));
                m.mapping = m.nicepim->mapping;
                return;
            }
            pim::MapperOptions options;
            options.goal = m.config.mapping.goal;
            m.mapping = pim::map_baseline(m.hardware, network_, spec_.workload.batch, options).mapping;
        } catch (const InputError& e) {
            throw InputError(spec_.file, 0, e.field(), context(spec_, *batch[k]) + e.message());
        }
    });
    return mapped;
}

std::vector<pim::NetworkEval> PimSweep::evaluate(const std::vector<Mapped>& mapped,
                                                 backend::BackendKind backend, unsigned threads) const {
    if (spec_.workload.pim_mapper.nicepim()) {
        // The mapper's own evaluation (its candidates evaluated on the backend map() was given).
        std::vector<pim::NetworkEval> out;
        out.reserve(mapped.size());
        for (const Mapped& m : mapped) out.push_back(m.nicepim->eval);
        return out;
    }
    std::vector<pim::MappedNetwork> items;
    items.reserve(mapped.size());
    for (const Mapped& m : mapped)
        items.push_back({&m.hardware, &network_, spec_.workload.batch, &m.mapping});
    return pim::evaluate_networks(items, backend, threads);
}

void PimSweep::run(const std::vector<const SweepPoint*>& batch, backend::BackendKind backend,
                   unsigned threads, const Sink& sink) {
    std::vector<Mapped> mapped = map(batch, backend, threads);
    std::vector<pim::NetworkEval> evals = evaluate(mapped, backend, threads);
    for (std::size_t k = 0; k < batch.size(); ++k) {
        PimPointResult result;
        result.config = std::move(mapped[k].config);
        result.eval = std::move(evals[k]);
        if (mapped[k].nicepim) {
            result.nicepim = &*mapped[k].nicepim;
            result.nicepim_options = nicepim_options(result.config, backend);
        }
        sink(k, result);
    }
}

std::vector<std::string> PimSweep::validate(
    const std::vector<SweepPoint>& points,
    const std::map<std::size_t, std::optional<pim::NetworkEval>>& chosen, backend::BackendKind backend,
    unsigned threads) {
    std::vector<std::string> failures;
    auto it = chosen.begin();
    while (it != chosen.end()) {
        std::vector<const SweepPoint*> batch;
        std::vector<const pim::NetworkEval*> got;
        for (; it != chosen.end() && batch.size() < kValidationChunk; ++it) {
            batch.push_back(&points[it->first]);
            got.push_back(it->second ? &*it->second : nullptr);
        }
        const std::vector<Mapped> mapped = map(batch, backend::BackendKind::kReference, threads);
        const std::vector<pim::NetworkEval> reference =
            evaluate(mapped, backend::BackendKind::kReference, threads);
        // Rows read back hold rounded numbers: finished configurations are evaluated again (the
        // nicepim mapper's evaluation is its search's: mapped again on the backend).
        std::vector<Mapped> rerun;
        std::vector<const SweepPoint*> rerun_points;
        for (std::size_t k = 0; k < batch.size(); ++k)
            if (!got[k]) {
                rerun.push_back(mapped[k]);
                rerun_points.push_back(batch[k]);
            }
        if (spec_.workload.pim_mapper.nicepim() && !rerun.empty())
            rerun = map(rerun_points, backend, threads);
        const std::vector<pim::NetworkEval> rerun_evals =
            rerun.empty() ? std::vector<pim::NetworkEval>{} : evaluate(rerun, backend, threads);
        std::size_t next_rerun = 0;
        for (std::size_t k = 0; k < batch.size(); ++k) {
            const pim::NetworkEval& sweep_eval = got[k] ? *got[k] : rerun_evals[next_rerun++];
            std::string difference;
            if (sweep_eval.layers.size() != reference[k].layers.size())
                difference = "layers: " + std::to_string(sweep_eval.layers.size()) + " vs " +
                             std::to_string(reference[k].layers.size());
            for (std::size_t l = 0; difference.empty() && l < reference[k].layers.size(); ++l) {
                const std::string d = pim::first_difference(sweep_eval.layers[l], reference[k].layers[l]);
                if (!d.empty())
                    difference = "layers[" + std::to_string(l) + "] (" + network_.layers[l].name + ")." + d;
            }
            if (difference.empty()) continue;
            failures.push_back(context(spec_, *batch[k]) + "first differing field " + difference + ": the " +
                               backend::to_string(backend) + " backend and the reference evaluator differ");
        }
    }
    return failures;
}

}  // namespace dramsweep::sweep
