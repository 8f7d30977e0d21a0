// Rule R12 (docs/model.md): with controller.active_buffer=per_bank a request's ACT moves it out
// of its queue entry, into its bank's entry of the active buffer, so that the queue takes another
// request and the write-drain thresholds count only the requests still queued.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "dram_test_util.hpp"
#include "dramsweep/dram/memory_system.hpp"
#include "dramsweep/engine/engine_params.hpp"

namespace dramsweep::dram {
namespace {

DramConfig one_entry_queues(const char* buffer) {
    return load_dram_config("ddr4-2400",
                            {"controller.read_queue=1", "controller.write_queue=1", "controller.write_high=1",
                             "controller.write_low=0", std::string("controller.active_buffer=") + buffer});
}

// Ticks from `from` until the system has issued `acts` ACTs; returns the clock after that tick.
std::uint64_t tick_until_acts(MemorySystem& m, std::uint64_t from, std::uint64_t acts) {
    std::uint64_t now = from;
    while (m.counters_at(now).commands[kAct] < acts) {
        m.tick(now);
        ++now;
        if (now > from + 10000) {
            ADD_FAILURE() << "no ACT within 10,000 clocks";
            break;
        }
    }
    return now;
}

TEST(DramActiveBuffer, AnActivatedReadFreesItsQueueEntry) {
    for (const char* buffer : {"off", "per_bank"}) {
        SCOPED_TRACE(buffer);
        const DramConfig c = one_entry_queues(buffer);
        MemorySystem m(c);
        const std::uint64_t bank0 = testing::ro_ba_co_address(c, 0, 0, 0, 0);
        const std::uint64_t bank1 = testing::ro_ba_co_address(c, 0, 1, 0, 0);
        ASSERT_TRUE(m.offer(bank0, false, 0, 0));
        EXPECT_FALSE(m.offer(bank1, false, 1, 0)) << "the one entry is taken";
        const std::uint64_t now = tick_until_acts(m, 0, 1);
        // The RD of the first read is not legal before tRCD: it is still activated, not served.
        ASSERT_EQ(m.counters_at(now).commands[kRd], 0u);
        const bool frees = std::string(buffer) == "per_bank";
        EXPECT_EQ(m.offer(bank1, false, 1, now), frees);
        if (frees) {
            // Both reads are served: the second one's ACT follows the first's within tRRD.
            std::uint64_t t = now;
            while (m.counters_at(t).commands[kRd] < 2 && t < now + 10000) m.tick(t++);
            EXPECT_EQ(m.counters_at(t).commands[kRd], 2u);
            EXPECT_EQ(m.counters_at(t).commands[kAct], 2u);
        }
    }
}

TEST(DramActiveBuffer, WriteDrainCountsOnlyTheWritesStillQueued) {
    // write_high 1: one queued write starts a drain, during which reads wait. With the buffer an
    // activated write no longer counts: the drain ends at its ACT, and a read that arrives then
    // has its ACT (tRRD_S later) before the write's WR (tRCD after its ACT). Without it the read
    // waits for the WR.
    for (const char* buffer : {"off", "per_bank"}) {
        SCOPED_TRACE(buffer);
        const DramConfig c = one_entry_queues(buffer);
        MemorySystem m(c);
        ASSERT_TRUE(m.offer(testing::ro_ba_co_address(c, 0, 0, 0, 0), true, 0, 0));
        const std::uint64_t now = tick_until_acts(m, 0, 1);
        ASSERT_TRUE(m.offer(testing::ro_ba_co_address(c, 1, 0, 0, 0), false, 1, now));
        std::uint64_t t = now;
        while (m.counters_at(t).commands[kAct] < 2 && t < now + 10000) m.tick(t++);
        ASSERT_EQ(m.counters_at(t).commands[kAct], 2u);
        EXPECT_EQ(m.counters_at(t).commands[kWr], std::string(buffer) == "per_bank" ? 0u : 1u)
            << "WRs issued before the read's ACT";
    }
}

TEST(DramActiveBuffer, TheBatchedEnginesRefuseMoreThanSixtyFourEntriesNamingTheField) {
    const DramConfig c = load_dram_config("ddr5-4800", {"org.ranks=2", "controller.active_buffer=per_bank"});
    ASSERT_EQ(c.org.banks_per_channel(), 64u);
    const std::string reason = engine::engine_unsupported_reason(c, 1000);
    EXPECT_NE(reason.find("controller.active_buffer"), std::string::npos) << reason;
}

}  // namespace
}  // namespace dramsweep::dram
