#pragma once
// A layer's DRAM requests in the order of the stall-free schedule, with the cycle each is issued
// and the cycle compute needs it. This is the stream `scalesim --dram-trace` writes and the
// DRAM columns of the SCALE-Sim-style reports summarise; the closed loop with a DRAM model
// (run, sweep) issues the same requests but lets memory delay the folds.
//
// Stall-free schedule, P = cycles per fold: fold f computes during [f*P, (f+1)*P). The reads
// of fold g are issued at the start of fold g-1 (fold 0's at cycle 0) and needed at g*P; the
// writes of fold f are issued at (f+1)*P, when it has finished.

#include <cstdint>
#include <ostream>
#include <vector>

#include "dramsweep/systolic/reports.hpp"
#include "dramsweep/systolic/sram_traffic.hpp"

namespace dramsweep {

struct StreamRequest {
    std::uint64_t address = 0;
    bool is_write = false;
    Operand operand = Operand::Ifmap;
    std::int64_t fold = 0;
    std::int64_t issue_cycle = 0;
    std::int64_t need_cycle = 0;  // for writes: the issue cycle
};

inline std::int64_t read_issue_cycle(std::int64_t fold, std::int64_t cycles_per_fold) {
    return fold == 0 ? 0 : (fold - 1) * cycles_per_fold;
}

// Calls visit(const StreamRequest&) for every request of the layer in schedule order (cycles
// relative to the layer's start).
template <typename Visit>
void for_each_scheduled_request(const LayerTraffic& t, Visit&& visit) {
    const std::int64_t p = t.cycles_per_fold;
    auto emit_reads = [&](std::int64_t g) {
        for (int o = 0; o < kOperandCount; ++o) {
            const auto slot = static_cast<std::size_t>(g) * kOperandCount + static_cast<std::size_t>(o);
            for (std::uint64_t i = t.read_begin[slot]; i < t.read_begin[slot + 1]; ++i) {
                visit(StreamRequest{t.read_addresses[i], false, static_cast<Operand>(o), g, read_issue_cycle(g, p), g * p});
            }
        }
    };
    if (t.folds > 0) emit_reads(0);
    for (std::int64_t f = 0; f < t.folds; ++f) {
        if (f + 1 < t.folds) emit_reads(f + 1);
        const auto [first, last] = t.fold_writes(f);
        for (std::uint64_t i = first; i < last; ++i) {
            visit(StreamRequest{t.write_addresses[i], true, Operand::Ofmap, f, (f + 1) * p, (f + 1) * p});
        }
    }
}

// The DRAM columns of the reports: for each operand the first and last issue cycle of its
// requests, and the words moved (requests x words per burst).
DramColumns dram_columns(const LayerTraffic& traffic, std::int64_t word_bytes);

// Writers for `--dram-trace`: the plain form, one `0x<hex byte address> R|W` per request, and
// the rich CSV `layer,fold,operand,op,address,issue_cycle,need_cycle` with cycles counted from
// the start of the network (layers back to back on the stall-free schedule).
class DramTraceWriter {
public:
    DramTraceWriter(std::ostream* plain, std::ostream* rich);
    void add_layer(const std::string& layer_name, const LayerTraffic& traffic);

private:
    std::ostream* plain_;
    std::ostream* rich_;
    std::int64_t cycle_offset_ = 0;
};

}  // namespace dramsweep
