// The protocol checker's rules, written from the JEDEC definitions (see the header for why they
// are not shared with the controller).

#include "dramsweep/dram/protocol_checker.hpp"

#include <algorithm>

namespace dramsweep::dram {
namespace {

enum class Relation { kSameBank, kSameGroup, kSameRank, kOtherRank };

bool reads(Command c) { return c == kRd || c == kRda; }
bool writes(Command c) { return c == kWr || c == kWra; }
bool precharges(Command c) { return c == kPre || c == kPrea; }

std::uint64_t at_least_one(std::int64_t v) { return v < 1 ? 1 : static_cast<std::uint64_t>(v); }

// Minimum clocks from `prev` to `next` for two commands in relation `rel`; 0 when unconstrained.
// Rank-wide commands (PREA, REF) are recorded against every bank of their rank.
// `shared_data_bus`: the ranks' bursts share one data bus (false: HBM pseudo-channels as the rank
// level, each with its own data bus; only the command bus relates their column commands).
std::uint64_t min_distance(const TimingParams& t, bool shared_data_bus, Command prev, Command next, Relation rel,
                           const char** name) {
    const bool same_rank = rel != Relation::kOtherRank;
    const bool bus_shared_with_other_rank = !same_rank && shared_data_bus;
    const bool same_bank = rel == Relation::kSameBank;
    const bool same_group = rel == Relation::kSameBank || rel == Relation::kSameGroup;
    const std::int64_t cl = t.nCL, cwl = t.nCWL, bl = t.nBL;
    std::uint64_t best = 0;
    auto rule = [&](bool applies, std::uint64_t gap, const char* n) {
        if (applies && gap > best) {
            best = gap;
            *name = n;
        }
    };
    const std::uint64_t write_recovery = t.nCWL + t.nBL + t.nWR;
    // Activation and precharge of one bank.
    rule(prev == kAct && next == kAct && same_bank, t.nRC, "tRC");
    rule(prev == kAct && next == kAct && same_group && !same_bank, t.nRRD_L, "tRRD_L");
    rule(prev == kAct && next == kAct && same_rank && !same_group, t.nRRD_S, "tRRD_S");
    rule(prev == kAct && reads(next) && same_bank, t.nRCD_RD, "tRCD (read)");
    rule(prev == kAct && writes(next) && same_bank, t.nRCD_WR, "tRCD (write)");
    rule(prev == kAct && precharges(next) && same_bank, t.nRAS, "tRAS");
    rule(prev == kPre && next == kAct && same_bank, t.nRP, "tRP");
    rule(prev == kPrea && next == kAct && same_bank, all_bank_precharge_clocks(t),
         "tRPab (all-bank precharge)");
    rule(reads(prev) && precharges(next) && same_bank, t.nRTP, "tRTP");
    rule(writes(prev) && precharges(next) && same_bank, write_recovery, "tWR");
    rule(prev == kRda && next == kAct && same_bank, t.nRTP + t.nRP, "tRTP + tRP (auto-precharge)");
    rule(prev == kWra && next == kAct && same_bank, write_recovery + t.nRP, "tWR + tRP (auto-precharge)");
    // Column commands sharing the data bus.
    const bool both_reads = reads(prev) && reads(next), both_writes = writes(prev) && writes(next);
    rule(both_reads && same_group, t.nCCD_L, "tCCD_L");
    rule(both_writes && same_group, write_to_write_same_group_clocks(t),
         t.nCCD_L_WR != 0 ? "tCCD_L_WR" : "tCCD_L");
    rule((both_reads || both_writes) && same_rank && !same_group, t.nCCD_S, "tCCD_S");
    rule((both_reads || both_writes) && bus_shared_with_other_rank, t.nBL + t.nRTRS, "tBL + tRTRS (rank switch)");
    rule(writes(prev) && reads(next) && same_group, t.nCWL + t.nBL + t.nWTR_L, "tWTR_L");
    rule(writes(prev) && reads(next) && same_rank && !same_group, t.nCWL + t.nBL + t.nWTR_S, "tWTR_S");
    rule(writes(prev) && reads(next) && bus_shared_with_other_rank, at_least_one(cwl + bl + t.nRTRS - cl), "write-to-read rank switch");
    rule(reads(prev) && writes(next) && same_rank, at_least_one(cl + bl + t.nRTW - cwl), "read-to-write turnaround");
    rule(reads(prev) && writes(next) && bus_shared_with_other_rank, at_least_one(cl + bl + t.nRTRS - cwl), "read-to-write rank switch");
    // All-bank refresh: the rank is idle and precharged around it.
    rule(prev == kRef && same_rank, t.nRFC, "tRFC");
    rule(next == kRef && prev == kPre && same_bank, t.nRP, "tRP before REF");
    rule(next == kRef && prev == kPrea && same_bank, all_bank_precharge_clocks(t), "tRPab before REF");
    rule(next == kRef && prev == kAct && same_bank, t.nRC, "tRC before REF");
    rule(next == kRef && prev == kRda && same_bank, t.nRTP + t.nRP, "tRTP + tRP before REF");
    rule(next == kRef && prev == kWra && same_bank, write_recovery + t.nRP, "tWR + tRP before REF");
    // Per-bank refresh.
    rule(prev == kRefPb && (next == kAct || next == kRefPb || next == kRef) && same_bank, t.nRFCpb, "tRFCpb");
    rule(prev == kRefPb && (next == kAct || next == kRefPb) && same_rank && !same_bank, t.nRREFD, "tRREFD");
    rule(next == kRefPb && prev == kPre && same_bank, t.nRP, "tRP before REFpb");
    rule(next == kRefPb && prev == kPrea && same_bank, all_bank_precharge_clocks(t), "tRPab before REFpb");
    rule(next == kRefPb && prev == kAct && same_bank, t.nRC, "tRC before REFpb");
    rule(next == kRefPb && prev == kAct && same_rank && !same_bank, t.nRRD_S, "tRRD before REFpb");
    rule(next == kRefPb && prev == kRda && same_bank, t.nRTP + t.nRP, "tRTP + tRP before REFpb");
    rule(next == kRefPb && prev == kWra && same_bank, write_recovery + t.nRP, "tWR + tRP before REFpb");
    // A two-part ACT (LPDDR5): logged at ACT-1, ACT-2 on the next clock. The rules above count
    // from ACT-2 (ACT to ACT from ACT-1 to ACT-1), and ACT-2 takes the command bus of the channel.
    if (prev == kAct && t.nACT_clocks == 2) {
        if (next != kAct && best != 0) ++best;
        rule(true, 2, "ACT-2 of a two-part ACT on the command bus");
    }
    return best;
}

}  // namespace

ProtocolChecker::ProtocolChecker(const DramConfig& config)
    : config_(config),
      banks_(static_cast<std::size_t>(config.org.channels) * config.org.banks_per_channel()),
      ranks_(static_cast<std::size_t>(config.org.channels) * config.org.ranks),
      channels_(config.org.channels),
      data_buses_(static_cast<std::size_t>(config.org.channels) *
                  (ranks_share_data_bus(config) ? 1 : config.org.ranks)) {
    for (BankState& b : banks_) std::fill(std::begin(b.last), std::end(b.last), kNone);
}

std::size_t ProtocolChecker::bank_index(std::uint32_t ch, std::uint32_t rank, std::uint32_t group,
                                        std::uint32_t bank) const {
    const Organization& o = config_.org;
    return ((static_cast<std::size_t>(ch) * o.ranks + rank) * o.bank_groups + group) * o.banks_per_group + bank;
}

std::uint64_t ProtocolChecker::earliest_legal(const CommandRecord& c, std::string* rule) const {
    const Organization& o = config_.org;
    const bool rank_wide = c.command == kPrea || c.command == kRef;
    std::uint64_t earliest = 0;
    const char* binding = "none";
    for (std::uint32_t r = 0; r < o.ranks; ++r)
        for (std::uint32_t g = 0; g < o.bank_groups; ++g)
            for (std::uint32_t b = 0; b < o.banks_per_group; ++b) {
                const BankState& x = banks_[bank_index(c.channel, r, g, b)];
                Relation rel = Relation::kOtherRank;
                if (r == c.rank) {
                    if (rank_wide || (g == c.bank_group && b == c.bank)) rel = Relation::kSameBank;
                    else rel = g == c.bank_group ? Relation::kSameGroup : Relation::kSameRank;
                }
                for (int p = 0; p < kNumCommands; ++p) {
                    if (x.last[p] == kNone) continue;
                    const char* name = "";
                    const std::uint64_t gap = min_distance(config_.timing, ranks_share_data_bus(config_), static_cast<Command>(p),
                                                          c.command, rel, &name);
                    if (gap != 0 && x.last[p] + gap > earliest) {
                        earliest = x.last[p] + gap;
                        binding = name;
                    }
                }
            }
    if (c.command == kAct) {
        const auto& acts = ranks_[static_cast<std::size_t>(c.channel) * o.ranks + c.rank].acts;
        if (acts.size() >= 4 && acts[acts.size() - 4] + config_.timing.nFAW > earliest) {
            earliest = acts[acts.size() - 4] + config_.timing.nFAW;
            binding = "tFAW";
        }
    }
    const std::uint64_t bus_last = channels_[c.channel].last_cycle[command_bus(c.command)];
    if (bus_last != kNone && bus_last + 1 > earliest) {
        earliest = bus_last + 1;
        binding = two_buses()
                      ? (is_column(c.command) ? "one column command per clock" : "one row command per clock")
                      : "one command per clock";
    }
    if (rule) *rule = binding;
    return earliest;
}

void ProtocolChecker::violation(const CommandRecord& c, const std::string& what) {
    if (violations_.size() >= 1000) return;
    violations_.push_back("clock " + std::to_string(c.cycle) + ": " + command_name(c.command) + " channel " +
                          std::to_string(c.channel) + " rank " + std::to_string(c.rank) + " group " +
                          std::to_string(c.bank_group) + " bank " + std::to_string(c.bank) + ": " + what);
}

// LPDDR5's WCK on demand: a RD or WR needs the WCK running, which it is through the last data
// beat of the rank's latest RD or WR; otherwise a CAS (WCK2CK sync) takes the command bus the clock
// before it. With the WCK always on no CAS is ever needed.
void ProtocolChecker::check_wck(const CommandRecord& c) {
    const bool on_demand = config_.controller.wck_sync == WckSync::kOnDemand;
    if (c.wck_sync && !on_demand) violation(c, "CAS (WCK2CK sync) although the WCK is always on");
    if (!on_demand || !is_column(c.command)) return;
    RankState& rank = ranks_[static_cast<std::size_t>(c.channel) * config_.org.ranks + c.rank];
    const std::uint64_t cas_clock = c.wck_sync ? c.cycle - 1 : c.cycle;
    const bool stopped = cas_clock >= rank.wck_runs_until;
    if (stopped && !c.wck_sync)
        violation(c, "column command while the WCK is stopped (since clock " +
                         std::to_string(rank.wck_runs_until) + ") without a CAS before it");
    if (!stopped && c.wck_sync) violation(c, "CAS (WCK2CK sync) while the WCK runs");
    if (c.wck_sync) {
        const ChannelState& ch = channels_[c.channel];
        const int bus = command_bus(c.command);
        const std::uint64_t bus_last = ch.last_cycle[bus];
        if (bus_last != kNone && bus_last >= cas_clock)
            violation(c, "the CAS at clock " + std::to_string(cas_clock) +
                             " shares the command bus with the command at " + std::to_string(bus_last));
        // A two-part ACT logged at bus_last holds the bus at bus_last + 1 with its second part.
        if (config_.timing.nACT_clocks == 2 && bus_last != kNone && bus_last + 1 == cas_clock &&
            ch.last_command[bus] == kAct)
            violation(c, "the CAS at clock " + std::to_string(cas_clock) + " meets ACT-2 of the ACT at " +
                             std::to_string(bus_last));
    }
    const std::uint64_t latency = is_read(c.command) ? config_.timing.nCL : config_.timing.nCWL;
    rank.wck_runs_until = std::max(rank.wck_runs_until, c.cycle + latency + config_.timing.nBL + 1);
}

void ProtocolChecker::feed(const CommandRecord& c) {
    const Organization& o = config_.org;
    const TimingParams& t = config_.timing;
    std::string rule;
    const std::uint64_t legal = earliest_legal(c, &rule);
    if (c.cycle < legal)
        violation(c, "issued before its earliest legal clock " + std::to_string(legal) + " (" + rule + ")");
    check_wck(c);

    // Bank state.
    const std::size_t first = bank_index(c.channel, c.rank, 0, 0);
    BankState& bank = banks_[bank_index(c.channel, c.rank, c.bank_group, c.bank)];
    switch (c.command) {
        case kAct:
            if (bank.open) violation(c, "ACT to an open bank");
            bank.open = true;
            bank.row = c.row;
            break;
        case kPre:
            if (!bank.open) violation(c, "PRE to a closed bank");
            bank.open = false;
            break;
        case kPrea:
            for (std::size_t i = first; i < first + o.banks_per_rank(); ++i) banks_[i].open = false;
            break;
        case kRd: case kWr: case kRda: case kWra:
            if (!bank.open) violation(c, "column command to a closed bank");
            else if (bank.row != c.row) violation(c, "column command to row " + std::to_string(c.row) +
                                                         " while row " + std::to_string(bank.row) + " is open");
            if (c.command == kRda || c.command == kWra) bank.open = false;
            break;
        case kRef:
            for (std::size_t i = first; i < first + o.banks_per_rank(); ++i)
                if (banks_[i].open) violation(c, "REF while a bank of the rank is open");
            ranks_[static_cast<std::size_t>(c.channel) * o.ranks + c.rank].refreshes.push_back(c.cycle);
            break;
        case kRefPb:
            if (bank.open) violation(c, "REFpb to an open bank");
            ranks_[static_cast<std::size_t>(c.channel) * o.ranks + c.rank].refreshes.push_back(c.cycle);
            break;
        default: break;
    }

    // Data bus: bursts on a bus never overlap, and a rank switch leaves tRTRS idle. The ranks of
    // a channel share its bus, except HBM pseudo-channels (the rank level), one bus each.
    ChannelState& ch = channels_[c.channel];
    if (is_column(c.command)) {
        const bool shared = ranks_share_data_bus(config_);
        DataBus& bus = data_buses_[shared ? c.channel : static_cast<std::size_t>(c.channel) * o.ranks + c.rank];
        const std::uint64_t start = c.cycle + (is_read(c.command) ? t.nCL : t.nCWL);
        if (bus.any_burst) {
            const std::uint64_t free_at = bus.burst_end + (bus.burst_rank != c.rank ? t.nRTRS : 0);
            if (start < free_at)
                violation(c, "data burst at clock " + std::to_string(start) + " collides with the bus busy until " +
                                 std::to_string(free_at));
        }
        bus.burst_end = std::max(bus.burst_end, start + t.nBL);
        bus.burst_rank = c.rank;
        bus.any_burst = true;
    }
    ch.last_cycle[command_bus(c.command)] = c.cycle;
    ch.last_command[command_bus(c.command)] = c.command;

    // Record.
    if (c.command == kPrea || c.command == kRef) {
        for (std::size_t i = first; i < first + o.banks_per_rank(); ++i) banks_[i].last[c.command] = c.cycle;
    } else {
        bank.last[c.command] = c.cycle;
    }
    if (c.command == kAct) {
        auto& acts = ranks_[static_cast<std::size_t>(c.channel) * o.ranks + c.rank].acts;
        acts.push_back(c.cycle);
        if (acts.size() > 8) acts.erase(acts.begin(), acts.begin() + 4);
    }
}

void ProtocolChecker::finish(std::uint64_t end) {
    if (config_.controller.refresh == RefreshMode::kOff) return;
    const std::uint64_t interval = config_.controller.refresh == RefreshMode::kPerBank
                                       ? config_.timing.nREFI / config_.org.banks_per_rank()
                                       : config_.timing.nREFI;
    for (std::size_t i = 0; i < ranks_.size(); ++i) {
        const auto& refs = ranks_[i].refreshes;
        const std::uint64_t needed = end / interval;
        if (refs.size() + 1 < needed)
            violations_.push_back("rank " + std::to_string(i) + ": " + std::to_string(refs.size()) +
                                  " refresh commands in " + std::to_string(end) + " clocks, at least " +
                                  std::to_string(needed - 1) + " needed");
        // JEDEC allows postponing up to eight refreshes: no gap may exceed nine intervals.
        for (std::size_t k = 1; k < refs.size(); ++k)
            if (refs[k] - refs[k - 1] > 9 * interval)
                violations_.push_back("rank " + std::to_string(i) + ": refresh gap of " +
                                      std::to_string(refs[k] - refs[k - 1]) + " clocks at clock " + std::to_string(refs[k]));
    }
}

std::vector<std::string> check_protocol(const DramConfig& config, const CommandLog& log) {
    ProtocolChecker checker(config);
    for (const CommandRecord& c : log) checker.feed(c);
    checker.finish(log.empty() ? 0 : log.back().cycle + 1);
    return checker.violations();
}

}  // namespace dramsweep::dram
