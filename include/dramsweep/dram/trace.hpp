#pragma once
// DRAM request traces: reading the common formats, generating the reference traces, and
// driving a trace through one configuration in a saturating closed loop.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "dramsweep/dram/command_log.hpp"
#include "dramsweep/dram/config.hpp"
#include "dramsweep/results/run_summary.hpp"

namespace dramsweep::dram {

struct TraceRequest {
    std::uint64_t addr;
    bool is_write;
};

// Formats, detected from the first request line of each file (docs/dram.md):
//   "0x<hex> R|W"                  Ramulator 1 DRAM trace and the project's own
//   "LD|ST|R|W 0x<hex>"            Ramulator 2 read/write trace (operation first)
//   "0x<hex> READ|WRITE <cycle>"   DRAMsim3 (the cycle is ignored: the loop is closed)
//   "<n> <addr> [<writeback>]"     Ramulator CPU trace, decimal: a read, plus a write when given
// Blank lines and lines starting with '#' are skipped. Bad lines throw InputError (file, line).
std::vector<TraceRequest> parse_trace(std::string_view text, const std::string& origin);
// A trace file, streamed into memory: at most `limit` requests (0: all), reading stops there.
std::vector<TraceRequest> read_trace_file(const std::string& path, std::uint64_t limit = 0);

// The traces of ../shared/reference/dram/gen_traces.py, bit for bit: "seq_read", "rand_read",
// "mix_2r1w". Unknown names throw InputError.
std::vector<TraceRequest> generate_reference_trace(const std::string& name, std::size_t count);
std::string format_trace(const std::vector<TraceRequest>& requests);  // "0x<hex> R|W" lines

struct TraceRunOptions {
    std::uint64_t max_outstanding = 0;  // 0: no limit beyond the queues
    CommandLog* log = nullptr;          // every issued command, when set
    bool skip_idle_cycles = true;       // false steps every clock (same results, slower)
};

struct TraceRunResult {
    results::RunSummary summary;     // the integers (every backend gives the same)
    results::DerivedMetrics metrics;  // derived from them (derive_metrics)
    std::uint64_t ticks = 0;          // clocks actually evaluated (the rest were skipped as idle)
};

// The reference model over a trace: every clock the controllers tick, then requests are offered
// in trace order until one is rejected (or max_outstanding are in flight). Rules in
// docs/model.md, "DRAM"; the loop is dram/trace_loop.hpp.
TraceRunResult run_trace(const DramConfig& config, const std::vector<TraceRequest>& requests,
                         const TraceRunOptions& options = {});

std::string trace_result_json(const DramConfig& config, const TraceRunResult& result);
std::string trace_result_text(const DramConfig& config, const TraceRunResult& result);

}  // namespace dramsweep::dram
