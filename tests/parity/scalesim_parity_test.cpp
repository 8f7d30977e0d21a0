// Parity of the systolic compute model with SCALE-Sim v2 on every reference case: every column of
// COMPUTE_REPORT, the three Avg SRAM BW columns of BANDWIDTH_REPORT and the nine SRAM columns of
// DETAILED_ACCESS_REPORT. Integers must be equal, floats within 1e-9 relative. Checked twice:
// through the model API, and end to end through `dramsweep scalesim --parity`.
//
// Two sets of cases. `Reference`: SCALE-Sim v2's own reports (shared/reference/scalesim/).
// `Derived`: cases made here for what those do not cover, separate row and column strides
// (the 9th topology column) and layers named "DP" (SCALE-Sim's depthwise rule: C report rows
// for one topology row), in OS, WS and IS. SCALE-Sim is not available to run them, so their
// expected columns (expected.csv in each case folder) are computed by
// tests/parity/derived/derive_expected.py from the closed form of SCALE-Sim's model
// (shared/reference/scalesim/README.md) and SCALE-Sim's SRAM trace stamps (docs/model.md), never
// by dramsweep; that script reproduces all 357 values of the reference cases it applies to (those
// with no window past the ifmap edge) exactly. tests/parity/derived/README.md gives the formulas.

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <ostream>
#include <string>
#include <vector>

#include "dramsweep/accel/accel_io.hpp"
#include "dramsweep/systolic/compute_model.hpp"
#include "dramsweep/workload/scalesim_layers.hpp"
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

// SCALE-Sim's reports of a reference case, or the expected columns of a derived one (one table
// holding the columns of all three reports).
struct ReferenceCase {
    fs::path dir;
    bool derived = false;
    ReportTable compute, bandwidth, detailed;

    ReferenceCase(const fs::path& root, const std::string& name)
        : dir(root / name),
          derived(fs::exists(dir / "expected.csv")),
          compute(read_report(dir / (derived ? "expected.csv" : "COMPUTE_REPORT.csv"))),
          bandwidth(read_report(dir / (derived ? "expected.csv" : "BANDWIDTH_REPORT.csv"))),
          detailed(read_report(dir / (derived ? "expected.csv" : "DETAILED_ACCESS_REPORT.csv"))) {}

    // The layers SCALE-Sim runs, as `scalesim --parity` runs them: a "DP" layer is C layers.
    Topology topology() const {
        return scalesim_v2_layers(read_topology(
            (dir / "topo.csv").string(),
            is_gemm_topology(dir / "topo.csv") ? TopologyFormat::GemmCsv : TopologyFormat::ConvCsv));
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

// The derived cases: strides per dimension and "DP" layers, in every dataflow.
TEST(ScalesimDerived, EveryCaseIsPresent) {
    const std::vector<std::string> cases = scalesim_cases(scalesim_derived_root());
    for (const char* expected : {"dp_is", "dp_os", "dp_ws", "strides_is", "strides_os", "strides_ws"}) {
        EXPECT_NE(std::find(cases.begin(), cases.end(), expected), cases.end())
            << "missing derived case " << expected << " under " << scalesim_derived_root();
    }
    // One topology row named "DP" with 3 channels is SCALE-Sim's 3 layers, so 3 report rows.
    const ReferenceCase dp(scalesim_derived_root(), "dp_os");
    EXPECT_EQ(dp.topology().layers.size(), 5u);
    EXPECT_EQ(dp.compute.rows.size(), 5u);
}

// A case folder under its root (SCALE-Sim's reference outputs, or the derived cases).
struct CaseParam {
    fs::path root;
    std::string name;
};

void PrintTo(const CaseParam& param, std::ostream* os) {
    *os << (param.root / param.name).string();
}

std::vector<CaseParam> case_params(const fs::path& root) {
    std::vector<CaseParam> params;
    for (const std::string& name : scalesim_cases(root)) params.push_back({root, name});
    return params;
}

class ScalesimParity : public ::testing::TestWithParam<CaseParam> {
protected:
    ReferenceCase reference() const { return ReferenceCase(GetParam().root, GetParam().name); }
    const std::string& case_name() const { return GetParam().name; }
};

TEST_P(ScalesimParity, ModelMatchesEverySramAndComputeColumn) {
    const ReferenceCase ref = reference();
    const Topology topology = ref.topology();
    const std::vector<LayerCompute> layers = compute_topology(topology, ref.accel(), ComputeMode::Parity);
    ASSERT_EQ(layers.size(), ref.compute.rows.size());
    ASSERT_EQ(layers.size(), ref.bandwidth.rows.size());
    ASSERT_EQ(layers.size(), ref.detailed.rows.size());
    for (std::size_t i = 0; i < layers.size(); ++i) {
        const std::string where =
            case_name() + " layer " + std::to_string(i) + " (" + topology.layers[i].name + ")";
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
    const ReferenceCase ref = reference();
    const fs::path out =
        fs::temp_directory_path() / ("dramsweep_parity_" + case_name() + "_" +
                                     std::to_string(::testing::UnitTest::GetInstance()->random_seed()));
    fs::remove_all(out);
    const std::string command = std::string("\"") + DRAMSWEEP_BINARY + "\" scalesim --parity -c \"" +
                                (ref.dir / "scale.cfg").string() + "\" -t \"" + (ref.dir / "topo.csv").string() +
                                "\"" + (is_gemm_topology(ref.dir / "topo.csv") ? " --gemm" : "") + " -o \"" +
                                out.string() + "\" > /dev/null";
    ASSERT_EQ(std::system(command.c_str()), 0) << command;

    for (const char* name : {"COMPUTE_REPORT.csv", "BANDWIDTH_REPORT.csv", "DETAILED_ACCESS_REPORT.csv"}) {
        EXPECT_FALSE(fs::exists(out / (std::string(name) + ".tmp"))) << name << ".tmp left behind";
        if (!ref.derived) {
            EXPECT_EQ(read_report(ref.dir / name).header, read_report(out / name).header)
                << name << " header";
        }
    }
    expect_table_matches(case_name() + " COMPUTE_REPORT", ref.compute,
                         read_report(out / "COMPUTE_REPORT.csv"), kComputeColumns);
    expect_table_matches(case_name() + " BANDWIDTH_REPORT", ref.bandwidth,
                         read_report(out / "BANDWIDTH_REPORT.csv"), kBandwidthSramColumns);
    expect_table_matches(case_name() + " DETAILED_ACCESS_REPORT", ref.detailed,
                         read_report(out / "DETAILED_ACCESS_REPORT.csv"), kDetailedSramColumns);
    // Stronger than the tolerance: the fold averages are summed in SCALE-Sim's order and printed
    // as Python prints them, so the compute report is the same file.
    if (!ref.derived) {
        EXPECT_EQ(read_text(ref.dir / "COMPUTE_REPORT.csv"), read_text(out / "COMPUTE_REPORT.csv"));
    }
    fs::remove_all(out);
}

std::string case_test_name(const ::testing::TestParamInfo<CaseParam>& param_info) {
    return param_info.param.name;
}

INSTANTIATE_TEST_SUITE_P(Reference, ScalesimParity,
                         ::testing::ValuesIn(case_params(scalesim_reference_root())), case_test_name);
INSTANTIATE_TEST_SUITE_P(Derived, ScalesimParity, ::testing::ValuesIn(case_params(scalesim_derived_root())),
                         case_test_name);

}  // namespace
}  // namespace dramsweep::test
