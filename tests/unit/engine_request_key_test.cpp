// The command choice as per-bank keys and a combine (engine/request_key.hpp, engine/bank_keys.hpp):
// on random queue states, folding the banks' keys in any order and any tree shape, and the
// warp's butterfly (a warp reduction, replayed here lane by lane), must pick the request a
// plain oldest-first scan of the queue picks (rules R4/R5 of docs/model.md), and bound the next
// event by the same clock. This is what makes the warp reduction trustworthy without a GPU.

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <random>
#include <vector>

#include "dramsweep/dram/config.hpp"
#include "dramsweep/engine/channel_step.hpp"
#include "dramsweep/engine/engine_params.hpp"

namespace dramsweep::engine {
namespace {

using channel_detail::Choice;

struct Scenario {
    EngineParams params{};
    std::unique_ptr<ChannelState> state = std::make_unique<ChannelState>();
    std::uint64_t now = 100;
    int q = 0;
};

// A random but consistent queue state: banks open or closed on a few rows, random bounds around
// `now`, requests on a few banks and rows with shuffled ages, sometimes a pending refresh.
Scenario random_scenario(std::mt19937_64& rng, const dram::DramConfig& config) {
    auto pick = [&](std::uint64_t n) { return static_cast<std::uint32_t>(rng() % n); };
    Scenario sc;
    EngineParams& p = sc.params;
    p = make_engine_params(config);
    p.scheduler = pick(4) == 0 ? dram::Scheduler::kFcfs : dram::Scheduler::kFrFcfs;
    p.row_hit_cap = pick(3) == 0 ? 0 : 1 + pick(4);
    ChannelState& s = *sc.state;
    channel_init(p, s);
    for (std::uint32_t b = 0; b < p.banks_per_channel; ++b) {
        dram::BankRecord& bank = s.banks[b];
        bank.open = pick(3) != 0 ? 1u : 0u;
        bank.row = pick(3);
        bank.hits_since_act = pick(6);
        for (const dram::Command c : kHotCommands) s.bank_earliest[b][c] = sc.now - 8 + pick(30);
    }
    for (std::uint32_t r = 0; r < p.ranks; ++r) {
        s.ranks[r].faw_bound = sc.now - 8 + pick(20);
        if (p.refresh != dram::RefreshMode::kOff && pick(5) == 0) {
            s.ranks[r].refresh_pending = 1;
            s.ranks[r].refresh_bank = pick(p.banks_per_rank);
            ++s.refresh_pending_ranks;
        }
    }
    s.write_mode = pick(2);
    sc.q = s.write_mode != 0 ? 1 : 0;
    // Requests crowd on a few banks so that banks hold hits and conflicts together.
    const std::uint32_t hot_banks = 1 + pick(std::min<std::uint32_t>(p.banks_per_channel, 12));
    std::vector<std::uint32_t> banks(hot_banks);
    for (std::uint32_t& b : banks) b = pick(p.banks_per_channel);
    for (int q = 0; q < 2; ++q) {
        const std::uint32_t count = pick(q == 0 ? p.read_queue + 1 : p.write_queue + 1);
        std::vector<std::uint32_t> seqs(count);
        for (std::uint32_t i = 0; i < count; ++i) seqs[i] = 1000 * static_cast<std::uint32_t>(q) + i;
        std::shuffle(seqs.begin(), seqs.end(), rng);
        for (std::uint32_t slot = 0; slot < count; ++slot) {
            const std::uint32_t bank = banks[pick(hot_banks)];
            s.queue[q][slot] = QueueEntry{0, seqs[slot], pick(3), bank, 0, 0, static_cast<std::uint8_t>(q), 0};
            s.used_slots[q] |= std::uint64_t{1} << slot;
            s.bank_slots[q][bank] |= std::uint64_t{1} << slot;
            s.waiting_banks[q] |= std::uint64_t{1} << bank;
        }
        s.held[q] = count;
        for (std::uint32_t b = 0; b < p.banks_per_channel; ++b) channel_detail::summarize_bank(s, q, b);
    }
    return sc;
}

struct Expected {
    bool found = false;
    Choice choice{dram::kAct, 0, -1, 0};
    std::uint64_t next = kNever;
};

// Rules R4/R5 as docs/model.md states them, request by request, oldest first: no summaries,
// no keys.
Expected oldest_first_scan(const Scenario& sc) {
    const EngineParams& p = sc.params;
    const ChannelState& s = *sc.state;
    const int q = sc.q;
    const bool frfcfs = p.scheduler == dram::Scheduler::kFrFcfs;
    std::vector<std::uint32_t> slots;
    for (std::uint32_t slot = 0; slot < kMaxQueue; ++slot)
        if ((s.used_slots[q] >> slot) & 1u) slots.push_back(slot);
    std::sort(slots.begin(), slots.end(),
              [&](std::uint32_t a, std::uint32_t b) { return s.queue[q][a].seq < s.queue[q][b].seq; });
    Expected out;
    int best_hit = -1, best_any = -1;
    for (const std::uint32_t slot : slots) {
        const QueueEntry& e = s.queue[q][slot];
        if (channel_detail::bank_blocked_by_refresh(p, s, e.bank)) continue;
        const dram::BankRecord& bank = s.banks[e.bank];
        std::uint32_t hits = 0, others = 0;
        for (const std::uint32_t other : slots) {
            const QueueEntry& o = s.queue[q][other];
            if (o.bank == e.bank) ++((bank.open != 0 && o.row == bank.row) ? hits : others);
        }
        const bool cap_reached = dram::rules::row_hit_cap_reached(p.row_hit_cap, bank.hits_since_act);
        const dram::Command cmd = channel_detail::command_for(s, e);
        if (cmd == dram::kPre &&
            !dram::rules::precharge_allowed(frfcfs, hits, cap_reached, bank.activated != 0))
            continue;
        const std::uint64_t at = channel_detail::earliest(p, s, cmd, e.bank);
        if (at > sc.now) {
            out.next = std::min(out.next, at);
            continue;
        }
        if (best_any < 0) best_any = static_cast<int>(slot);
        if (dram::is_column(cmd) && best_hit < 0 && dram::rules::hit_has_priority(cap_reached, others))
            best_hit = static_cast<int>(slot);
    }
    const int chosen = frfcfs && best_hit >= 0 ? best_hit : best_any;
    if (chosen >= 0) {
        out.found = true;
        const QueueEntry& e = s.queue[q][static_cast<std::uint32_t>(chosen)];
        out.choice = {channel_detail::command_for(s, e), e.bank, chosen, q};
    }
    return out;
}

std::vector<RequestKey> bank_keys(const Scenario& sc) {
    std::vector<RequestKey> keys;
    for (std::uint32_t b = 0; b < sc.params.banks_per_channel; ++b)
        if ((sc.state->waiting_banks[sc.q] >> b) & 1u)
            keys.push_back(channel_detail::bank_request_key(sc.params, *sc.state, sc.q, sc.now, b));
    return keys;
}

// Folds pairs drawn at random until one key is left: every tree shape and order can occur.
RequestKey fold_random_tree(std::vector<RequestKey> keys, std::mt19937_64& rng) {
    if (keys.empty()) return kNoRequestKey;
    while (keys.size() > 1) {
        const std::size_t i = rng() % keys.size();
        const RequestKey a = keys[i];
        keys.erase(keys.begin() + static_cast<std::ptrdiff_t>(i));
        const std::size_t j = rng() % keys.size();
        keys[j] = rng() % 2 == 0 ? combine(a, keys[j]) : combine(keys[j], a);
    }
    return keys.front();
}

// The kernel's warp_request_key, lane by lane: lane L owns banks L and L + 32, then five
// butterfly rounds of __shfl_xor_sync. Returns lane `reader`'s key (every lane ends equal).
RequestKey fold_like_the_warp(const Scenario& sc, std::uint32_t reader) {
    constexpr std::uint32_t kLanes = 32;
    std::vector<RequestKey> lane(kLanes, kNoRequestKey);
    for (std::uint32_t l = 0; l < kLanes; ++l)
        for (std::uint32_t b = l; b < kMaxBanksPerChannel; b += kLanes)
            if ((sc.state->waiting_banks[sc.q] >> b) & 1u)
                lane[l] = combine(lane[l], channel_detail::bank_request_key(sc.params, *sc.state, sc.q, sc.now, b));
    for (std::uint32_t offset = kLanes / 2; offset > 0; offset /= 2) {
        std::vector<RequestKey> after(kLanes);
        for (std::uint32_t l = 0; l < kLanes; ++l) after[l] = combine(lane[l], lane[l ^ offset]);
        lane = after;
    }
    return lane[reader];
}

void expect_choice(const Scenario& sc, const RequestKey& key, const Expected& want, const char* how) {
    ChannelState copy = *sc.state;
    copy.next_event = kNever;
    Choice got{dram::kAct, 0, -1, 0};
    const bool found = channel_detail::take_request(sc.params, copy, key, got);
    ASSERT_EQ(found, want.found) << how;
    EXPECT_EQ(copy.next_event, want.next) << how;
    if (!found) return;
    EXPECT_EQ(got.command, want.choice.command) << how;
    EXPECT_EQ(got.bank, want.choice.bank) << how;
    EXPECT_EQ(got.request, want.choice.request) << how;
}

TEST(EngineRequestKey, AnyFoldOfBankKeysPicksTheOldestFirstScansRequest) {
    std::mt19937_64 rng(20261121);
    const std::vector<dram::DramConfig> configs = {
        dram::load_dram_config("ddr4-2400"), dram::load_dram_config("ddr4-2400", {"org.ranks=4"}),
        dram::load_dram_config("ddr5-4800", {"org.ranks=2", "controller.read_queue=64"}),
        dram::load_dram_config("hbm2", {"controller.refresh=per_bank"})};
    int chosen = 0;
    for (int round = 0; round < 4000; ++round) {
        const Scenario sc = random_scenario(rng, configs[static_cast<std::size_t>(round) % configs.size()]);
        const Expected want = oldest_first_scan(sc);
        chosen += want.found ? 1 : 0;
        std::vector<RequestKey> keys = bank_keys(sc);
        std::shuffle(keys.begin(), keys.end(), rng);
        RequestKey left = kNoRequestKey;
        for (const RequestKey& k : keys) left = combine(left, k);
        expect_choice(sc, left, want, "shuffled left fold");
        expect_choice(sc, fold_random_tree(keys, rng), want, "random tree");
        expect_choice(sc, fold_like_the_warp(sc, static_cast<std::uint32_t>(rng() % 32)), want, "warp butterfly");
        // And the host engine's own loop (choose_request), which the differential suite runs.
        ChannelState copy = *sc.state;
        copy.next_event = kNever;
        Choice got{dram::kAct, 0, -1, 0};
        ASSERT_EQ(
            channel_detail::choose_request<dram::rules::BusFilter::kAnyBus>(sc.params, copy, sc.now, got),
            want.found);
        EXPECT_EQ(copy.next_event, want.next);
        if (want.found) {
            EXPECT_EQ(got.request, want.choice.request);
        }
        if (testing::Test::HasFailure()) FAIL() << "round " << round;
    }
    // The random states must exercise both outcomes, or the test proves little.
    EXPECT_GT(chosen, 1000);
    EXPECT_LT(chosen, 3900);
}

TEST(EngineRequestKey, CombineIsAMinimumWithAnIdentity) {
    const RequestKey a{pack_candidate(7, 3), pack_candidate(5, 1), 120};
    const RequestKey b{kNoCandidate, pack_candidate(5, 2), 110};
    const RequestKey ab = combine(a, b);
    EXPECT_EQ(ab.hit, a.hit);
    EXPECT_EQ(ab.any, pack_candidate(5, 1));  // same age cannot happen; the lower bank would win
    EXPECT_EQ(ab.next, 110u);
    const RequestKey ba = combine(b, a);
    EXPECT_EQ(ba.hit, ab.hit);
    EXPECT_EQ(ba.any, ab.any);
    EXPECT_EQ(ba.next, ab.next);
    const RequestKey same = combine(a, kNoRequestKey);
    EXPECT_EQ(same.hit, a.hit);
    EXPECT_EQ(same.any, a.any);
    EXPECT_EQ(same.next, a.next);
    EXPECT_LT(pack_candidate(4, 63), pack_candidate(5, 0));  // age before bank
    EXPECT_EQ(candidate_seq(pack_candidate(4, 63)), 4u);
    EXPECT_EQ(candidate_bank(pack_candidate(4, 63)), 63u);
}

}  // namespace
}  // namespace dramsweep::engine
