// Energy bookkeeping: per-command energies from IDD currents and the background split between
// active and precharged standby.

#include <gtest/gtest.h>

#include "dramsweep/dram/config.hpp"
#include "dramsweep/dram/trace.hpp"

namespace dramsweep::dram {
namespace {

TEST(DramEnergy, OneReadCostsOneActivationOneBurstAndBackground) {
    const DramConfig c = load_dram_config("ddr4-2400", {"controller.refresh=off"});
    const TraceRunResult r = run_trace(c, {{0x40, false}});
    ASSERT_EQ(r.summary.counters.commands[kAct], 1u);
    ASSERT_EQ(r.summary.counters.commands[kRd], 1u);
    const double devices = 8, tck = c.tck_ns(), vdd = c.power.vdd;
    // mA x V x ns = pJ; / 1000 = nJ.
    EXPECT_DOUBLE_EQ(r.metrics.energy.read, (c.power.idd4r - c.power.idd3n) * vdd * c.timing.nBL * tck * devices / 1000);
    EXPECT_DOUBLE_EQ(r.metrics.energy.act_pre, (c.power.idd0 - c.power.idd3n) * vdd * c.timing.nRAS * tck * devices / 1000);
    // Precharged until the ACT at clock 1, active (row left open) until the end.
    EXPECT_EQ(r.summary.counters.precharged_cycles, 1u);
    EXPECT_EQ(r.summary.counters.active_cycles + r.summary.counters.precharged_cycles, r.summary.cycles);
    const double background = (c.power.idd3n * static_cast<double>(r.summary.counters.active_cycles) +
                               c.power.idd2n * static_cast<double>(r.summary.counters.precharged_cycles)) * vdd * tck * devices / 1000;
    EXPECT_DOUBLE_EQ(r.metrics.energy.background, background);
    EXPECT_DOUBLE_EQ(r.metrics.energy.total(), r.metrics.energy.read + r.metrics.energy.act_pre + r.metrics.energy.background);
}

TEST(DramEnergy, RefreshAndWritesAreCounted) {
    const DramConfig c = load_dram_config("ddr4-2400");
    const TraceRunResult r = run_trace(c, generate_reference_trace("mix_2r1w", 5000));
    EXPECT_GT(r.summary.counters.commands[kRef], 0u);
    EXPECT_NEAR(r.metrics.energy.refresh,
                static_cast<double>(r.summary.counters.commands[kRef]) * (c.power.idd5b - c.power.idd3n) * c.power.vdd *
                    c.timing.nRFC * c.tck_ns() * 8 / 1000,
                1e-6);
    EXPECT_GT(r.metrics.energy.write, 0);
    EXPECT_EQ(r.summary.counters.active_cycles + r.summary.counters.precharged_cycles, r.summary.cycles);
}

}  // namespace
}  // namespace dramsweep::dram
