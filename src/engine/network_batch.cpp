// engine::run_network_batch: the dispatch, and the reference backend (the reference closed loop
// of coupled::run_network_summary, one configuration per host thread).

#include "dramsweep/engine/network_batch.hpp"

#include <stdexcept>

#include "backends.hpp"
#include "dramsweep/coupled/network_run.hpp"
#include "network_backends.hpp"
#include "parallel_map.hpp"

namespace dramsweep::engine {

void run_network_batch(BackendKind kind, const std::vector<coupled::NetworkStream>& streams,
                       const std::vector<NetworkCase>& cases, const BatchOptions& options, const NetworkSink& sink) {
    for (const NetworkCase& c : cases)
        if (c.stream >= streams.size()) throw std::logic_error("run_network_batch: a case names no stream");
    switch (kind) {
        case BackendKind::Reference: detail::run_network_batch_reference(streams, cases, options, sink); return;
        case BackendKind::Host: detail::run_network_batch_host(streams, cases, options, sink); return;
        case BackendKind::Cuda: detail::run_network_batch_cuda(streams, cases, options, sink); return;
        case BackendKind::Auto: break;
    }
    throw std::logic_error("run_network_batch: resolve the backend first");
}

namespace detail {

void run_network_batch_reference(const std::vector<coupled::NetworkStream>& streams,
                                 const std::vector<NetworkCase>& cases, const BatchOptions& options,
                                 const NetworkSink& sink) {
    parallel_map<NetworkSummary>(
        cases.size(), host_threads(options),
        [&](std::size_t i) {
            return coupled::run_network_summary(streams[cases[i].stream], cases[i].dram, cases[i].clocks);
        },
        sink);
}

}  // namespace detail
}  // namespace dramsweep::engine
