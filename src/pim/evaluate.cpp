#include "dramsweep/pim/evaluate.hpp"

#include <ctime>

#include "dramsweep/common/input_error.hpp"

namespace dramsweep::pim {

EvaluationReport Evaluation::report() const {
    EvaluationReport r;
    r.config = &config;
    r.network = &network;
    r.batch = batch;
    r.mapping = &mapped.mapping;
    r.eval = &mapped.eval;
    r.timing = timing ? &*timing : nullptr;
    r.search_cpu_seconds = search_cpu_seconds;
    return r;
}

Evaluation evaluate(const EvaluateRequest& request) {
    if (request.mapper != "baseline")
        throw InputError("--mapper", 0, "mapper",
                         "unknown mapper '" + request.mapper + "' (available: baseline)");
    if (request.batch < 1) throw InputError("--batch", 0, "batch", "must be at least 1");
    // pim.* keys set the design; any other key sets the node's DRAM preset (timing mode).
    std::vector<std::string> pim_sets, dram_sets;
    for (const std::string& s : request.overrides)
        (s.starts_with("pim.") ? pim_sets : dram_sets).push_back(s);
    if (!request.timing && !dram_sets.empty())
        throw InputError("--set", 0, dram_sets[0].substr(0, dram_sets[0].find('=')),
                         "only pim.* keys apply without --timing (other keys set the node's DRAM preset)");
    Evaluation e;
    e.config = load_pim_config(request.pim, pim_sets);
    e.network = load_network(request.network);
    e.batch = request.batch;
    check_tensors_fit_dram(e.config, e.network, e.batch);
    const PimHardware hw = make_hardware(e.config);
    MapperOptions options;
    options.goal = e.config.mapping.goal;
    const std::clock_t start = std::clock();
    e.mapped = map_baseline(hw, e.network, e.batch, options);
    e.search_cpu_seconds = static_cast<double>(std::clock() - start) / CLOCKS_PER_SEC;
    if (request.timing)
        e.timing = run_timing_mode(e.config, dram_sets, e.network, e.batch, e.mapped.mapping, e.mapped.eval);
    return e;
}

}  // namespace dramsweep::pim
