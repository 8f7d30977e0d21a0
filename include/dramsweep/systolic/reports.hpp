#pragma once
// SCALE-Sim v2's three report files, with its exact headers, column order and number format:
// COMPUTE_REPORT.csv, BANDWIDTH_REPORT.csv, DETAILED_ACCESS_REPORT.csv. Floats are printed as
// Python prints them (shortest text that parses back to the same double, "1.0" for whole
// values), so a parity run writes byte-identical SRAM columns and any reader parses back equal
// numbers. Cycle stamps are printed as floats ("1.0"), as SCALE-Sim's trace stamps are.

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "dramsweep/systolic/compute_model.hpp"

namespace dramsweep {

// The DRAM columns of one layer, supplied by the SRAM/DRAM traffic model. Cycles are doubles
// because SCALE-Sim's CALC mode stamps them with negative and fractional-capable values.
struct DramColumns {
    double ifmap_start = 0.0, ifmap_stop = 0.0;
    std::int64_t ifmap_reads = 0;
    double filter_start = 0.0, filter_stop = 0.0;
    std::int64_t filter_reads = 0;
    double ofmap_start = 0.0, ofmap_stop = 0.0;
    std::int64_t ofmap_writes = 0;
};

// SCALE-Sim's Avg DRAM BW: words / (stop - start + 1). 0 when the span is empty (no access).
double dram_bandwidth(double start, double stop, std::int64_t words);

// Python's repr() of a double: "100.0", "0.30000000000000004", "1e+16", "-3275.0".
std::string format_python_float(double value);

// The report texts (header line and one line per layer, LayerID from 0). `dram` must have one
// entry per layer.
std::string compute_report_csv(const std::vector<LayerCompute>& layers);
std::string bandwidth_report_csv(const std::vector<LayerCompute>& layers, const std::vector<DramColumns>& dram);
std::string detailed_access_report_csv(const std::vector<LayerCompute>& layers,
                                       const std::vector<DramColumns>& dram);

// Writes the three reports into `dir` (created if missing). Each file is written to
// `<name>.tmp` (common/output_file.hpp) and renamed only after all three are complete, so that a
// failed run never leaves a report that looks complete. A folder that cannot be written throws
// InputError; a failed write, OutputError.
void write_scalesim_reports(const std::filesystem::path& dir, const std::vector<LayerCompute>& layers,
                            const std::vector<DramColumns>& dram);
// Creates `dir` and checks the reports can be written there (InputError naming -o otherwise),
// so that `scalesim` refuses an unwritable folder before it computes anything.
void prepare_report_dir(const std::filesystem::path& dir);

}  // namespace dramsweep
