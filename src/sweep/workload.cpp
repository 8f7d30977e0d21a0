// Loading a sweep's workload (workload.hpp).

#include "dramsweep/sweep/workload.hpp"

#include "dramsweep/common/input_error.hpp"
#include "dramsweep/common/memory_budget.hpp"
#include "dramsweep/dram/trace_stream.hpp"

namespace dramsweep::sweep {

std::vector<dram::TraceRequest> load_workload(const SweepSpec& spec) {
    const Workload& w = spec.workload;
    std::vector<dram::TraceRequest> stream;
    // Every configuration runs over the one stream, held in memory: one that cannot fit is
    // refused now, with its size, rather than found out by running out of memory.
    auto check_memory = [&](std::uint64_t requests, const char* field) {
        check_fits_memory(static_cast<double>(requests) * sizeof(dram::TraceRequest),
                          "the request stream of " + std::to_string(requests) + " requests", spec.file,
                          w.requests_line, field);
    };
    if (w.kind == Workload::Kind::kGenerate) {
        check_memory(w.requests, "workload.requests");
        try {
            stream = dram::generate_reference_trace(w.generator, w.requests);
        } catch (const InputError& e) {
            throw InputError(spec.file, 0, "workload.generate", e.message());
        }
    } else {
        // A first pass checks every line and counts (streamed, flat in memory); the second keeps them.
        check_memory(dram::count_trace_requests(w.trace_path, w.requests), "workload.trace");
        stream = dram::read_trace_file(w.trace_path, w.requests);
    }
    if (stream.empty()) throw InputError(spec.file, 0, "workload", "the workload has no requests");
    return stream;
}

std::uint64_t stream_hash(const std::vector<dram::TraceRequest>& stream) {
    std::uint64_t hash = 0xcbf29ce484222325ULL;
    for (const dram::TraceRequest& r : stream) {
        std::uint64_t word = r.addr;
        for (int byte = 0; byte < 8; ++byte, word >>= 8) {
            hash ^= word & 0xff;
            hash *= 0x100000001b3ULL;
        }
        hash ^= r.is_write ? 1u : 0u;
        hash *= 0x100000001b3ULL;
    }
    return hash;
}

}  // namespace dramsweep::sweep
