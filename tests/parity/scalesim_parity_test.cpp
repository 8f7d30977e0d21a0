// Parity of the systolic compute model with SCALE-Sim v2 on every reference case: every column of
// COMPUTE_REPORT, the three Avg SRAM BW columns of BANDWIDTH_REPORT and the nine SRAM columns of
// DETAILED_ACCESS_REPORT. Integers must be equal, floats within 1e-9 relative. Checked twice:
// through the model API, and end to end through `dramsweep scalesim --parity`.

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "dramsweep/accel/accel_io.hpp"
#include "dramsweep/systolic/compute_model.hpp"
#include "dramsweep/workload/topology_io.hpp"
#include "scalesim_reference.hpp"

namespace dramsweep::test {
namespace {

namespace fs = std::filesystem;

constexpr double kRelativeTolerance = 1e-9;

const std::vector<std::string> kComputeColumns = {"LayerID",        "Total Cycles",         "Stall Cycles",
                                                  "Overall Util %", "Mapping Efficiency %", "Compute Util %"};
const std::vector<std::string> kBandwidthSramColumns = {"Avg IFMAP SRAM BW", "Avg FILTER SRAM BW",
                                                        "Avg OFMAP SRAM BW"};
const std::vector<std::string> kDetailedSramColumns = {
    "SRAM IFMAP Start Cycle",  "SRAM IFMAP Stop Cycle",  "SRAM IFMAP Reads",
    "SRAM Filter Start Cycle", "SRAM Filter Stop Cycle", "SRAM Filter Reads",
    "SRAM OFMAP Start Cycle",  "SRAM OFMAP Stop Cycle",  "SRAM OFMAP Writes"};
// Columns holding integers (cycle stamps are printed "1.0" but are whole numbers).
const std::vector<std::string> kRealColumns = {"Overall Util %",    "Mapping Efficiency %", "Compute Util %",
                                               "Avg IFMAP SRAM BW", "Avg FILTER SRAM BW",   "Avg OFMAP SRAM BW"};

bool is_real_column(const std::string& column) {
    return std::find(kRealColumns.begin(), kRealColumns.end(), column) != kRealColumns.end();
}

void expect_value(const std::string& where, const std::string& column, double reference, double ours) {
    if (is_real_column(column)) {
        EXPECT_LE(std::fabs(ours - reference), kRelativeTolerance * std::fabs(reference))
            << where << " " << column << ": SCALE-Sim " << reference << ", ours " << ours;
    } else {
        EXPECT_EQ(reference, std::trunc(reference)) << where << " " << column << " is not whole";
        EXPECT_EQ(static_cast<std::int64_t>(reference), static_cast<std::int64_t>(ours))
            << where << " " << column << ": SCALE-Sim " << reference << ", ours " << ours;
    }
}

struct ReferenceCase {
    fs::path dir;
    ReportTable compute, bandwidth, detailed;

    explicit ReferenceCase(const std::string& name)
        : dir(scalesim_reference_root() / name),
          compute(read_report(dir / "COMPUTE_REPORT.csv")),
          bandwidth(read_report(dir / "BANDWIDTH_REPORT.csv")),
          detailed(read_report(dir / "DETAILED_ACCESS_REPORT.csv")) {}

