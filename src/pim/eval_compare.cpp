#include "dramsweep/pim/eval_compare.hpp"

#include <cstdio>
#include <string>
#include <type_traits>

namespace dramsweep::pim {
namespace {

const char* const kDataNames[kNumData] = {"fil", "ifm", "ofm"};
const char* const kLevelNames[kNumLevels] = {"dram", "gbuf", "itcn", "regf"};
const char* const kEnergyNames[kNumEnergyParts] = {"mac",  "regf", "buffer", "array_bus",
                                                   "dram", "noc",  "static"};

std::string text(std::int64_t v) {
    return std::to_string(v);
}
std::string text(double v) {
    char buffer[40];
    std::snprintf(buffer, sizeof buffer, "%.17g", v);
    return buffer;
}

// Collects the first difference; later comparisons are skipped once one is found.
class Comparison {
public:
    template <typename T>
    void field(const std::string& name, T got, T want) {
        if (!found_.empty() || got == want) return;
        if constexpr (std::is_floating_point_v<T>)
            found_ = name + ": " + text(static_cast<double>(got)) + " vs " + text(static_cast<double>(want));
        else
            found_ = name + ": " + text(static_cast<std::int64_t>(got)) + " vs " +
                     text(static_cast<std::int64_t>(want));
    }
    const std::string& result() const { return found_; }

private:
    std::string found_;
};

}  // namespace

std::string first_difference(const LayerEval& got, const LayerEval& want) {
    Comparison c;
    c.field("error", static_cast<int>(got.error), static_cast<int>(want.error));
    c.field("blocking_error", static_cast<int>(got.blocking_error), static_cast<int>(want.blocking_error));
    c.field("nodes", got.nodes, want.nodes);
    c.field("ops", got.ops, want.ops);
    c.field("time", got.time, want.time);
    c.field("proc_time", got.proc_time, want.proc_time);
    c.field("bus_time", got.bus_time, want.bus_time);
    c.field("dram_time", got.dram_time, want.dram_time);
    for (int m = 0; m < kNumLevels; ++m)
        for (int d = 0; d < kNumData; ++d)
            c.field(std::string("access[") + kLevelNames[m] + "][" + kDataNames[d] + "]", got.access[m][d],
                    want.access[m][d]);
    for (int l = 0; l < 2; ++l)
        for (int d = 0; d < kNumData; ++d)
            c.field("fetch[" + std::to_string(l) + "][" + kDataNames[d] + "]", got.fetch[l][d],
                    want.fetch[l][d]);
    for (int d = 0; d < kNumData; ++d) {
        c.field(std::string("stored[") + kDataNames[d] + "]", got.stored[d], want.stored[d]);
        c.field(std::string("unit_hops[") + kDataNames[d] + "]", got.unit_hops[d], want.unit_hops[d]);
        c.field(std::string("hops[") + kDataNames[d] + "]", got.hops[d], want.hops[d]);
    }
    c.field("filter_pinned", got.filter_pinned, want.filter_pinned);
    c.field("dram_bits", got.dram_bits, want.dram_bits);
    c.field("noc_bit_hops", got.noc_bit_hops, want.noc_bit_hops);
    c.field("noc_time", got.noc_time, want.noc_time);
    c.field("max_link_bits", got.max_link_bits, want.max_link_bits);
    for (int i = 0; i < kNumEnergyParts; ++i)
        c.field(std::string("energy_pj[") + kEnergyNames[i] + "]", got.energy_pj[i], want.energy_pj[i]);
    c.field("energy_total_pj", got.energy_total_pj, want.energy_total_pj);
    c.field("utilization", got.utilization, want.utilization);
    c.field("gbuf_words", got.gbuf_words, want.gbuf_words);
    c.field("regf_words", got.regf_words, want.regf_words);
    c.field("dram_words_per_node", got.dram_words_per_node, want.dram_words_per_node);
    const LoopNestDesc &g = got.nest, &w = want.nest;
    c.field("nest.valid", g.valid, w.valid);
    for (int x = 0; x < kNumLoops; ++x)
        c.field("nest.loopcnt[" + std::to_string(x) + "]", g.loopcnt[x], w.loopcnt[x]);
    c.field("nest.unit_time", g.unit_time, w.unit_time);
    for (int m = 0; m < 3; ++m)
        for (int d = 0; d < kNumData; ++d)
            c.field(std::string("nest.total[") + kLevelNames[m] + "][" + kDataNames[d] + "]", g.total[m][d],
                    w.total[m][d]);
    for (int d = 0; d < kNumData; ++d) {
        c.field(std::string("nest.usize_gbuf[") + kDataNames[d] + "]", g.usize_gbuf[d], w.usize_gbuf[d]);
        c.field(std::string("nest.usize_regf[") + kDataNames[d] + "]", g.usize_regf[d], w.usize_regf[d]);
    }
    c.field("nest.fit.fold_h", g.fit.fold_h, w.fit.fold_h);
    c.field("nest.fit.fold_w", g.fit.fold_w, w.fit.fold_w);
    c.field("nest.fit.repl_h", g.fit.repl_h, w.fit.repl_h);
    c.field("nest.fit.repl_w", g.fit.repl_w, w.fit.repl_w);
    c.field("nest.fit.flpeset_h", g.fit.flpeset_h, w.fit.flpeset_h);
    c.field("nest.fit.flpeset_w", g.fit.flpeset_w, w.fit.flpeset_w);
    c.field("nest.ifms", g.ifms, w.ifms);
    c.field("nest.ofms", g.ofms, w.ofms);
    c.field("nest.repl_ifm_factor", g.repl_ifm_factor, w.repl_ifm_factor);
    return c.result();
}

}  // namespace dramsweep::pim
