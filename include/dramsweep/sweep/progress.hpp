#pragma once
// A progress bar on stderr: configurations done, rate, time left. Drawn only when the stream is
// a terminal and the sweep has run longer than a second, so logs and pipes stay clean.

#include <chrono>
#include <cstdint>
#include <ostream>
#include <string>

namespace dramsweep::sweep {

// "[=====>    ]  1234/4096 configs  512.3/s  0:05 left" (pure, for tests).
std::string format_progress(std::uint64_t done, std::uint64_t total, double elapsed_seconds);

class ProgressBar {
public:
    // `enabled` false draws nothing (e.g. stderr is not a TTY). `total`: configurations this run
    // will run; `done_before`: those an earlier run finished (--resume), shown apart.
    ProgressBar(std::ostream& out, bool enabled, std::uint64_t total, std::uint64_t done_before);
    void update(std::uint64_t done_now);  // configurations finished by this run so far
    void finish();                        // ends the line when one was drawn

private:
    using Clock = std::chrono::steady_clock;
    std::ostream& out_;
    bool enabled_;
    std::uint64_t total_, done_before_;
    Clock::time_point start_, last_draw_;
    bool drawn_ = false;
};

// Whether stderr is a terminal.
bool stderr_is_tty();

}  // namespace dramsweep::sweep
