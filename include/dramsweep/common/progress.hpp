#pragma once
// Progress of long work on stderr (sweeps, the checks before a sweep's first configuration, long
// `run`s and traces, `scalesim` layers). On a terminal, a bar redrawn in place; otherwise (nohup,
// CI logs, a pipe) a plain line every few seconds (5, or DRAMSWEEP_PROGRESS_INTERVAL), so that a
// long job shows it is alive there too. Work that ends within a second prints nothing.

#include <chrono>
#include <cstdint>
#include <memory>
#include <ostream>
#include <string>

namespace dramsweep {

enum class ProgressStyle {
    kOff,    // nothing (--quiet)
    kBar,    // a bar redrawn in place (a terminal)
    kLines,  // a line every few seconds (anything else)
};

// kOff unless `wanted`; then kBar when stderr is a terminal, else kLines.
ProgressStyle progress_style(bool wanted);

// "[=====>    ]  1234/4096 configs  512.3/s  0:05 left" (pure, for tests). `total` 0: unknown,
// "1234 requests  512.3/s  0:05 elapsed".
std::string format_progress(std::uint64_t done, std::uint64_t total, double elapsed_seconds,
                            const std::string& unit = "configs");

class ProgressBar {
public:
    // `total`: units this run will do (0: unknown); `done_before`: those an earlier run did
    // (--resume), shown apart. `label` starts each plain line ("sweep", "run").
    ProgressBar(std::ostream& out, ProgressStyle style, std::uint64_t total, std::uint64_t done_before,
                std::string unit = "configs", std::string label = "progress");
    void update(std::uint64_t done_now);  // units finished by this run so far
    void set_total(std::uint64_t total) { total_ = total; }
    void finish();                        // ends the bar's line when one was drawn

private:
    using Clock = std::chrono::steady_clock;
    std::ostream& out_;
    ProgressStyle style_;
    std::uint64_t total_, done_before_;
    std::string unit_, label_;
    Clock::time_point start_, last_draw_;
    bool drawn_ = false;
};

// For a long call that cannot report how far it is (the reference closed loop of `run`): a
// thread that shows the current stage and the time spent, as a ProgressBar would (nothing in the
// first second, then a redrawn line on a terminal or a plain line every few seconds elsewhere),
// until the object is destroyed.
class Heartbeat {
public:
    Heartbeat(std::ostream& out, ProgressStyle style, std::string label);
    ~Heartbeat();
    Heartbeat(const Heartbeat&) = delete;
    Heartbeat& operator=(const Heartbeat&) = delete;

    void set_stage(std::string stage);  // "building the request stream", "simulating 1234 requests"

private:
    struct State;
    std::unique_ptr<State> state_;
};

}  // namespace dramsweep
