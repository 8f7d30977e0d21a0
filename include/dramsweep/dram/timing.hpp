#pragma once
// DRAM commands, timing parameters and the constraint table derived from them.
//
// This header is the single definition of the timing rules. The CPU reference controller and the
// batched engines (host and CUDA) all call derive_constraints(), so a rule changed here changes
// everywhere. Plain data only: no STL, no virtuals, no floating point, integers in DRAM clocks.
//
// Scope of a pair (previous command P, next command N) on one channel:
//   SameBank      the same bank, or either command is rank-wide (PREA, REF) and the ranks match;
//   SameBankGroup another bank of the same bank group;
//   SameRank      a bank of another bank group of the same rank;
//   OtherRank     any bank of another rank on the same channel.
// min_gap[P][N][scope] is the effective minimum distance in clocks between issuing P and N
// (0 = unconstrained besides the one-command-per-clock rule). The table is already "closed":
// a value for a narrower scope is never below the value for a wider one, so a controller may
// keep the latest bound per bank and take a single maximum.
// tFAW is not a pair rule; it is carried separately (faw_clocks, at most 4 ACTs in a window).

#include <cstdint>

#include "dramsweep/common/hd.hpp"

namespace dramsweep::dram {

enum Command : std::uint8_t {
    kAct = 0,
    kPre,
    kPrea,
    kRd,
    kWr,
    kRda,
    kWra,
    kRef,    // all-bank refresh of one rank
    kRefPb,  // per-bank refresh (LPDDR4/5 REFpb, DDR5 REFsb, HBM REFSB)
    kNumCommands
};

enum Scope : std::uint8_t { kSameBank = 0, kSameBankGroup, kSameRank, kOtherRank, kNumScopes };

// The JEDEC names ("ACT", ...), and the names of their counters in reports ("commands.ACT").
DRAMSWEEP_HD inline const char* command_name(Command c) {
    constexpr const char* kNames[kNumCommands] = {"ACT", "PRE", "PREA", "RD", "WR", "RDA", "WRA", "REF", "REFpb"};
    return c < kNumCommands ? kNames[c] : "?";
}
DRAMSWEEP_HD inline const char* command_counter_name(Command c) {
    constexpr const char* kNames[kNumCommands] = {"commands.ACT", "commands.PRE", "commands.PREA",
                                                  "commands.RD",  "commands.WR",  "commands.RDA",
                                                  "commands.WRA", "commands.REF", "commands.REFpb"};
    return c < kNumCommands ? kNames[c] : "commands.?";
}

DRAMSWEEP_HD inline bool is_rank_command(Command c) { return c == kPrea || c == kRef; }
DRAMSWEEP_HD inline bool is_read(Command c) { return c == kRd || c == kRda; }
DRAMSWEEP_HD inline bool is_write(Command c) { return c == kWr || c == kWra; }
DRAMSWEEP_HD inline bool is_column(Command c) { return is_read(c) || is_write(c); }

// Timing parameters in DRAM clocks (tCK of the command clock). Field names follow JEDEC.
struct TimingParams {
    std::uint32_t nBL;      // clocks one burst occupies the data bus (BL / 2 for DDR data)
    std::uint32_t nCL;      // read latency (CL / RL)
    std::uint32_t nCWL;     // write latency (CWL / WL)
    std::uint32_t nRCD_RD;  // ACT to RD
    std::uint32_t nRCD_WR;  // ACT to WR (equal to nRCD_RD where the standard has one tRCD)
    std::uint32_t nRP;      // PRE to ACT (and PREA to ACT where nRPab is 0)
    std::uint32_t nRPab;    // PREA (all-bank precharge) to ACT or REF (0: nRP; LPDDR5's tRPab)
    std::uint32_t nRAS;     // ACT to PRE
    std::uint32_t nRC;      // ACT to ACT, same bank
    std::uint32_t nCCD_S;   // column to column, other bank group
    std::uint32_t nCCD_L;   // column to column, same bank group
    std::uint32_t nCCD_L_WR;  // write to write, same bank group (0: nCCD_L; DDR5's tCCD_L_WR)
    std::uint32_t nRRD_S;   // ACT to ACT, other bank group
    std::uint32_t nRRD_L;   // ACT to ACT, same bank group
    std::uint32_t nFAW;     // window holding at most four ACTs per rank
    std::uint32_t nWTR_S;   // end of write data to RD, other bank group
    std::uint32_t nWTR_L;   // end of write data to RD, same bank group
    std::uint32_t nRTP;     // RD to PRE
    std::uint32_t nWR;      // end of write data to PRE (write recovery)
    std::uint32_t nRFC;     // REF (all-bank) to any command of the rank
    std::uint32_t nRFCpb;   // REFpb to ACT of the same bank (0: no per-bank refresh)
    std::uint32_t nRREFD;   // REFpb to ACT or REFpb of another bank in the rank
    std::uint32_t nREFI;    // average all-bank refresh interval
    std::uint32_t nRTRS;    // rank-to-rank switch: idle clocks between bursts of two ranks
    std::uint32_t nRTW;     // extra idle clocks on the bus from read data to write data (preambles)
    std::uint32_t nACT_clocks;  // command clocks one ACT takes (0: one; 2: LPDDR5's ACT-1 + ACT-2)
};

// The precharge time after PREA, and the write-to-write distance within a bank group: their own
// parameters where the standard has them, else tRP and tCCD_L.
DRAMSWEEP_HD inline std::uint32_t all_bank_precharge_clocks(const TimingParams& p) {
    return p.nRPab != 0 ? p.nRPab : p.nRP;
}
DRAMSWEEP_HD inline std::uint32_t write_to_write_same_group_clocks(const TimingParams& p) {
    return p.nCCD_L_WR != 0 ? p.nCCD_L_WR : p.nCCD_L;
}

// Command clocks one ACT holds the command bus: two for a two-part ACT (ACT-1, then ACT-2 on the
// next clock), whose timings count from its second part.
DRAMSWEEP_HD inline std::uint32_t act_command_clocks(const TimingParams& p) {
    return p.nACT_clocks > 1 ? p.nACT_clocks : 1;
}

struct ConstraintTable {
    std::uint32_t min_gap[kNumCommands][kNumCommands][kNumScopes];
    std::uint32_t faw_clocks;  // nFAW: the fifth ACT of a rank waits for the first plus this
};

namespace detail {

DRAMSWEEP_HD inline std::uint32_t max_u32(std::uint32_t a, std::uint32_t b) { return a > b ? a : b; }

// Turnaround distances can come out negative (e.g. a write after a read on another rank when
// CWL > CL); the floor is one clock, the command bus itself.
DRAMSWEEP_HD inline std::uint32_t gap_at_least_one(std::int64_t v) {
    return v < 1 ? 1u : static_cast<std::uint32_t>(v);
}

// Sets a rule for one scope and every narrower one within the rank, keeping the larger value.
// OtherRank is not nested with the others: a rule for it applies to other ranks only.
DRAMSWEEP_HD inline void require(ConstraintTable& t, Command prev, Command next, Scope widest, std::uint32_t gap) {
    const int first = widest == kOtherRank ? static_cast<int>(kOtherRank) : 0;
    for (int s = first; s <= static_cast<int>(widest); ++s) {
        std::uint32_t& cell = t.min_gap[prev][next][s];
        cell = max_u32(cell, gap);
    }
}

}  // namespace detail

// Derives the full pairwise table from the parameters. Rules, in words, are in docs/model.md.
// `ranks_share_data_bus`: the ranks of a channel put their bursts on one data bus (column
// commands of two ranks keep their bursts apart, nRTRS between them); false where each rank-level
// unit has its own data bus (HBM pseudo-channels under one controller), so that only the command
// bus relates their column commands.
DRAMSWEEP_HD inline ConstraintTable derive_constraints(const TimingParams& p, bool ranks_share_data_bus) {
    using detail::require;
    ConstraintTable t{};
    for (int a = 0; a < kNumCommands; ++a)
        for (int b = 0; b < kNumCommands; ++b)
            for (int s = 0; s < kNumScopes; ++s) t.min_gap[a][b][s] = 0;
    t.faw_clocks = p.nFAW;

    const Command reads[2] = {kRd, kRda};
    const Command writes[2] = {kWr, kWra};
    const Command columns[4] = {kRd, kRda, kWr, kWra};
    const std::int64_t bl = p.nBL, cl = p.nCL, cwl = p.nCWL, rtrs = p.nRTRS;

    // Row commands within a bank: ACT -> column / PRE / ACT, PRE -> ACT.
    for (Command r : reads) require(t, kAct, r, kSameBank, p.nRCD_RD);
    for (Command w : writes) require(t, kAct, w, kSameBank, p.nRCD_WR);
    require(t, kAct, kPre, kSameBank, p.nRAS);
    require(t, kAct, kPrea, kSameBank, p.nRAS);
    require(t, kAct, kAct, kSameBank, p.nRC);
    const std::uint32_t rp_all = all_bank_precharge_clocks(p);
    require(t, kPre, kAct, kSameBank, p.nRP);
    require(t, kPrea, kAct, kSameBank, rp_all);
    // ACT to ACT of other banks.
    require(t, kAct, kAct, kSameBankGroup, p.nRRD_L);
    require(t, kAct, kAct, kSameRank, p.nRRD_S);

    // Column to PRE: read to precharge, write recovery.
    const std::uint32_t wr_to_pre = p.nCWL + p.nBL + p.nWR;
    for (Command r : reads) {
        require(t, r, kPre, kSameBank, p.nRTP);
        require(t, r, kPrea, kSameBank, p.nRTP);
    }
    for (Command w : writes) {
        require(t, w, kPre, kSameBank, wr_to_pre);
        require(t, w, kPrea, kSameBank, wr_to_pre);
    }
    // Auto-precharge: the bank is closed after the implied PRE plus tRP.
    require(t, kRda, kAct, kSameBank, p.nRTP + p.nRP);
    require(t, kWra, kAct, kSameBank, wr_to_pre + p.nRP);

    // Column to column in the same rank: tCCD, write-to-read (tWTR), read-to-write turnaround.
    for (Command a : columns) {
        for (Command b : columns) {
            const bool a_rd = is_read(a), b_rd = is_read(b);
            if (a_rd == b_rd) {
                require(t, a, b, kSameBankGroup, a_rd ? p.nCCD_L : write_to_write_same_group_clocks(p));
                require(t, a, b, kSameRank, p.nCCD_S);
                // Other rank: the data bursts must not touch; the bus idles nRTRS between ranks.
                if (ranks_share_data_bus) require(t, a, b, kOtherRank, static_cast<std::uint32_t>(bl + rtrs));
            } else if (a_rd) {  // read then write: read data must clear the bus before write data
                const std::uint32_t same = detail::gap_at_least_one(cl + bl + p.nRTW - cwl);
                require(t, a, b, kSameRank, same);
                if (ranks_share_data_bus)
                    require(t, a, b, kOtherRank, detail::gap_at_least_one(cl + bl + rtrs - cwl));
            } else {  // write then read
                require(t, a, b, kSameBankGroup, p.nCWL + p.nBL + p.nWTR_L);
                require(t, a, b, kSameRank, p.nCWL + p.nBL + p.nWTR_S);
                if (ranks_share_data_bus)
                    require(t, a, b, kOtherRank, detail::gap_at_least_one(cwl + bl + rtrs - cl));
            }
        }
    }

    // All-bank refresh: every bank closed and recovered before REF, nothing in the rank during tRFC.
    require(t, kPre, kRef, kSameBank, p.nRP);
    require(t, kPrea, kRef, kSameBank, rp_all);
    require(t, kRda, kRef, kSameBank, p.nRTP + p.nRP);
    require(t, kWra, kRef, kSameBank, wr_to_pre + p.nRP);
    require(t, kAct, kRef, kSameBank, p.nRC);
    for (int n = 0; n < kNumCommands; ++n) require(t, kRef, static_cast<Command>(n), kSameBank, p.nRFC);

    // Per-bank refresh: the bank is closed before it and unusable for nRFCpb after it; other
    // banks of the rank keep working but ACT/REFpb keep nRREFD away from it.
    if (p.nRFCpb != 0) {
        require(t, kPre, kRefPb, kSameBank, p.nRP);
        require(t, kPrea, kRefPb, kSameBank, rp_all);
        require(t, kRda, kRefPb, kSameBank, p.nRTP + p.nRP);
        require(t, kWra, kRefPb, kSameBank, wr_to_pre + p.nRP);
        require(t, kAct, kRefPb, kSameBank, p.nRC);
        require(t, kAct, kRefPb, kSameRank, p.nRRD_S);
        require(t, kRefPb, kAct, kSameBank, p.nRFCpb);
        require(t, kRefPb, kRefPb, kSameBank, p.nRFCpb);
        require(t, kRefPb, kAct, kSameRank, p.nRREFD);
        require(t, kRefPb, kRefPb, kSameRank, p.nRREFD);
        require(t, kRefPb, kRef, kSameBank, p.nRFCpb);
        require(t, kRef, kRefPb, kSameBank, p.nRFC);
    }

    // A two-part ACT is recorded at its first part. Its timings count from the second, one clock
    // later, and the second part holds the command bus (every bank, every rank) for that clock;
    // ACT to ACT is between first parts alike.
    const std::uint32_t act_clocks = act_command_clocks(p);
    if (act_clocks > 1)
        for (int n = 0; n < kNumCommands; ++n)
            for (int s = 0; s < kNumScopes; ++s) {
                std::uint32_t& cell = t.min_gap[kAct][n][s];
                if (n != kAct && cell != 0) cell += act_clocks - 1;
                cell = detail::max_u32(cell, act_clocks);
            }

    // Rank-wide commands relate to every bank of their rank as "same bank": make the narrower
    // scopes of the same rank equal so that any bank of the rank holds the rank's bound.
    for (int a = 0; a < kNumCommands; ++a) {
        for (int b = 0; b < kNumCommands; ++b) {
            if (!is_rank_command(static_cast<Command>(a)) && !is_rank_command(static_cast<Command>(b))) continue;
            std::uint32_t v = 0;
            for (int s = 0; s < kOtherRank; ++s) v = detail::max_u32(v, t.min_gap[a][b][s]);
            for (int s = 0; s < kOtherRank; ++s) t.min_gap[a][b][s] = v;
        }
    }
    return t;
}

// Scope of two bank coordinates on one channel (rank-wide commands pass is_rank_wide = true).
DRAMSWEEP_HD inline Scope scope_of(std::uint32_t rank_a, std::uint32_t group_a, std::uint32_t bank_a,
                                   std::uint32_t rank_b, std::uint32_t group_b, std::uint32_t bank_b,
                                   bool is_rank_wide) {
    if (rank_a != rank_b) return kOtherRank;
    if (is_rank_wide) return kSameBank;
    if (group_a != group_b) return kSameRank;
    return bank_a == bank_b ? kSameBank : kSameBankGroup;
}

}  // namespace dramsweep::dram
