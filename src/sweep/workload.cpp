// Loading a sweep's workload (workload.hpp).

#include "dramsweep/sweep/workload.hpp"

#include "dramsweep/common/input_error.hpp"

namespace dramsweep::sweep {

std::vector<dram::TraceRequest> load_workload(const SweepSpec& spec) {
    const Workload& w = spec.workload;
    std::vector<dram::TraceRequest> stream;
    if (w.kind == Workload::Kind::kGenerate) {
        try {
            stream = dram::generate_reference_trace(w.generator, w.requests);
        } catch (const InputError& e) {
            throw InputError(spec.file, 0, "workload/generate", e.what());
        }
    } else {
        stream = dram::read_trace_file(w.trace_path);
        if (w.requests > 0 && stream.size() > w.requests) stream.resize(w.requests);
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
