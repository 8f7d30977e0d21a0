// `dramsweep run`: one accelerator and one DRAM configuration over a network, in a closed loop.

#include <iostream>
#include <memory>

#include "command_registry.hpp"
#include "dramsweep/accel/accel_io.hpp"
#include "dramsweep/common/json_text.hpp"
#include "dramsweep/common/progress.hpp"
#include "dramsweep/common/text.hpp"
#include "dramsweep/coupled/network_run.hpp"
#include "dramsweep/systolic/stream_estimate.hpp"
#include "dramsweep/workload/batch.hpp"
#include "dramsweep/workload/topology_io.hpp"

namespace dramsweep::cli {
namespace {

struct RunOptions {
    std::string accel_path;
    std::string dram;
    std::string topology_path;
    std::vector<std::string> overrides;
    std::vector<std::string> accel_overrides;
    std::string batch;  // empty: the topology's own batch
    bool gemm = false;
    bool json = false;
    bool quiet = false;
};

int run_network_command(const RunOptions& opt) {
    AccelConfig accel = read_accel_config(opt.accel_path);
    if (!opt.accel_overrides.empty()) accel = apply_accel_overrides(accel, opt.accel_overrides, "--accel-set");
    Topology topology = read_topology(opt.topology_path, opt.gemm ? TopologyFormat::GemmCsv : TopologyFormat::Auto);
    if (!opt.batch.empty()) {
        const text::Location where{"command line", 0};
        topology = with_batch(topology, text::parse_int(opt.batch, where, "--batch"), where.file, 0, "--batch");
    }
    const dram::DramConfig dram = dram::load_dram_config(opt.dram, opt.overrides);
    // A network whose stream would not fit in memory is refused with an estimate, before any work.
    check_network_fits_memory(topology, coupled::accel_for_dram(accel, dram), opt.topology_path);
    coupled::NetworkRunResult result;
    {
        // The reference closed loop reports no progress of its own: a heartbeat shows it is alive.
        Heartbeat heartbeat(std::cerr, progress_style(!opt.quiet), "run");
        heartbeat.set_stage("simulating " + topology.name + " (" + std::to_string(topology.layers.size()) +
                            " layers) on " + dram.name);
        result = coupled::run_network(topology, accel, dram);
    }
    std::cout << (opt.json ? json_text(coupled::network_result_json(topology, accel, dram, result), 2) + "\n"
                           : coupled::network_result_table(topology, accel, dram, result));
    return 0;
}

const RegisterCommand kRegisterRun{
    "run", "One accelerator and DRAM configuration over a network, memory simulated in a closed loop",
    [](CLI::App& sub) -> std::function<int()> {
        auto opt = std::make_shared<RunOptions>();
        sub.add_option("--accel", opt->accel_path, "accelerator config (SCALE-Sim .cfg or JSON)")->required();
        sub.add_option("--dram", opt->dram, "DRAM preset name (configs/dram/) or JSON file")->required();
        sub.add_option("--topology", opt->topology_path, "network (SCALE-Sim CSV or JSON)")->required();
        sub.add_option("--set", opt->overrides, "override a DRAM field, key=value (e.g. org.channels=2)");
        sub.add_option("--accel-set", opt->accel_overrides,
                       "override an accelerator field, key=value (JSON-form keys, e.g. array_rows=64)");
        sub.add_option("--batch", opt->batch,
                       "images per layer, folded into the GEMM's M dimension (>= 1; default: the "
                       "topology's \"batch\", else 1)");
        sub.add_flag("--gemm", opt->gemm, "the topology CSV is SCALE-Sim's GEMM form");
        sub.add_flag("--json", opt->json, "print one JSON object instead of the table");
        sub.add_flag("--quiet", opt->quiet, "no progress line on stderr");
        return [opt] { return run_network_command(*opt); };
    }};

}  // namespace
}  // namespace dramsweep::cli
