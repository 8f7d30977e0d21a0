// `dramsweep pim area|evaluate`: the PIM template's area report, and a network mapped onto a
// PIM design by the baseline mapper and evaluated (docs/pim.md).

#include <ctime>
#include <iostream>
#include <memory>

#include "command_registry.hpp"
#include "dramsweep/backend/backend.hpp"
#include "dramsweep/common/input_error.hpp"
#include "dramsweep/pim/area.hpp"
#include "dramsweep/pim/config.hpp"
#include "dramsweep/pim/evaluate.hpp"
#include "dramsweep/pim/mapper_choice.hpp"
#include "dramsweep/pim/nicepim_report.hpp"
#include "dramsweep/pim/nicepim_timing.hpp"
#include "dramsweep/pim/report.hpp"

namespace {

struct AreaOptions {
    std::string config;
    std::vector<std::string> overrides;
    bool json = false;
};

int run_area(const AreaOptions& o) {
    using namespace dramsweep::pim;
    const PimConfig config = load_pim_config(o.config, o.overrides);
    const AreaBreakdown area = compute_area(config);
    std::cout << (o.json ? area_json(config, area) + "\n" : area_text(config, area));
    return 0;
}

struct EvaluateOptions {
    dramsweep::pim::EvaluateRequest request;
    bool json = false;
    dramsweep::pim::MapperChoice choice;  // request.mapper and the --mapper nicepim options
    bool no_branches = false, no_layouts = false, no_capacity_allocation = false, no_split_pruning = false;
    std::string candidates = "host";  // where the nicepim mapper's candidates are evaluated
};

// The checked choice; a bad value names its option.
dramsweep::pim::NicePimOptions checked_nicepim_options(const EvaluateOptions& o,
                                                       dramsweep::pim::Goal design_goal) {
    using namespace dramsweep;
    pim::MapperChoice c = o.choice;
    c.mapper = o.request.mapper;
    c.branch_parallelism = !o.no_branches;
    c.layout_search = !o.no_layouts;
    c.capacity_allocation = !o.no_capacity_allocation;
    pim::NicePimOptions n;
    try {
        n = pim::nicepim_options(c, design_goal);
    } catch (const InputError& e) {
        std::string option = "--" + e.field();
        for (char& ch : option)
            if (ch == '_') ch = '-';
        throw InputError(option, 0, e.field(), e.message());
    }
    n.prune_splits = !o.no_split_pruning;
    try {
        n.evaluator.backend = backend::resolve_backend(backend::parse_backend(o.candidates));
    } catch (const InputError& e) {
        throw InputError("--candidates", 0, "candidates", e.message());
    }
    return n;
}

// --mapper nicepim: the PIM-Mapper and the Data-Scheduler, with their own report.
int run_nicepim(const EvaluateOptions& o) {
    using namespace dramsweep;
    using namespace dramsweep::pim;
    const EvaluateRequest& r = o.request;
    if (r.batch < 1) throw InputError("--batch", 0, "batch", "must be at least 1");
    // pim.* keys set the design; any other key sets the node's DRAM preset (timing mode).
    std::vector<std::string> pim_sets, dram_sets;
    for (const std::string& s : r.overrides) (s.starts_with("pim.") ? pim_sets : dram_sets).push_back(s);
    if (!r.timing && !dram_sets.empty())
        throw InputError("--set", 0, dram_sets[0].substr(0, dram_sets[0].find('=')),
                         "only pim.* keys apply without --timing (other keys set the node's DRAM preset)");
    const PimConfig config = load_pim_config(r.pim, pim_sets);
    const Network net = load_network(r.network);
    check_tensors_fit_dram(config, net, r.batch);
    const PimHardware hw = make_hardware(config);
    EvaluationReport report;
    report.config = &config;
    report.network = &net;
    report.batch = r.batch;
    report.mapper = "nicepim";
    const std::clock_t start = std::clock();
    const NicePimOptions options = checked_nicepim_options(o, config.mapping.goal);
    const NicePimResult mapped = map_nicepim(hw, net, r.batch, options);
    report.search_cpu_seconds = static_cast<double>(std::clock() - start) / CLOCKS_PER_SEC;
    report.mapping = &mapped.mapping;
    report.eval = &mapped.eval;
    NicePimTiming timing;
    if (r.timing) {
        timing = run_nicepim_timing(config, dram_sets, net, r.batch, mapped);
        report.timing = &timing.timing;
    }
    const NicePimTiming* t = r.timing ? &timing : nullptr;
    std::cout << (o.json ? nicepim_report_json(report, mapped, options, t) + "\n"
                         : nicepim_report_text(report, mapped, options, t));
    return 0;
}

int run_evaluate(const EvaluateOptions& o) {
    using namespace dramsweep::pim;
    const EvaluateRequest& r = o.request;
    if (r.mapper == "nicepim") return run_nicepim(o);
    if (r.mapper != "baseline")
        throw dramsweep::InputError("--mapper", 0, "mapper",
                                    "unknown mapper '" + r.mapper + "' (available: baseline, nicepim)");
    const Evaluation evaluation = evaluate(r);
    const EvaluationReport report = evaluation.report();
    std::cout << (o.json ? report_json(report) + "\n" : report_text(report));
    return 0;
}

const dramsweep::cli::RegisterCommand kPimCommand{
    "pim", "Processing in memory: the PIM template's area, and networks mapped and evaluated on it",
    [](CLI::App& sub) {
        sub.require_subcommand(1);
        auto area = std::make_shared<AreaOptions>();
        CLI::App* area_cmd =
            sub.add_subcommand("area", "Area breakdown of a PIM design and whether it is legal");
        area_cmd->add_option("config", area->config, "Preset name (configs/pim/NAME.json) or JSON file")
            ->required();
        area_cmd->add_option("--set", area->overrides, "Override a field, pim.key=value (e.g. pim.mesh=2x2)");
        area_cmd->add_flag("--json", area->json, "Print one JSON object");
        auto ev = std::make_shared<EvaluateOptions>();
        CLI::App* ev_cmd = sub.add_subcommand("evaluate", "Map a network onto a PIM design and evaluate it");
        ev_cmd
            ->add_option("--pim", ev->request.pim,
                         "PIM design: preset name (configs/pim/NAME.json) or JSON file")
            ->required();
        ev_cmd
            ->add_option(
                "--network", ev->request.network,
                "Network: alexnet, vgg16, resnet50, googlenet, transformer, or a file (PIM JSON DAG, "
                "SCALE-Sim CSV or topology JSON)")
            ->required();
        ev_cmd->add_option("--batch", ev->request.batch, "Batch size (default 1)");
        ev_cmd->add_option(
            "--mapper", ev->request.mapper,
            "Mapper: baseline (TETRIS-style, the default) or nicepim (PIM-Mapper and Data-Scheduler)");
        ev_cmd->add_option("--beam", ev->choice.beam,
                           "nicepim: beam width of the layer-wise search (default 4)");
        ev_cmd->add_option(
            "--scheduler", ev->choice.scheduler,
            "nicepim: Data-Scheduler: ilp (CBC, the default), greedy, or pull (no forwarding)");
        ev_cmd->add_option("--ilp-limit", ev->choice.ilp_limit_s,
                           "nicepim: CBC time limit per layer in CPU seconds (default 0.01)");
        ev_cmd->add_flag("--no-branches", ev->no_branches, "nicepim: no branch parallelism");
        ev_cmd->add_flag("--no-layouts", ev->no_layouts, "nicepim: ofmaps stay where they were computed");
        ev_cmd->add_option("--candidates", ev->candidates,
                           "nicepim: where the candidates are evaluated: host (batches on one thread, the "
                           "default), cuda (batches on the GPU), auto, or reference (one by one)");
        ev_cmd->add_flag(
            "--no-split-pruning", ev->no_split_pruning,
            "nicepim: evaluate every split of the mesh, also those whose bound cannot enter the beam");
        ev_cmd->add_flag("--no-capacity-allocation", ev->no_capacity_allocation,
                         "nicepim: weights replicated even where they overflow a node's DRAM");
        ev_cmd->add_option(
            "--set", ev->request.overrides,
            "Override a field: pim.key=value for the design, key=value for the node's DRAM preset "
            "(with --timing)");
        ev_cmd->add_flag("--timing", ev->request.timing,
                         "Timing mode: DRAM through the cycle-level model, NoC link contention");
        ev_cmd->add_flag("--json", ev->json, "Print one JSON object");
        return [area, area_cmd, ev, ev_cmd]() -> int {
            if (area_cmd->parsed()) return run_area(*area);
            if (ev_cmd->parsed()) return run_evaluate(*ev);
            return 0;
        };
    }};

}  // namespace
