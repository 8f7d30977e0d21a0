// The DRAM model against the established simulators' numbers (../shared/reference/dram/README.md)
// on 100,000-request prefixes of the reference traces (20,000 for the unloaded "-lat1" runs, as
// in the reference). docs/validation.md shows the full 1M-request runs side by side.

#include <gtest/gtest.h>

#include "dramsweep/dram/config.hpp"
#include "dramsweep/dram/trace.hpp"

namespace dramsweep::dram {
namespace {

constexpr std::size_t kPrefix = 100'000;

TraceRunResult run_reference(const std::string& trace, std::size_t count, std::vector<std::string> sets = {},
                             std::uint64_t max_outstanding = 0, const std::string& preset = "ddr4-2400") {
    // The reference configuration: 1 channel, 1 rank, 32-entry queues, open page, FR-FCFS, RoBaRaCoCh.
    std::vector<std::string> all = {"controller.read_queue=32", "controller.write_queue=32",
                                    "controller.page_policy=open", "controller.scheduler=frfcfs"};
    if (preset == "ddr4-2400") all.push_back("mapping=RoBaRaCoCh");
    all.insert(all.end(), sets.begin(), sets.end());
    const DramConfig config = load_dram_config(preset, all);
    TraceRunOptions options;
    options.max_outstanding = max_outstanding;
    return run_trace(config, generate_reference_trace(trace, count), options);
}

double relative_error(double ours, double theirs) { return std::abs(ours - theirs) / theirs; }

TEST(DramReference, RandomReadsDrainLikeRamulator2) {
    const TraceRunResult r = run_reference("rand_read", kPrefix);
    // Ramulator 2: 6,847,272 clocks for 1M requests; the prefix drains in a tenth, within 2 %.
    EXPECT_LT(relative_error(static_cast<double>(r.summary.cycles) * 10.0, 6'847'272.0), 0.02) << r.summary.cycles;
    EXPECT_LT(relative_error(r.metrics.bandwidth_gbps, 11.22), 0.02) << r.metrics.bandwidth_gbps;
    EXPECT_LT(r.metrics.row_hit_rate, 0.001);
}

TEST(DramReference, WithRamulator2sActiveBufferRandomReadsWaitAsLongAsInRamulator2) {
    // Rule R12: Ramulator 2 moves an activated request out of its read queue, so the queue holds
    // 32 requests besides the activated ones and each waits longer (Little's law) at the same
    // drain rate. Its mean, 255.1 clocks, is matched with the active buffer and not without it.
    const TraceRunResult off = run_reference("rand_read", kPrefix, {"controller.active_buffer=off"});
    const TraceRunResult buffered =
        run_reference("rand_read", kPrefix, {"controller.active_buffer=per_bank"});
    EXPECT_LT(relative_error(buffered.metrics.avg_read_latency_cycles, 255.1), 0.01)
        << buffered.metrics.avg_read_latency_cycles;
    EXPECT_GT(relative_error(off.metrics.avg_read_latency_cycles, 255.1), 0.05)
        << off.metrics.avg_read_latency_cycles;
    EXPECT_LT(relative_error(static_cast<double>(buffered.summary.cycles) * 10.0, 6'847'272.0), 0.02);
}

TEST(DramReference, SequentialReadsDrainLikeRamulator2InsideTheSimulatorsSpread) {
    const TraceRunResult r = run_reference("seq_read", kPrefix);
    // Ramulator 2: 5,353,205 clocks for 1M requests; the prefix drains in a tenth, within 2 %.
    EXPECT_LT(relative_error(static_cast<double>(r.summary.cycles) * 10.0, 5'353'205.0), 0.02) << r.summary.cycles;
    EXPECT_GE(r.metrics.bandwidth_gbps, 13.4);
    EXPECT_LE(r.metrics.bandwidth_gbps, 15.1);
    EXPECT_NEAR(r.metrics.row_hit_rate, 0.991, 0.002);
}

TEST(DramReference, SequentialReadsOverBankGroupsReachPeakLessRefresh) {
    const TraceRunResult r = run_reference("seq_read", kPrefix, {"mapping=RoRaBaCoBgCh"});
    const DramConfig c = load_dram_config("ddr4-2400");
    const double peak = 64.0 / (c.timing.nCCD_S * c.tck_ns());  // 19.2 GB/s
    const double refresh_share = static_cast<double>(c.timing.nRFC) / c.timing.nREFI;
    EXPECT_GE(r.metrics.bandwidth_gbps, 0.95 * peak * (1.0 - refresh_share)) << r.metrics.bandwidth_gbps;
}

TEST(DramReference, UnloadedLatencyRowHitAndRowMiss) {
    // Per request: a row hit is CL + BL/2 + 2 = 22 clocks, a row conflict tRP + tRCD + CL + BL/2 + 2 = 54.
    const TraceRunResult hit = run_reference("seq_read", 20'000, {}, 1);
    const TraceRunResult miss = run_reference("rand_read", 20'000, {}, 1);
    EXPECT_EQ(hit.summary.read_latency.p50, 22u);
    EXPECT_EQ(miss.summary.read_latency.p50, 54u);
    // Total clocks include the refreshes the requests wait for: DRAMsim3 reports 464,406 and 1,106,783.
    EXPECT_LT(relative_error(static_cast<double>(hit.summary.cycles), 464'406.0), 0.02) << hit.summary.cycles;
    EXPECT_LT(relative_error(static_cast<double>(miss.summary.cycles), 1'106'783.0), 0.02) << miss.summary.cycles;
}

TEST(DramReference, UnloadedLatencyInRamulator2sReadReturnConvention) {
    // Ramulator 2 hands read data back at the clock of the last beat, one clock before the
    // default (DRAMsim3's): in its convention the means, refresh waits included, are within half
    // a clock of its 22.2 and 54.2, and the clocks within 0.5 % of its 443,906 and 1,084,846.
    const std::vector<std::string> r2 = {"controller.read_return=last_beat"};
    const TraceRunResult hit = run_reference("seq_read", 20'000, r2, 1);
    const TraceRunResult miss = run_reference("rand_read", 20'000, r2, 1);
    EXPECT_NEAR(hit.metrics.avg_read_latency_cycles, 22.2, 0.5);
    EXPECT_NEAR(miss.metrics.avg_read_latency_cycles, 54.2, 0.5);
    EXPECT_LT(relative_error(static_cast<double>(hit.summary.cycles), 443'906.0), 0.005)
        << hit.summary.cycles;
    EXPECT_LT(relative_error(static_cast<double>(miss.summary.cycles), 1'084'846.0), 0.005)
        << miss.summary.cycles;
    // The default convention takes one clock more per read, nothing else.
    const TraceRunResult hit_default = run_reference("seq_read", 20'000, {}, 1);
    EXPECT_EQ(hit_default.summary.read_latency.p50, hit.summary.read_latency.p50 + 1);
}

TEST(DramReference, MixedReadsAndWritesAreBoundByActivationsAndTurnarounds) {
    // No simulator numbers for this trace: the check is against the model's own bounds. Random
    // reads are tFAW-bound (11.8 GB/s less refresh); the write drains add bus turnarounds, so the
    // mix lands below that but above 90 % of it.
    const TraceRunResult r = run_reference("mix_2r1w", kPrefix);
    const DramConfig c = load_dram_config("ddr4-2400");
    const double faw_bound = 4 * 64.0 / (c.timing.nFAW * c.tck_ns()) * (1.0 - double(c.timing.nRFC) / c.timing.nREFI);
    EXPECT_EQ(r.summary.counters.reads + r.summary.counters.writes, kPrefix);
    EXPECT_NEAR(static_cast<double>(r.summary.counters.writes) / kPrefix, 1.0 / 3.0, 0.01);
    EXPECT_LT(r.metrics.bandwidth_gbps, faw_bound);
    EXPECT_GT(r.metrics.bandwidth_gbps, 0.90 * faw_bound) << r.metrics.bandwidth_gbps << " vs " << faw_bound;
    // Rule R11: no activation is thrown away by a write-drain switch or a refresh, so every ACT
    // serves its request (random addresses: no conflict finds its row opened for another).
    EXPECT_EQ(r.summary.counters.commands[kAct],
              r.summary.counters.row_misses + r.summary.counters.row_conflicts);
}

TEST(DramReference, Hbm2PseudoChannelRandomReadsAreFawBound) {
    // One HBM2 pseudo-channel: 4 ACTs per tFAW, 32 B each, less refresh; the queue keeps it above 90 %.
    const std::vector<std::string> one = {"controller.queues=per_channel", "org.ranks=1"};
    const TraceRunResult r = run_reference("rand_read", kPrefix, one, 0, "hbm2");
    const DramConfig c = load_dram_config("hbm2", one);
    const double bound = 4.0 * c.org.burst_bytes() / (c.timing.nFAW * c.tck_ns()) *
                         (1.0 - double(c.timing.nRFC) / c.timing.nREFI);
    EXPECT_LT(r.metrics.bandwidth_gbps, bound);
    EXPECT_GT(r.metrics.bandwidth_gbps, 0.90 * bound) << r.metrics.bandwidth_gbps << " vs " << bound;
}

TEST(DramReference, Hbm2LegacyChannelRandomReadsAreBoundByOneCommandPerClock) {
    // Both pseudo-channels of a legacy channel under one controller with a single command bus.
    // Their two tFAW windows allow 8 ACTs per tFAW, but each random read needs PRE, ACT and RD on
    // the one command bus, which binds first (docs/dram.md, "HBM pseudo-channels").
    const std::vector<std::string> one_bus = {"controller.command_buses=one"};
    const TraceRunResult r = run_reference("rand_read", kPrefix, one_bus, 0, "hbm2");
    const DramConfig c = load_dram_config("hbm2", one_bus);
    std::uint64_t commands = 0;
    for (int k = 0; k < kNumCommands; ++k) commands += r.summary.counters.commands[k];
    const double bus_busy = static_cast<double>(commands) / static_cast<double>(r.summary.cycles);
    EXPECT_GT(bus_busy, 0.80) << commands << " commands in " << r.summary.cycles << " clocks";
    const double refresh_share = double(c.timing.nRFC) / c.timing.nREFI;
    const double one_pseudo_channel_faw = 4.0 * c.org.burst_bytes() / (c.timing.nFAW * c.tck_ns()) * (1.0 - refresh_share);
    EXPECT_GT(r.metrics.bandwidth_gbps, 1.2 * one_pseudo_channel_faw) << "the second pseudo-channel adds";
    EXPECT_LT(r.metrics.bandwidth_gbps, 2.0 * one_pseudo_channel_faw);
    const double per_request = static_cast<double>(commands) / kPrefix;  // PRE + ACT + RD, and refreshes
    EXPECT_LT(r.metrics.bandwidth_gbps, c.org.burst_bytes() / (per_request * c.tck_ns()));
}

TEST(DramReference, Hbm2RowAndColumnBusesLiftTheOneCommandPerClockBound) {
    // The preset's row and column buses (R13): PRE and ACT on the row bus, RD on the column bus,
    // so the bound of one command per clock no longer holds; the two pseudo-channels' tFAW windows
    // and the row bus (two row commands per request) still do.
    const TraceRunResult one =
        run_reference("rand_read", kPrefix, {"controller.command_buses=one"}, 0, "hbm2");
    const TraceRunResult two = run_reference("rand_read", kPrefix, {}, 0, "hbm2");
    const DramConfig c = load_dram_config("hbm2");
    ASSERT_EQ(c.controller.command_buses, CommandBuses::kRowColumn) << "the preset's default";
    std::uint64_t commands = 0, row_commands = 0;
    for (int k = 0; k < kNumCommands; ++k) {
        commands += two.summary.counters.commands[k];
        if (!is_column(static_cast<Command>(k))) row_commands += two.summary.counters.commands[k];
    }
    EXPECT_GT(commands, two.summary.cycles) << "more commands than clocks";
    EXPECT_LE(row_commands, two.summary.cycles);
    EXPECT_GT(two.metrics.bandwidth_gbps, 1.15 * one.metrics.bandwidth_gbps)
        << two.metrics.bandwidth_gbps << " vs " << one.metrics.bandwidth_gbps;
    const double refresh_share = double(c.timing.nRFC) / c.timing.nREFI;
    const double two_pseudo_channels_faw =
        2 * 4.0 * c.org.burst_bytes() / (c.timing.nFAW * c.tck_ns()) * (1.0 - refresh_share);
    EXPECT_LT(two.metrics.bandwidth_gbps, two_pseudo_channels_faw);
}

TEST(DramReference, Hbm3LegacyChannelRandomReadsGainFromTheActiveBuffer) {
    // Two pseudo-channels (32 banks) share one 32-entry read queue: without the active buffer the
    // requests waiting for their RD after an ACT fill it and hold the bandwidth down (docs/validation.md).
    const TraceRunResult off =
        run_reference("rand_read", kPrefix, {"controller.active_buffer=off"}, 0, "hbm3");
    const TraceRunResult preset = run_reference("rand_read", kPrefix, {}, 0, "hbm3");
    ASSERT_EQ(load_dram_config("hbm3").controller.active_buffer, ActiveBuffer::kPerBank)
        << "the preset's default";
    EXPECT_GT(preset.metrics.bandwidth_gbps, 1.04 * off.metrics.bandwidth_gbps)
        << preset.metrics.bandwidth_gbps << " vs " << off.metrics.bandwidth_gbps;
}

TEST(DramReference, SkippingIdleClocksChangesNothing) {
    // Every page policy; per-bank refresh (refreshes waiting for activated requests, R11), strict
    // FCFS with the open policy, and both places an activated request waits (R12: an ACT can end a
    // write drain).
    const std::vector<std::vector<std::string>> variants = {
        {"controller.active_buffer=per_bank", "controller.write_high=8", "controller.write_low=2"},
        {"controller.active_buffer=off"},
        {"controller.page_policy=open"},
        {"controller.page_policy=closed"},
        {"controller.page_policy=timeout", "controller.page_timeout=40"},
        {"controller.page_policy=close_after", "controller.close_after=3"},
        {"controller.refresh=per_bank"},
        {"controller.scheduler=strict_fcfs"},
        {"controller.command_buses=one"}};
    for (const char* preset : {"ddr4-2400", "hbm2", "lpddr4-3200"}) {
        for (const std::vector<std::string>& sets : variants) {
            if (sets[0] == "controller.refresh=per_bank" && load_dram_config(preset).timing.nRFCpb == 0)
                continue;
            const std::string policy = sets[0];
            for (const char* trace : {"mix_2r1w", "seq_read"}) {
                const DramConfig c = load_dram_config(preset, sets);
                const auto requests = generate_reference_trace(trace, 10'000);
                TraceRunOptions stepped;
                stepped.skip_idle_cycles = false;
                CommandLog log_a, log_b;
                TraceRunOptions skipping;
                skipping.log = &log_a;
                stepped.log = &log_b;
                const TraceRunResult a = run_trace(c, requests, skipping), b = run_trace(c, requests, stepped);
                ASSERT_EQ(a.summary.cycles, b.summary.cycles) << preset << " " << policy << " " << trace;
                ASSERT_EQ(log_a.size(), log_b.size());
                for (std::size_t i = 0; i < log_a.size(); ++i) {
                    ASSERT_EQ(log_a[i].cycle, log_b[i].cycle) << i;
                    ASSERT_EQ(log_a[i].command, log_b[i].command) << i;
                }
                EXPECT_EQ(a.summary.read_latency, b.summary.read_latency);
                EXPECT_LT(a.ticks, b.ticks);
            }
        }
    }
}

}  // namespace
}  // namespace dramsweep::dram
