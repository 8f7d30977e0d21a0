// The reference backend: the CPU reference model, one configuration per host thread. Workers
// take configurations in index order; results reach the sink on the calling thread.

#include <atomic>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

#include "backends.hpp"

namespace dramsweep::engine::detail {

void run_batch_reference(const std::vector<dram::DramConfig>& configs, const std::vector<dram::TraceRequest>& stream,
                         const BatchOptions& options, const ResultSink& sink) {
    std::atomic<std::size_t> next{0};
    std::atomic<bool> stop{false};
    std::mutex mutex;
    std::condition_variable ready;
    std::deque<std::pair<std::size_t, RunSummary>> done;
    std::exception_ptr failure;

    auto worker = [&] {
        try {
            for (std::size_t i = next++; i < configs.size() && !stop; i = next++) {
                dram::TraceRunOptions run_options;
                run_options.max_outstanding = options.max_outstanding;
                RunSummary summary = summarize(dram::run_trace(configs[i], stream, run_options));
                const std::lock_guard lock(mutex);
                done.emplace_back(i, std::move(summary));
                ready.notify_one();
            }
        } catch (...) {
            const std::lock_guard lock(mutex);
            if (!failure) failure = std::current_exception();
            stop = true;
            ready.notify_one();
        }
    };

    const unsigned n_threads = std::min<unsigned>(host_threads(options), static_cast<unsigned>(configs.size()));
    std::vector<std::thread> workers;
    for (unsigned t = 0; t < n_threads; ++t) workers.emplace_back(worker);
    std::size_t delivered = 0;
    while (delivered < configs.size()) {
        std::unique_lock lock(mutex);
        ready.wait(lock, [&] { return !done.empty() || failure; });
        if (failure) break;
        auto [index, summary] = std::move(done.front());
        done.pop_front();
        lock.unlock();
        ++delivered;
        if (!sink(index, summary)) {
            stop = true;
            break;
        }
    }
    stop = true;
    for (auto& w : workers) w.join();
    if (failure) std::rethrow_exception(failure);
}

}  // namespace dramsweep::engine::detail
