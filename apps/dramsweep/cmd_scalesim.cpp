// `dramsweep scalesim`: SCALE-Sim v2-compatible reports for one accelerator and topology.

#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "command_registry.hpp"
#include "dramsweep/accel/accel_io.hpp"
#include "dramsweep/common/input_error.hpp"
#include "dramsweep/common/output_file.hpp"
#include "dramsweep/common/progress.hpp"
#include "dramsweep/common/text.hpp"
#include "dramsweep/systolic/compute_model.hpp"
#include "dramsweep/systolic/dram_stream.hpp"
#include "dramsweep/systolic/reports.hpp"
#include "dramsweep/systolic/stream_estimate.hpp"
#include "dramsweep/workload/batch.hpp"
#include "dramsweep/workload/scalesim_layers.hpp"
#include "dramsweep/workload/topology_io.hpp"

namespace dramsweep::cli {
namespace {

struct ScalesimOptions {
    std::string config_path;
    std::string topology_path;
    std::string output_dir;
    std::string dram_trace_path;
    std::string dram_trace_csv_path;
    std::string batch;  // empty: the topology's own batch
    bool gemm = false;
    bool parity = false;
};

// An optional output file (the traces): created, with its folder, when a path is given.
std::unique_ptr<OutputFile> optional_output(const std::string& path, const std::string& option) {
    if (path.empty()) return nullptr;
    const std::filesystem::path parent = std::filesystem::path(path).parent_path();
    std::error_code ignored;  // a folder that cannot be made shows as the check failing
    if (!parent.empty()) std::filesystem::create_directories(parent, ignored);
    return std::make_unique<OutputFile>(path, option);
}

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
    // Outputs first: a folder or file that cannot be written is refused before any work, and
    // each file is written under a temporary name until it is complete (output_file.hpp).
    prepare_report_dir(opt.output_dir);
    const std::unique_ptr<OutputFile> plain_trace = optional_output(opt.dram_trace_path, "--dram-trace");
    const std::unique_ptr<OutputFile> rich_trace = optional_output(opt.dram_trace_csv_path, "--dram-trace-csv");
    const AccelConfig accel = read_accel_config(opt.config_path);
    Topology topology = read_topology(opt.topology_path, opt.gemm ? TopologyFormat::GemmCsv : TopologyFormat::Auto);
    if (!opt.batch.empty()) {
        const text::Location where{"command line", 0};
        topology = with_batch(topology, text::parse_int(opt.batch, where, "--batch"), where.file, 0, "--batch");
    }
    const ComputeMode mode = opt.parity ? ComputeMode::Parity : ComputeMode::Corrected;
    if (mode == ComputeMode::Parity) {
        // SCALE-Sim's own depthwise rule: a "DP" layer runs, and is reported, as C layers.
        topology = scalesim_v2_layers(topology);
        for (const Layer& layer : topology.layers) {
            if (layer.groups != 1) {
                throw InputError(
                    opt.topology_path, 0, "groups",
                    "layer '" + layer.name +
                        "' is grouped; SCALE-Sim v2 has no grouped convolutions (its depthwise layers "
                        "are named with \"DP\"), so --parity cannot run it (drop --parity for the "
                        "corrected model)");
            }
        }
    }

    std::vector<LayerCompute> layers;
    try {
        // Every layer's stream is estimated (in closed form) before any layer is computed: the
        // compute model's time and memory grow with the layer too, so a layer too large for the
        // machine is refused at once, not after minutes without progress.
        for (const Layer& layer : topology.layers) check_stream_fits_memory(layer, accel, opt.topology_path);
        layers = compute_topology(topology, accel, mode);
    } catch (const std::invalid_argument& e) {  // a layer the array cannot run
        throw InputError(opt.topology_path, 0, "layer", e.what());
    }
    // The DRAM side: the double-buffered SRAM model's request stream per layer, summarised in
    // the reports and optionally written out as a trace.
    DramTraceWriter trace_writer(plain_trace ? &plain_trace->stream() : nullptr,
                                 rich_trace ? &rich_trace->stream() : nullptr);
    std::vector<DramColumns> dram;
    dram.reserve(layers.size());
    ProgressBar progress(std::cerr, progress_style(true), topology.layers.size(), 0, "layers", "scalesim");
    for (const Layer& layer : topology.layers) {
        const LayerTraffic traffic = layer_traffic(layer, accel);
        dram.push_back(dram_columns(traffic, accel.word_bytes));
        trace_writer.add_layer(layer.name, traffic);
        progress.update(dram.size());
    }
    progress.finish();

    write_scalesim_reports(opt.output_dir, layers, dram);
    if (plain_trace) plain_trace->commit();
    if (rich_trace) rich_trace->commit();
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
        sub.add_option("--batch", opt->batch,
                       "images per layer, folded into the GEMM's M dimension (>= 1; default: the "
                       "topology's \"batch\", else 1)");
        sub.add_flag("--parity", opt->parity, "reproduce SCALE-Sim v2's numbers exactly, quirks included "
                                              "(docs/validation.md); default: the corrected model");
        sub.add_option("--dram-trace", opt->dram_trace_path,
                       "write the DRAM request stream, one '0x<hex address> R|W' per line");
        sub.add_option("--dram-trace-csv", opt->dram_trace_csv_path,
                       "write the DRAM request stream with fold, operand, issue and need cycles (CSV)");
        return [opt] { return run_scalesim(*opt); };
    }};

}  // namespace
}  // namespace dramsweep::cli
