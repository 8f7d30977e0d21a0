// SCALE-Sim report files: Python's float text, the DRAM bandwidth formula, the layout of a row,
// and the all-or-nothing write.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

#include "dramsweep/systolic/reports.hpp"

namespace dramsweep {
namespace {

namespace fs = std::filesystem;

TEST(SystolicComputeReports, FloatsPrintAsPythonPrintsThem) {
    EXPECT_EQ(format_python_float(100.0), "100.0");
    EXPECT_EQ(format_python_float(1.0), "1.0");
    EXPECT_EQ(format_python_float(0.0), "0.0");
    EXPECT_EQ(format_python_float(-0.0), "-0.0");
    EXPECT_EQ(format_python_float(-3275.0), "-3275.0");
    EXPECT_EQ(format_python_float(0.1), "0.1");
    EXPECT_EQ(format_python_float(0.1 + 0.2), "0.30000000000000004");
    EXPECT_EQ(format_python_float(50.79365079365063), "50.79365079365063");
    EXPECT_EQ(format_python_float(0.0001), "0.0001");
    EXPECT_EQ(format_python_float(0.00001), "1e-05");
    EXPECT_EQ(format_python_float(1.5e-7), "1.5e-07");
    EXPECT_EQ(format_python_float(1e15), "1000000000000000.0");
    EXPECT_EQ(format_python_float(1e16), "1e+16");
    EXPECT_EQ(format_python_float(1.2345678901234568e17), "1.2345678901234568e+17");
    EXPECT_EQ(format_python_float(1e100), "1e+100");
}

TEST(SystolicComputeReports, FloatTextParsesBackEqual) {
    for (double v : {1.0 / 3.0, 2.0 / 3.0, 80.5348014156508, 3.9931757250792104, 1e-300, 6.02214076e23}) {
        EXPECT_EQ(std::stod(format_python_float(v)), v);
    }
}

// SCALE-Sim divides by stop - start + 1. Values from gemm_mix_is_calc, layer 0, and tiny_gemm_os_calc.
TEST(SystolicComputeReports, DramBandwidthCountsBothEndCycles) {
    EXPECT_DOUBLE_EQ(dram_bandwidth(-3275.0, 4930.0, 32768), 3.9931757250792104);
    EXPECT_DOUBLE_EQ(dram_bandwidth(-24.0, -1.0, 240), 10.0);
    EXPECT_EQ(dram_bandwidth(0.0, -1.0, 0), 0.0);  // no access at all
}

LayerCompute sample_layer() {
    LayerCompute l;
    l.compute_cycles = 155;
    l.overall_utilization_pct = 24.193548387096776;
    l.mapping_efficiency_pct = 52.083333333333336;
    l.compute_utilization_pct = 24.03846153846154;
    l.ifmap_sram_reads = 480;
    l.filter_sram_reads = 360;
    l.ofmap_sram_writes = 296;
    l.ifmap_sram = {1, 145};
    l.filter_sram = {1, 143};
    l.ofmap_sram = {11, 149};
    l.avg_ifmap_sram_bw = 480.0 / 155.0;
    l.avg_filter_sram_bw = 360.0 / 155.0;
    l.avg_ofmap_sram_bw = 296.0 / 155.0;
    return l;
}

DramColumns sample_dram() {
    DramColumns d;
    d.ifmap_start = -24.0;
    d.ifmap_stop = -1.0;
    d.ifmap_reads = 240;
    d.filter_start = -12.0;
    d.filter_stop = -1.0;
    d.filter_reads = 120;
    d.ofmap_start = 155.0;
    d.ofmap_stop = 179.0;
    d.ofmap_writes = 200;
    return d;
}

// The row of tiny_gemm_os_calc layer 0, as SCALE-Sim wrote it.
TEST(SystolicComputeReports, RowsHaveScaleSimsLayout) {
    const std::vector<LayerCompute> layers{sample_layer()};
    const std::vector<DramColumns> dram{sample_dram()};
    EXPECT_EQ(compute_report_csv(layers),
              "LayerID, Total Cycles, Stall Cycles, Overall Util %, Mapping Efficiency %, Compute Util %,\n"
              "0, 155, 0, 24.193548387096776, 52.083333333333336, 24.03846153846154,\n");
    EXPECT_EQ(bandwidth_report_csv(layers, dram),
              "LayerID, Avg IFMAP SRAM BW, Avg FILTER SRAM BW, Avg OFMAP SRAM BW, Avg IFMAP DRAM BW, "
              "Avg FILTER DRAM BW, Avg OFMAP DRAM BW,\n"
              "0, 3.096774193548387, 2.3225806451612905, 1.9096774193548387, 10.0, 10.0, 8.0,\n");
    const std::string detailed = detailed_access_report_csv(layers, dram);
    EXPECT_NE(detailed.find("\n0, 1.0, 145.0, 480, 1.0, 143.0, 360, 11.0, 149.0, 296, -24.0, -1.0, 240, -12.0, "
                            "-1.0, 120, 155.0, 179.0, 200,\n"),
              std::string::npos)
        << detailed;
}

TEST(SystolicComputeReports, WritesAllThreeOrNothing) {
    const fs::path dir = fs::temp_directory_path() / "dramsweep_reports_unit_test";
    fs::remove_all(dir);
    // One DRAM row for two layers: refused before any file is written.
    EXPECT_THROW(write_scalesim_reports(dir, {sample_layer(), sample_layer()}, {sample_dram()}), std::invalid_argument);
    EXPECT_FALSE(fs::exists(dir / "COMPUTE_REPORT.csv"));

    write_scalesim_reports(dir, {sample_layer()}, {sample_dram()});
    int files = 0;
    for (const auto& entry : fs::directory_iterator(dir)) {
        EXPECT_NE(entry.path().extension(), ".tmp");
        ++files;
    }
    EXPECT_EQ(files, 3);
    std::ifstream in(dir / "COMPUTE_REPORT.csv");
    std::stringstream text;
    text << in.rdbuf();
    EXPECT_EQ(text.str(), compute_report_csv({sample_layer()}));
    fs::remove_all(dir);
}

}  // namespace
}  // namespace dramsweep
