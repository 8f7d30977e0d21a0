// `dramsweep pim area|evaluate`: the PIM template's area report, and a network mapped onto a
// PIM design by the baseline mapper and evaluated (docs/pim.md).

#include <iostream>
#include <memory>

#include "command_registry.hpp"
#include "dramsweep/pim/area.hpp"
#include "dramsweep/pim/config.hpp"
#include "dramsweep/pim/evaluate.hpp"
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
};

int run_evaluate(const EvaluateOptions& o) {
    using namespace dramsweep::pim;
    const Evaluation evaluation = evaluate(o.request);
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
        ev_cmd->add_option("--mapper", ev->request.mapper, "Mapper: baseline (TETRIS-style, the default)");
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
