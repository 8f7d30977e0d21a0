#pragma once
// Loop blocking of a node's loop nest over its memory levels (docs/pim.md, "Evaluator"):
// nn_dataflow's LoopBlockingScheme rules, on exact integers.
//
// Each of the three loops (input channels, output channels, batch) is split into factors at
// three levels: t[0] outside the buffer (each iteration refills the buffer from DRAM), t[1]
// between buffer and register files, t[2] inside the register files. `order[level][loop]` is a
// loop's position at levels 0 and 1, 0 = innermost. A datum is refetched into a level once per
// iteration of the loops it does not depend on that enclose its innermost changing loop there.

#include <cstdint>

#include "dramsweep/common/hd.hpp"
#include "dramsweep/pim/loop_nest.hpp"

namespace dramsweep::pim {

struct LoopBlocking {
    std::int64_t t[3][kNumLoops] = {{1, 1, 1}, {1, 1, 1}, {1, 1, 1}};
    std::uint8_t order[2][kNumLoops] = {{0, 1, 2}, {0, 1, 2}};
};

enum class BlockingError : std::uint8_t {
    kNone,
    kFactorsDoNotMatchLoops,  // a loop's factors do not multiply to its trip count
    kBadOrder,                // an order is not a permutation
    kRegfOverflow,            // the register files cannot hold their data
    kGbufOverflow,            // the buffer cannot hold its data
};

struct BlockingStats {
    BlockingError error = BlockingError::kNone;
    std::int64_t fetch[2][kNumData] =
        {};                      // fills of the buffer from DRAM, of the register files from the buffer
    bool stored[kNumData] = {};  // kept in the buffer (else it bypasses it)
    bool filter_pinned = false;
    std::int64_t gbuf_words[kNumData] = {};  // buffer words of one node (partial sums at their width)
    std::int64_t regf_words[kNumData] = {};  // register-file words of one PE
    std::int64_t lcnt = 0;                   // product of all factors
};

// nn_dataflow's _set_fetch for one level.
DRAMSWEEP_HD inline void level_fetch(LayerModel model, const LoopBlocking& b, int level,
                                     const std::int64_t* outer, std::int64_t* out) {
    for (int d = 0; d < kNumData; ++d) {
        // Innermost non-trivial loop of the data at this level.
        int inner = -1;
        for (int x = 0; x < kNumLoops; ++x)
            if (is_data_loop(model, d, x) && b.t[level][x] > 1 &&
                (inner < 0 || b.order[level][x] < b.order[level][inner]))
                inner = x;
        if (inner < 0) {
            out[d] = level > 0 ? outer[d] : 1;
            continue;
        }
        std::int64_t f = 1;
        for (int y = 0; y < kNumLoops; ++y) {
            if (is_data_loop(model, d, y)) continue;
            const int top = level + (b.order[level][y] > b.order[level][inner] ? 1 : 0);
            for (int l = 0; l < top; ++l) f *= b.t[l][y];
        }
        out[d] = d == kOfm ? 2 * f - 1 : f;
    }
}

// `psum_bits` over `word_bits` is the width of a buffered partial sum in words' bits.
DRAMSWEEP_HD inline BlockingStats evaluate_blocking(LayerModel model, const LoopNestDesc& nest,
                                                    const LoopBlocking& b, const PimHardware& hw,
                                                    bool no_time_mux) {
    BlockingStats s;
    for (int l = 0; l < 2; ++l) {
        bool seen[kNumLoops] = {false, false, false};
        for (int x = 0; x < kNumLoops; ++x) {
            if (b.order[l][x] >= kNumLoops || seen[b.order[l][x]]) {
                s.error = BlockingError::kBadOrder;
                return s;
            }
            seen[b.order[l][x]] = true;
        }
    }
    s.lcnt = 1;
    for (int x = 0; x < kNumLoops; ++x) {
        std::int64_t prod = 1;
        for (int l = 0; l < 3; ++l) {
            if (b.t[l][x] < 1) {
                s.error = BlockingError::kFactorsDoNotMatchLoops;
                return s;
            }
            prod *= b.t[l][x];
        }
        if (prod != nest.loopcnt[x]) {
            s.error = BlockingError::kFactorsDoNotMatchLoops;
            return s;
        }
        s.lcnt *= prod;
    }
    level_fetch(model, b, 0, nullptr, s.fetch[0]);
    level_fetch(model, b, 1, s.fetch[0], s.fetch[1]);
    for (int d = 0; d < kNumData; ++d)
        s.stored[d] = !hw.options.gbuf_bypass[d] || s.fetch[0][d] < s.fetch[1][d];

    // Capacities: the buffer holds the blocks below level 0, a register file those below 1.
    std::int64_t gbuf_bits = 0, regf_bits = 0;
    for (int d = 0; d < kNumData; ++d) {
        std::int64_t below0 = 1, below1 = 1;
        for (int x = 0; x < kNumLoops; ++x) {
            if (!is_data_loop(model, d, x)) continue;
            below0 *= b.t[1][x] * b.t[2][x];
            below1 *= b.t[2][x];
        }
        const std::int64_t bits = d == kOfm ? hw.psum_bits : hw.word_bits;
        s.gbuf_words[d] = s.stored[d] ? below0 * nest.usize_gbuf[d] : 0;
        s.regf_words[d] = below1 * nest.usize_regf[d];
        gbuf_bits += s.gbuf_words[d] * bits;
        regf_bits += s.regf_words[d] * bits;
    }
    if (regf_bits > hw.regf_words * hw.word_bits) {
        s.error = BlockingError::kRegfOverflow;
        return s;
    }
    if (gbuf_bits > hw.gbuf_words * hw.word_bits) {
        s.error = BlockingError::kGbufOverflow;
        return s;
    }
    // A network held on chip as a whole keeps filters whose outer loops do not change (nn_dataflow's
    // filter pinning, only for one-layer networks).
    if (no_time_mux && model == LayerModel::kConv && b.t[0][kLoopIfm] == 1 && b.t[0][kLoopOfm] == 1) {
        s.filter_pinned = true;
        s.fetch[0][kFil] = 0;
    }
    return s;
}

// Nodes that fetch the same data when access forwarding is on (nn_dataflow's BufShrScheme):
// filters are shared across the batch-like axes (OFMP and BATP: both when adjacent in the
// order, else the lower one), ifmaps across OUTP, ofmaps across INPP.
DRAMSWEEP_HD inline std::int64_t sharing_group(LayerModel model, const PartitionScheme& part, int data) {
    if (model != LayerModel::kConv) return part.size(kInpp);
    if (data == kIfm) return part.size(kOutp);
    if (data == kOfm) return part.size(kInpp);
    const std::int32_t so = part.size(kOfmp), sb = part.size(kBatp);
    if (so == 1) return sb;
    if (sb == 1) return so;
    int io = 0, ib = 0;
    for (int i = 0; i < kNumParts; ++i) {
        if (part.order[i] == kOfmp) io = i;
        if (part.order[i] == kBatp) ib = i;
    }
    if (io - ib == 1 || ib - io == 1) return std::int64_t{so} * sb;
    return io > ib ? so : sb;
}

}  // namespace dramsweep::pim
