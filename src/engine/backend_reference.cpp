// The reference backend: the CPU reference model, one configuration per host thread. Workers
// take configurations in index order; results reach the sink on the calling thread.

#include "backends.hpp"
#include "parallel_map.hpp"

namespace dramsweep::engine::detail {

void run_batch_reference(const std::vector<dram::DramConfig>& configs, const std::vector<dram::TraceRequest>& stream,
                         const BatchOptions& options, const ResultSink& sink) {
    dram::TraceRunOptions run_options;
    run_options.max_outstanding = options.max_outstanding;
    parallel_map<RunSummary>(
        configs.size(), host_threads(options),
        [&](std::size_t i) { return summarize(dram::run_trace(configs[i], stream, run_options)); }, sink);
}

}  // namespace dramsweep::engine::detail
