#pragma once
// Runs compute(i) for i in [0, count) on `threads` host threads and hands each result to
// sink(i, result) on the calling thread as soon as it is ready (in completion order). The sink
// returning false stops the run early; the first exception of a worker is rethrown. The
// reference backend (one configuration per thread) is built on this.

#include <atomic>
#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

namespace dramsweep::parallel {

template <typename Result, typename Compute, typename Sink>
void parallel_map(std::size_t count, unsigned threads, const Compute& compute, const Sink& sink) {
    std::atomic<std::size_t> next{0};
    std::atomic<bool> stop{false};
    std::mutex mutex;
    std::condition_variable ready;
    std::deque<std::pair<std::size_t, Result>> done;
    std::exception_ptr failure;

    auto worker = [&] {
        try {
            for (std::size_t i = next++; i < count && !stop; i = next++) {
                Result result = compute(i);
                const std::lock_guard lock(mutex);
                done.emplace_back(i, std::move(result));
                ready.notify_one();
            }
        } catch (...) {
            const std::lock_guard lock(mutex);
            if (!failure) failure = std::current_exception();
            stop = true;
            ready.notify_one();
        }
    };

    const unsigned n_threads = static_cast<unsigned>(std::min<std::size_t>(threads > 0 ? threads : 1, count));
    std::vector<std::thread> workers;
    for (unsigned t = 0; t < n_threads; ++t) workers.emplace_back(worker);
    std::size_t delivered = 0;
    while (delivered < count) {
        std::unique_lock lock(mutex);
        ready.wait(lock, [&] { return !done.empty() || failure; });
        if (failure) break;
        auto [index, result] = std::move(done.front());
        done.pop_front();
        lock.unlock();
        ++delivered;
        if (!sink(index, result)) break;
    }
    stop = true;
    for (auto& w : workers) w.join();
    if (failure) std::rethrow_exception(failure);
}

}  // namespace dramsweep::parallel

namespace dramsweep::parallel {

// Runs fn(i) for i in [0, count) on `threads` host threads (the calling thread is one of them),
// handing indices out one by one; returns when all are done, rethrowing the first exception.
template <typename Fn>
void parallel_for(std::size_t count, unsigned threads, const Fn& fn) {
    std::atomic<std::size_t> next{0};
    std::exception_ptr failure;
    std::mutex failure_mutex;
    auto worker = [&] {
        try {
            for (std::size_t i = next++; i < count; i = next++) fn(i);
        } catch (...) {
            const std::lock_guard lock(failure_mutex);
            if (!failure) failure = std::current_exception();
        }
    };
    std::vector<std::thread> helpers;
    for (unsigned t = 1; t < threads; ++t) helpers.emplace_back(worker);
    worker();
    for (std::thread& h : helpers) h.join();
    if (failure) std::rethrow_exception(failure);
}

}  // namespace dramsweep::parallel
