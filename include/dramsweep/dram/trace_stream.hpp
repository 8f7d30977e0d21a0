#pragma once
// Traces read request by request, so that memory stays flat in a trace's length: a file is
// streamed line by line (common/input_file.hpp) and read only as far as it is needed, the
// reference traces are generated as they are offered, and run_trace takes them straight from
// the stream.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "dramsweep/dram/trace.hpp"

namespace dramsweep::dram {

// The requests of a trace, in order, one at a time.
class TraceSource {
public:
    virtual ~TraceSource() = default;
    virtual bool next(TraceRequest& request) = 0;  // false at the end
};

// A trace file in any format of trace.hpp, at most `limit` requests (0: all): reading stops
// there. Bad lines throw InputError (file, line) when they are reached.
class TraceFileReader final : public TraceSource {
public:
    explicit TraceFileReader(const std::string& path, std::uint64_t limit = 0);
    ~TraceFileReader() override;
    bool next(TraceRequest& request) override;
    std::uint64_t bytes_read() const;  // of the file, so far
    std::uint64_t size() const;        // of the file

private:
    struct State;
    std::unique_ptr<State> state_;
};

// The reference traces of generate_reference_trace, request by request.
class ReferenceTraceGenerator final : public TraceSource {
public:
    ReferenceTraceGenerator(const std::string& name, std::uint64_t count);  // unknown names throw InputError
    ~ReferenceTraceGenerator() override;
    bool next(TraceRequest& request) override;

private:
    struct State;
    std::unique_ptr<State> state_;
};

// Reads a trace file through, checking every line, and counts its requests (at most `limit`):
// a bad line is reported before a simulation starts. `on_progress(bytes_read, size)` is called
// now and then.
std::uint64_t count_trace_requests(const std::string& path, std::uint64_t limit = 0,
                                   const std::function<void(std::uint64_t, std::uint64_t)>& on_progress = nullptr);

// The reference model over the first `requests` requests of `source`: the loop of run_trace,
// without holding the trace.
TraceRunResult run_trace(const DramConfig& config, TraceSource& source, std::uint64_t requests,
                         const TraceRunOptions& options = {});

}  // namespace dramsweep::dram
