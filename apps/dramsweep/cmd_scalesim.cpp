// `dramsweep scalesim`: SCALE-Sim v2-compatible reports for one accelerator and topology.

#include <cstdio>
#include <iostream>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "command_registry.hpp"
#include "dramsweep/accel/accel_io.hpp"
#include "dramsweep/common/input_error.hpp"
#include "dramsweep/systolic/compute_model.hpp"
#include "dramsweep/systolic/reports.hpp"
#include "dramsweep/workload/topology_io.hpp"

namespace dramsweep::cli {
namespace {

struct ScalesimOptions {
    std::string config_path;
    std::string topology_path;
    std::string output_dir;
    bool gemm = false;
    bool parity = false;
};

void print_summary(const Topology& topology, const AccelConfig& accel, ComputeMode mode,
                   const std::vector<LayerCompute>& layers) {
    std::printf("%s: %lldx%lld %s array, %s mode, %zu layers\n", accel.run_name.c_str(),
                static_cast<long long>(accel.array_rows), static_cast<long long>(accel.array_cols),
                to_string(accel.dataflow), to_string(mode), layers.size());
    std::printf("%-20s %8s %14s %9s %9s\n", "layer", "folds", "compute cyc", "util %", "map eff %");
    std::int64_t total_cycles = 0, total_macs = 0;
    for (std::size_t i = 0; i < layers.size(); ++i) {
        const LayerCompute& l = layers[i];
        std::printf("%-20s %8lld %14lld %9.2f %9.2f\n", topology.layers[i].name.c_str(),
                    static_cast<long long>(l.folds), static_cast<long long>(l.compute_cycles),
                    l.overall_utilization_pct, l.mapping_efficiency_pct);
        total_cycles += l.compute_cycles;
        total_macs += l.macs;
    }
    const double pes = static_cast<double>(accel.array_rows * accel.array_cols);
    std::printf("%-20s %8s %14lld %9.2f\n", "total", "", static_cast<long long>(total_cycles),
                total_cycles > 0 ? 100.0 * static_cast<double>(total_macs) / (pes * static_cast<double>(total_cycles))
                                 : 0.0);
}

int run_scalesim(const ScalesimOptions& opt) {
    const AccelConfig accel = read_accel_config(opt.config_path);
    const Topology topology =
        read_topology(opt.topology_path, opt.gemm ? TopologyFormat::GemmCsv : TopologyFormat::Auto);
    const ComputeMode mode = opt.parity ? ComputeMode::Parity : ComputeMode::Corrected;
    if (mode == ComputeMode::Parity) {
        for (const Layer& layer : topology.layers) {
            if (layer.groups != 1) {
                throw InputError(opt.topology_path, 0, "groups",
                                 "layer '" + layer.name +
                                     "' is grouped; SCALE-Sim v2 has no grouped convolutions, so --parity "
                                     "cannot run it (drop --parity for the corrected model)");
            }
        }
    }

    std::vector<LayerCompute> layers;
    try {
        layers = compute_topology(topology, accel, mode);
    } catch (const std::invalid_argument& e) {  // a layer the array cannot run
        throw InputError(opt.topology_path, 0, "layer", e.what());
    }
    std::vector<DramColumns> dram_columns;
    dram_columns.reserve(layers.size());
    for (std::size_t i = 0; i < layers.size(); ++i) {
        // Inputs at hand: topology.layers[i], layers[i] (its LayerCompute), accel, mode.
        DramColumns dram = {};  // filled by the SRAM/DRAM traffic model (integration pending)
        dram_columns.push_back(dram);
    }

    try {
        write_scalesim_reports(opt.output_dir, layers, dram_columns);
    } catch (const std::runtime_error& e) {  // an output folder we cannot write is the user's to fix
        throw InputError(opt.output_dir, 0, "-o", e.what());
    }
    print_summary(topology, accel, mode, layers);
    std::printf("reports written to %s\n", opt.output_dir.c_str());
    return 0;
}

const RegisterCommand kRegisterScalesim{
    "scalesim", "SCALE-Sim v2-compatible COMPUTE, BANDWIDTH and DETAILED_ACCESS reports",
    [](CLI::App& sub) -> std::function<int()> {
        auto opt = std::make_shared<ScalesimOptions>();
        sub.add_option("-c,--config", opt->config_path, "accelerator config (SCALE-Sim .cfg or JSON)")
            ->required();
        sub.add_option("-t,--topology", opt->topology_path, "topology (SCALE-Sim CSV or JSON)")->required();
        sub.add_option("-o,--output", opt->output_dir, "directory for the three report files")->required();
        sub.add_flag("--gemm", opt->gemm, "the topology CSV is SCALE-Sim's GEMM form (name, M, N, K); "
                                          "otherwise the form is detected from the header");
        sub.add_flag("--parity", opt->parity, "reproduce SCALE-Sim v2's numbers exactly, quirks included "
                                              "(docs/validation.md); default: the corrected model");
        return [opt] { return run_scalesim(*opt); };
    }};

}  // namespace
}  // namespace dramsweep::cli
