#include "dramsweep/results/trace_columns.hpp"

#include <string>
#include <utility>

namespace dramsweep::results {
namespace {

using Json = nlohmann::ordered_json;

// A counter's column, named as for_each_counter names the counter, so that a report column and
// the counter it shows cannot go by two names.
template <std::uint64_t DramCounters::*Field>
Json counter_value(const RunSummary& s, const DerivedMetrics&) {
    return s.counters.*Field;
}
template <std::uint64_t DramCounters::*Field>
TraceColumn counter_column() {
    const DramCounters probe{};
    const char* name = nullptr;
    for_each_counter([&](const char* n, const std::uint64_t& x) { name = &x == &(probe.*Field) ? n : name; },
                     probe);
    return {name, counter_value<Field>};
}

template <std::size_t C>
Json command_count(const RunSummary& s, const DerivedMetrics&) {
    return s.counters.commands[C];
}

template <std::size_t... C>
void add_command_columns(std::vector<TraceColumn>& columns, std::index_sequence<C...>) {
    (columns.push_back({dram::command_counter_name(static_cast<dram::Command>(C)), command_count<C>}), ...);
}

// The columns in their order: time and traffic, latency and row statistics, one count per command
// (and of LPDDR5's CAS), then energy.
std::vector<TraceColumn> make_columns() {
    std::vector<TraceColumn> c = {
        {"cycles", [](const RunSummary& s, const DerivedMetrics&) { return Json(s.cycles); }},
        // Time, not clocks: pareto's latency compares presets of different clocks by it.
        {"time_ns", [](const RunSummary&, const DerivedMetrics& m) { return Json(m.time_ns); }},
        {"requests", [](const RunSummary& s, const DerivedMetrics&) { return Json(s.requests); }},
        counter_column<&DramCounters::reads>(),
        counter_column<&DramCounters::writes>(),
        {"bandwidth_gbps", [](const RunSummary&, const DerivedMetrics& m) { return Json(m.bandwidth_gbps); }},
        {"avg_read_latency_cycles",
         [](const RunSummary&, const DerivedMetrics& m) { return Json(m.avg_read_latency_cycles); }},
        {"p50_read_latency_cycles",
         [](const RunSummary& s, const DerivedMetrics&) { return Json(s.read_latency.p50); }},
        {"p99_read_latency_cycles",
         [](const RunSummary& s, const DerivedMetrics&) { return Json(s.read_latency.p99); }},
        {"max_read_latency_cycles",
         [](const RunSummary& s, const DerivedMetrics&) { return Json(s.read_latency.max); }},
        {"avg_write_latency_cycles",
         [](const RunSummary&, const DerivedMetrics& m) { return Json(m.avg_write_latency_cycles); }},
        counter_column<&DramCounters::row_hits>(),
        counter_column<&DramCounters::row_misses>(),
        counter_column<&DramCounters::row_conflicts>(),
        {"row_hit_rate", [](const RunSummary&, const DerivedMetrics& m) { return Json(m.row_hit_rate); }},
    };
    add_command_columns(c, std::make_index_sequence<dram::kNumCommands>{});
    c.push_back(counter_column<&DramCounters::wck_syncs>());  // LPDDR5's CAS before a column command (R14)
    const std::vector<TraceColumn> energy = {
        {"energy_nj", [](const RunSummary&, const DerivedMetrics& m) { return Json(m.energy_nj()); }},
        {"energy_breakdown_nj.act_pre",
         [](const RunSummary&, const DerivedMetrics& m) { return Json(m.energy.act_pre); }},
        {"energy_breakdown_nj.read",
         [](const RunSummary&, const DerivedMetrics& m) { return Json(m.energy.read); }},
        {"energy_breakdown_nj.write",
         [](const RunSummary&, const DerivedMetrics& m) { return Json(m.energy.write); }},
        {"energy_breakdown_nj.refresh",
         [](const RunSummary&, const DerivedMetrics& m) { return Json(m.energy.refresh); }},
        {"energy_breakdown_nj.background",
         [](const RunSummary&, const DerivedMetrics& m) { return Json(m.energy.background); }},
    };
    c.insert(c.end(), energy.begin(), energy.end());
    return c;
}

}  // namespace

const std::vector<TraceColumn>& trace_columns() {
    static const std::vector<TraceColumn> columns = make_columns();
    return columns;
}

Json trace_statistics(const RunSummary& summary, const DerivedMetrics& metrics) {
    Json row = Json::object();
    for (const TraceColumn& c : trace_columns()) row[c.name] = c.value(summary, metrics);
    return row;
}

Json nested_statistics(const RunSummary& summary, const DerivedMetrics& metrics) {
    Json out = Json::object();
    for (const TraceColumn& c : trace_columns()) {
        const std::string name = c.name;
        const std::size_t dot = name.find('.');
        if (dot == std::string::npos)
            out[name] = c.value(summary, metrics);
        else
            out[name.substr(0, dot)][name.substr(dot + 1)] = c.value(summary, metrics);
    }
    return out;
}

}  // namespace dramsweep::results
