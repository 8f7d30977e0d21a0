#include "dramsweep/engine/network_summary.hpp"

namespace dramsweep::engine {

DramCounters operator-(const DramCounters& a, const DramCounters& b) {
    DramCounters d;
    d.reads = a.reads - b.reads;
    d.writes = a.writes - b.writes;
    d.row_hits = a.row_hits - b.row_hits;
    d.row_misses = a.row_misses - b.row_misses;
    d.row_conflicts = a.row_conflicts - b.row_conflicts;
    for (std::size_t c = 0; c < d.commands.size(); ++c) d.commands[c] = a.commands[c] - b.commands[c];
    d.read_latency_sum = a.read_latency_sum - b.read_latency_sum;
    d.write_latency_sum = a.write_latency_sum - b.write_latency_sum;
    d.active_cycles = a.active_cycles - b.active_cycles;
    d.precharged_cycles = a.precharged_cycles - b.precharged_cycles;
    return d;
}

DramCounters counters_of(const dram::DramStats& s) {
    DramCounters c;
    c.reads = s.reads;
    c.writes = s.writes;
    c.row_hits = s.row_hits;
    c.row_misses = s.row_misses;
    c.row_conflicts = s.row_conflicts;
    c.commands = s.commands;
    for (const std::uint32_t latency : s.read_latencies) c.read_latency_sum += latency;
    c.write_latency_sum = s.write_latency_sum;
    c.active_cycles = s.active_cycles;
    c.precharged_cycles = s.precharged_cycles;
    return c;
}

DramCounters counters_of(const RunSummary& r) {
    DramCounters c;
    c.reads = r.reads;
    c.writes = r.writes;
    c.row_hits = r.row_hits;
    c.row_misses = r.row_misses;
    c.row_conflicts = r.row_conflicts;
    c.commands = r.commands;
    c.read_latency_sum = r.read_latency_sum;
    c.write_latency_sum = r.write_latency_sum;
    c.active_cycles = r.active_cycles;
    c.precharged_cycles = r.precharged_cycles;
    return c;
}

dram::DramStats stats_of(const DramCounters& c) {
    dram::DramStats s;
    s.reads = c.reads;
    s.writes = c.writes;
    s.row_hits = c.row_hits;
    s.row_misses = c.row_misses;
    s.row_conflicts = c.row_conflicts;
    s.commands = c.commands;
    s.write_latency_sum = c.write_latency_sum;
    s.active_cycles = c.active_cycles;
    s.precharged_cycles = c.precharged_cycles;
    return s;
}

namespace {

std::string counters_difference(const DramCounters& a, const DramCounters& b) {
#define DRAMSWEEP_COMPARE(field) \
    if (a.field != b.field) return #field
    DRAMSWEEP_COMPARE(reads);
    DRAMSWEEP_COMPARE(writes);
    DRAMSWEEP_COMPARE(row_hits);
    DRAMSWEEP_COMPARE(row_misses);
    DRAMSWEEP_COMPARE(row_conflicts);
    for (int c = 0; c < dram::kNumCommands; ++c) {
        if (a.commands[static_cast<std::size_t>(c)] != b.commands[static_cast<std::size_t>(c)])
            return std::string("commands.") + dram::command_name(static_cast<dram::Command>(c));
    }
    DRAMSWEEP_COMPARE(read_latency_sum);
    DRAMSWEEP_COMPARE(write_latency_sum);
    DRAMSWEEP_COMPARE(active_cycles);
    DRAMSWEEP_COMPARE(precharged_cycles);
#undef DRAMSWEEP_COMPARE
    return {};
}

}  // namespace

std::string first_difference(const NetworkSummary& a, const NetworkSummary& b) {
    if (a.cycles != b.cycles) return "cycles";
    if (a.layers.size() != b.layers.size()) return "layers (count)";
    for (std::size_t l = 0; l < a.layers.size(); ++l) {
        const std::string at = "layers[" + std::to_string(l) + "].";
        if (a.layers[l].reads != b.layers[l].reads) return at + "reads";
        if (a.layers[l].writes != b.layers[l].writes) return at + "writes";
        if (a.layers[l].end_cycle != b.layers[l].end_cycle) return at + "end_cycle";
        if (a.layers[l].end_clock != b.layers[l].end_clock) return at + "end_clock";
        const std::string d = counters_difference(a.layers[l].dram, b.layers[l].dram);
        if (!d.empty()) return at + "dram." + d;
    }
    const std::string d = first_difference(a.dram, b.dram);
    return d.empty() ? d : "dram." + d;
}

}  // namespace dramsweep::engine
