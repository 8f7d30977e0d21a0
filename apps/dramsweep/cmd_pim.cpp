// `dramsweep pim area|evaluate`: the PIM template's area report, and a network mapped onto a
// PIM design by the baseline mapper and evaluated (docs/pim.md).

#include <iostream>
#include <memory>

#include "command_registry.hpp"
#include "dramsweep/pim/area.hpp"
#include "dramsweep/pim/config.hpp"

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

const dramsweep::cli::RegisterCommand kPimCommand{
    "pim", "Processing in memory: the PIM template's area, and networks mapped and evaluated on it",
    [](CLI::App& sub) {
        sub.require_subcommand(1);
        auto area = std::make_shared<AreaOptions>();
        CLI::App* area_cmd = sub.add_subcommand("area", "Area breakdown of a PIM design and whether it is legal");
        area_cmd->add_option("config", area->config, "Preset name (configs/pim/NAME.json) or JSON file")->required();
        area_cmd->add_option("--set", area->overrides, "Override a field, pim.key=value (e.g. pim.mesh=2x2)");
        area_cmd->add_flag("--json", area->json, "Print one JSON object");
        return [area, area_cmd]() -> int {
            if (area_cmd->parsed()) return run_area(*area);
            return 0;
        };
    }};

}  // namespace
