// The corrected mode against SCALE-Sim's own SRAM traces (tiny_* cases, every layer): the trace
// holds one line per cycle and one address per real access (-1: none), so it gives the true
// values that SCALE-Sim's reports misstate (quirks 1 and 2, and the ifmap reads it counts for
// window elements outside the ifmap). Corrected-mode cycles and SRAM counts must equal what the
// traces hold, and both modes' start/stop cycles must equal the trace's first and last stamps.

#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "dramsweep/accel/accel_io.hpp"
#include "dramsweep/systolic/compute_model.hpp"
#include "dramsweep/workload/topology_io.hpp"
#include "scalesim_reference.hpp"

namespace dramsweep::test {
namespace {

namespace fs = std::filesystem;

struct TraceSummary {
    std::int64_t lines = 0;
    std::int64_t accesses = 0;  // addresses other than -1
    std::int64_t first_stamp = -1;
    std::int64_t last_stamp = -1;
};

TraceSummary summarize_trace(const fs::path& file) {
    TraceSummary s;
    std::stringstream in(read_text(file));
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty()) continue;
        ++s.lines;
        std::stringstream cells(line);
        std::string cell;
        std::getline(cells, cell, ',');
        const auto stamp = static_cast<std::int64_t>(std::stod(cell));
        std::int64_t here = 0;
        while (std::getline(cells, cell, ',')) {
            if (!cell.empty() && std::stod(cell) != -1.0) ++here;
        }
        if (here == 0) continue;
        s.accesses += here;
        if (s.first_stamp < 0) s.first_stamp = stamp;
        s.last_stamp = stamp;
    }
    return s;
}

std::vector<std::string> trace_cases() {
    std::vector<std::string> cases;
    for (const std::string& name : scalesim_reference_cases()) {
        if (fs::exists(scalesim_reference_root() / name / "layer0" / "IFMAP_SRAM_TRACE.csv")) cases.push_back(name);
    }
    return cases;
}

TEST(ScalesimTraces, SixTinyCasesHaveTraces) { EXPECT_EQ(trace_cases().size(), 6u); }

class ScalesimTrace : public ::testing::TestWithParam<std::string> {};

TEST_P(ScalesimTrace, CorrectedModeEqualsWhatTheTracesHold) {
    const fs::path dir = scalesim_reference_root() / GetParam();
    const Topology topology = read_topology(
        (dir / "topo.csv").string(), is_gemm_topology(dir / "topo.csv") ? TopologyFormat::GemmCsv : TopologyFormat::ConvCsv);
    const AccelConfig accel = read_accel_config((dir / "scale.cfg").string());
    const auto corrected = compute_topology(topology, accel, ComputeMode::Corrected);
    const auto parity = compute_topology(topology, accel, ComputeMode::Parity);

    for (std::size_t i = 0; i < topology.layers.size(); ++i) {
        SCOPED_TRACE(GetParam() + " layer " + std::to_string(i));
        const fs::path layer_dir = dir / ("layer" + std::to_string(i));
        const TraceSummary ifmap = summarize_trace(layer_dir / "IFMAP_SRAM_TRACE.csv");
        const TraceSummary filter = summarize_trace(layer_dir / "FILTER_SRAM_TRACE.csv");
        const TraceSummary ofmap = summarize_trace(layer_dir / "OFMAP_SRAM_TRACE.csv");
        const LayerCompute& c = corrected[i];

        EXPECT_EQ(c.compute_cycles, ifmap.lines);  // one trace line per cycle (quirk 1)
        EXPECT_EQ(c.ifmap_sram_reads, ifmap.accesses);
        EXPECT_EQ(c.filter_sram_reads, filter.accesses);
        EXPECT_EQ(c.ofmap_sram_writes, ofmap.accesses);  // no double counting (quirk 2)
        for (const LayerCompute* l : {&corrected[i], &parity[i]}) {
            EXPECT_EQ(l->ifmap_sram.start_cycle, ifmap.first_stamp);
            EXPECT_EQ(l->ifmap_sram.stop_cycle, ifmap.last_stamp);
            EXPECT_EQ(l->filter_sram.start_cycle, filter.first_stamp);
            EXPECT_EQ(l->filter_sram.stop_cycle, filter.last_stamp);
            EXPECT_EQ(l->ofmap_sram.start_cycle, ofmap.first_stamp);
            EXPECT_EQ(l->ofmap_sram.stop_cycle, ofmap.last_stamp);
        }
    }
}

INSTANTIATE_TEST_SUITE_P(Reference, ScalesimTrace, ::testing::ValuesIn(trace_cases()),
                         [](const ::testing::TestParamInfo<std::string>& param_info) { return param_info.param; });

}  // namespace
}  // namespace dramsweep::test