    Topology topology() const {
        return read_topology((dir / "topo.csv").string(),
                             is_gemm_topology(dir / "topo.csv") ? TopologyFormat::GemmCsv : TopologyFormat::ConvCsv);
    }
    AccelConfig accel() const { return read_accel_config((dir / "scale.cfg").string()); }
};

// Our value of a report column for one layer.
double model_value(const LayerCompute& l, std::size_t layer_id, const std::string& column) {
    const auto d = [](std::int64_t v) { return static_cast<double>(v); };
    if (column == "LayerID") return d(static_cast<std::int64_t>(layer_id));
    if (column == "Total Cycles") return d(l.compute_cycles + l.stall_cycles);
    if (column == "Stall Cycles") return d(l.stall_cycles);
    if (column == "Overall Util %") return l.overall_utilization_pct;
    if (column == "Mapping Efficiency %") return l.mapping_efficiency_pct;
    if (column == "Compute Util %") return l.compute_utilization_pct;
    if (column == "Avg IFMAP SRAM BW") return l.avg_ifmap_sram_bw;
    if (column == "Avg FILTER SRAM BW") return l.avg_filter_sram_bw;
    if (column == "Avg OFMAP SRAM BW") return l.avg_ofmap_sram_bw;
    if (column == "SRAM IFMAP Start Cycle") return d(l.ifmap_sram.start_cycle);
    if (column == "SRAM IFMAP Stop Cycle") return d(l.ifmap_sram.stop_cycle);
    if (column == "SRAM IFMAP Reads") return d(l.ifmap_sram_reads);
    if (column == "SRAM Filter Start Cycle") return d(l.filter_sram.start_cycle);
    if (column == "SRAM Filter Stop Cycle") return d(l.filter_sram.stop_cycle);
    if (column == "SRAM Filter Reads") return d(l.filter_sram_reads);
    if (column == "SRAM OFMAP Start Cycle") return d(l.ofmap_sram.start_cycle);
    if (column == "SRAM OFMAP Stop Cycle") return d(l.ofmap_sram.stop_cycle);
    if (column == "SRAM OFMAP Writes") return d(l.ofmap_sram_writes);
    ADD_FAILURE() << "unknown column " << column;
    return 0.0;
}

void expect_table_matches(const std::string& what, const ReportTable& reference, const ReportTable& ours,
                          const std::vector<std::string>& columns) {
    ASSERT_EQ(reference.rows.size(), ours.rows.size()) << what << ": layer count";
    for (std::size_t row = 0; row < reference.rows.size(); ++row) {
        for (const std::string& column : columns) {
            expect_value(what + " layer " + std::to_string(row), column, reference.number(row, column),
                         ours.number(row, column));
            // Stronger than the tolerance: the same text, hence the same double.
            EXPECT_EQ(reference.cell(row, column), ours.cell(row, column)) << what << " layer " << row << " " << column;
        }
    }
}

// Every case SCALE-Sim's README lists must be there: a missing folder fails, never skips.
TEST(ScalesimReference, EveryCaseIsPresent) {
    const std::vector<std::string> cases = scalesim_reference_cases();
    for (const char* expected : {"gemm_mix_is_calc", "gemm_mix_os_calc", "gemm_mix_ws_calc", "golden_alexnet_part_ws",
                                 "tiny_conv_is_calc", "tiny_conv_os_calc", "tiny_conv_ws_calc", "tiny_gemm_is_calc",
                                 "tiny_gemm_os_calc", "tiny_gemm_ws_calc"}) {
        EXPECT_NE(std::find(cases.begin(), cases.end(), expected), cases.end())
            << "missing reference case " << expected << " under " << scalesim_reference_root();
    }
}

class ScalesimParity : public ::testing::TestWithParam<std::string> {};

TEST_P(ScalesimParity, ModelMatchesEverySramAndComputeColumn) {
    const ReferenceCase ref(GetParam());
    const Topology topology = ref.topology();
    const std::vector<LayerCompute> layers = compute_topology(topology, ref.accel(), ComputeMode::Parity);
    ASSERT_EQ(layers.size(), ref.compute.rows.size());
    ASSERT_EQ(layers.size(), ref.bandwidth.rows.size());
    ASSERT_EQ(layers.size(), ref.detailed.rows.size());
    for (std::size_t i = 0; i < layers.size(); ++i) {
        const std::string where = GetParam() + " layer " + std::to_string(i) + " (" + topology.layers[i].name + ")";
        for (const auto& column : kComputeColumns) {
            expect_value(where, column, ref.compute.number(i, column), model_value(layers[i], i, column));
        }
        for (const auto& column : kBandwidthSramColumns) {
            expect_value(where, column, ref.bandwidth.number(i, column), model_value(layers[i], i, column));
        }
        for (const auto& column : kDetailedSramColumns) {
            expect_value(where, column, ref.detailed.number(i, column), model_value(layers[i], i, column));
        }
    }
}

TEST_P(ScalesimParity, BinaryWritesMatchingReports) {
    const ReferenceCase ref(GetParam());
    const fs::path out = fs::temp_directory_path() /
                         ("dramsweep_parity_" + GetParam() + "_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()));
    fs::remove_all(out);
    const std::string command = std::string("\"") + DRAMSWEEP_BINARY + "\" scalesim --parity -c \"" +
                                (ref.dir / "scale.cfg").string() + "\" -t \"" + (ref.dir / "topo.csv").string() +
                                "\"" + (is_gemm_topology(ref.dir / "topo.csv") ? " --gemm" : "") + " -o \"" +
                                out.string() + "\" > /dev/null";
    ASSERT_EQ(std::system(command.c_str()), 0) << command;

    for (const char* name : {"COMPUTE_REPORT.csv", "BANDWIDTH_REPORT.csv", "DETAILED_ACCESS_REPORT.csv"}) {
        EXPECT_FALSE(fs::exists(out / (std::string(name) + ".tmp"))) << name << ".tmp left behind";
        EXPECT_EQ(read_report(ref.dir / name).header, read_report(out / name).header) << name << " header";
    }
    expect_table_matches(GetParam() + " COMPUTE_REPORT", ref.compute, read_report(out / "COMPUTE_REPORT.csv"),
                         kComputeColumns);
    expect_table_matches(GetParam() + " BANDWIDTH_REPORT", ref.bandwidth, read_report(out / "BANDWIDTH_REPORT.csv"),
                         kBandwidthSramColumns);
    expect_table_matches(GetParam() + " DETAILED_ACCESS_REPORT", ref.detailed,
                         read_report(out / "DETAILED_ACCESS_REPORT.csv"), kDetailedSramColumns);
    // Stronger than the tolerance: the fold averages are summed in SCALE-Sim's order and printed
    // as Python prints them, so the compute report is the same file.
    EXPECT_EQ(read_text(ref.dir / "COMPUTE_REPORT.csv"), read_text(out / "COMPUTE_REPORT.csv"));
    fs::remove_all(out);
}

INSTANTIATE_TEST_SUITE_P(Reference, ScalesimParity, ::testing::ValuesIn(scalesim_reference_cases()),
                         [](const ::testing::TestParamInfo<std::string>& param_info) { return param_info.param; });

}  // namespace
}  // namespace dramsweep::test
