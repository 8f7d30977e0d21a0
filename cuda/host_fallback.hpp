#pragma once
// The configurations the device engine cannot take, run on the host engine on a thread of their
// own while the device works; their results wait in a queue until the calling thread hands them
// to the sink (sinks are always called on the calling thread).

#include <atomic>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <utility>

#include "dramsweep/backend/batch.hpp"

namespace dramsweep::device {

template <typename Summary>
class HostFallback {
public:
    using Run = std::function<void(const backend::Sink<Summary>&)>;

    // Starts `run` on a thread; it reports through the sink it is given (index into its own subset).
    explicit HostFallback(Run run)
        : thread_([this, run = std::move(run)] {
              try {
                  run([this](std::size_t i, const Summary& s) {
                      const std::lock_guard lock(mutex_);
                      ready_.emplace_back(i, s);
                      return !stop_;
                  });
              } catch (...) {
                  const std::lock_guard lock(mutex_);
                  error_ = std::current_exception();
              }
              done_ = true;
          }) {}
    ~HostFallback() {
        stop_ = true;
        if (thread_.joinable()) thread_.join();
    }
    HostFallback(const HostFallback&) = delete;
    HostFallback& operator=(const HostFallback&) = delete;

    // Hands what is ready to `deliver` (false: stop); false once `deliver` asked to stop.
    bool drain(const std::function<bool(std::size_t, const Summary&)>& deliver) {
        std::deque<std::pair<std::size_t, Summary>> batch;
        {
            const std::lock_guard lock(mutex_);
            if (error_) std::rethrow_exception(error_);
            batch.swap(ready_);
        }
        for (const auto& [i, s] : batch)
            if (!deliver(i, s)) {
                stop_ = true;
                return false;
            }
        return true;
    }
    // Waits for the thread and hands over the rest.
    bool finish(const std::function<bool(std::size_t, const Summary&)>& deliver) {
        if (thread_.joinable()) thread_.join();
        return drain(deliver);
    }
    void stop() { stop_ = true; }

private:
    std::mutex mutex_;
    std::deque<std::pair<std::size_t, Summary>> ready_;
    std::exception_ptr error_;
    std::atomic<bool> stop_{false}, done_{false};
    std::thread thread_;
};

}  // namespace dramsweep::device
