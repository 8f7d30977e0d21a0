// The device channel's plan key (device/plan_key.hpp): on random sets of legal candidates, the
// least key must name the request the reference picks (an activated request first, R11; then
// dram::rules::pick_request, R4/R5, over the oldest hit with priority and the oldest request),
// and decode to that request's slot, command and queue.

#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>
#include <random>
#include <vector>

#include "dramsweep/device/plan_key.hpp"
#include "dramsweep/dram/rules.hpp"

namespace dramsweep::device {
namespace {

struct Candidate {
    std::uint32_t seq, slot;
    bool activated, hit, priority, write, open;
};

PlanCommand command_of(const Candidate& c) {
    if (c.activated || c.hit) return c.write ? kPlanWr : kPlanRd;
    return c.open ? kPlanPre : kPlanAct;
}

TEST(DevicePlanKey, TheLeastKeyIsTheReferencesChoice) {
    std::mt19937_64 rng(11);
    for (int round = 0; round < 20000; ++round) {
        const bool frfcfs = rng() % 2 == 0;
        const std::uint32_t planned_queue = static_cast<std::uint32_t>(rng() % 2);
        const std::size_t n = 1 + rng() % 12;
        // Unique sequence numbers over the whole range the key holds, unique slots below 64.
        std::vector<std::uint32_t> slots(64);
        std::iota(slots.begin(), slots.end(), 0u);
        std::shuffle(slots.begin(), slots.end(), rng);
        std::vector<Candidate> cands;
        std::vector<std::uint32_t> seqs;
        while (seqs.size() < n) {
            const auto s = static_cast<std::uint32_t>(rng() % kPlanSeqLimit);
            if (std::find(seqs.begin(), seqs.end(), s) == seqs.end()) seqs.push_back(s);
        }
        for (std::size_t i = 0; i < n; ++i) {
            Candidate c{seqs[i],        slots[i],       rng() % 6 == 0, rng() % 2 == 0,
                        rng() % 3 != 0, rng() % 2 == 0, rng() % 2 == 0};
            if (!c.activated && !c.hit) c.write = planned_queue != 0;
            cands.push_back(c);
        }
        // The reference's choice.
        std::uint32_t act = ~0u, hit = ~0u, any = ~0u;
        for (const Candidate& c : cands) {
            if (c.activated)
                act = std::min(act, c.seq);
            else {
                if (c.hit && c.priority) hit = std::min(hit, c.seq);
                any = std::min(any, c.seq);
            }
        }
        const std::uint32_t want = act != ~0u ? act : dram::rules::pick_request(frfcfs, hit, any, ~0u);
        // The keys' minimum.
        std::uint32_t best = kNoPlanKey;
        for (const Candidate& c : cands) {
            const PlanClass k = c.activated ? kPlanActivated
                                : c.hit     ? hit_class(frfcfs, c.priority)
                                            : kPlanAny;
            best = std::min(best, plan_key(k, c.seq, command_of(c), c.slot));
        }
        ASSERT_NE(best, kNoPlanKey);
        ASSERT_EQ(plan_key_seq(best), want) << "round " << round;
        const Candidate& chosen =
            *std::find_if(cands.begin(), cands.end(), [&](const Candidate& c) { return c.seq == want; });
        EXPECT_EQ(plan_key_slot(best), chosen.slot);
        EXPECT_EQ(plan_key_activated(best), chosen.activated);
        const PlanCommand pc = command_of(chosen);
        const dram::Command expected = pc == kPlanRd    ? dram::kRd
                                       : pc == kPlanWr  ? dram::kWr
                                       : pc == kPlanPre ? dram::kPre
                                                        : dram::kAct;
        EXPECT_EQ(plan_key_command(best), expected);
        EXPECT_EQ(plan_key_queue(best, planned_queue),
                  chosen.activated || chosen.hit ? (chosen.write ? 1u : 0u) : planned_queue);
    }
}

TEST(DevicePlanKey, NoKeyIsTheEmptyKey) {
    EXPECT_LT(plan_key(kPlanAny, kPlanSeqLimit - 1, kPlanAct, 63), kNoPlanKey);
}

}  // namespace
}  // namespace dramsweep::device
