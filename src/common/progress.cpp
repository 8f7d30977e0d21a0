// Progress on stderr (progress.hpp).

#include "dramsweep/common/progress.hpp"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <thread>

namespace dramsweep {
namespace {

constexpr double kRedrawSeconds = 0.1;  // the bar
constexpr int kBarWidth = 30;

// Plain lines: a few per minute by default, not a flood in a log; DRAMSWEEP_PROGRESS_INTERVAL
// (seconds) sets another pace. Work shorter than a second (or than the interval) prints nothing.
double line_seconds() {
    static const double seconds = [] {
        const char* env = std::getenv("DRAMSWEEP_PROGRESS_INTERVAL");
        const double value = env ? std::strtod(env, nullptr) : 5.0;
        return std::clamp(std::isfinite(value) ? value : 5.0, 0.05, 3600.0);
    }();
    return seconds;
}
double show_after_seconds() { return std::min(1.0, line_seconds()); }

std::string clock_text(double seconds) {
    const auto s = static_cast<unsigned long long>(seconds + 0.5);
    char buffer[32];
    if (s >= 3600) std::snprintf(buffer, sizeof buffer, "%llu:%02llu:%02llu", s / 3600, s / 60 % 60, s % 60);
    else std::snprintf(buffer, sizeof buffer, "%llu:%02llu", s / 60, s % 60);
    return buffer;
}

// "1234/4096 configs  512.3/s  0:05 left", or with an unknown total "1234 configs  ...  elapsed".
std::string counts_text(std::uint64_t done, std::uint64_t total, double elapsed, const std::string& unit) {
    const double rate = elapsed > 0 ? static_cast<double>(done) / elapsed : 0;
    std::string time;
    if (total == 0) time = clock_text(elapsed) + " elapsed";
    else if (rate > 0) time = clock_text(static_cast<double>(total > done ? total - done : 0) / rate) + " left";
    else time = "--:-- left";
    char text[200];
    if (total > 0)
        std::snprintf(text, sizeof text, "%llu/%llu %s  %.1f/s  %s", static_cast<unsigned long long>(done),
                      static_cast<unsigned long long>(total), unit.c_str(), rate, time.c_str());
    else
        std::snprintf(text, sizeof text, "%llu %s  %.1f/s  %s", static_cast<unsigned long long>(done), unit.c_str(),
                      rate, time.c_str());
    return text;
}

}  // namespace

ProgressStyle progress_style(bool wanted) {
    if (!wanted) return ProgressStyle::kOff;
    return isatty(STDERR_FILENO) == 1 ? ProgressStyle::kBar : ProgressStyle::kLines;
}

std::string format_progress(std::uint64_t done, std::uint64_t total, double elapsed, const std::string& unit) {
    if (total == 0) return counts_text(done, total, elapsed, unit);
    const double fraction = static_cast<double>(done) / static_cast<double>(total);
    const int filled = static_cast<int>(fraction * kBarWidth);
    std::string bar = "[";
    for (int i = 0; i < kBarWidth; ++i) bar += i < filled ? '=' : (i == filled ? '>' : ' ');
    return bar + "] " + counts_text(done, total, elapsed, unit);
}

ProgressBar::ProgressBar(std::ostream& out, ProgressStyle style, std::uint64_t total, std::uint64_t done_before,
                         std::string unit, std::string label)
    : out_(out), style_(style), total_(total), done_before_(done_before), unit_(std::move(unit)),
      label_(std::move(label)), start_(Clock::now()), last_draw_(start_) {}

void ProgressBar::update(std::uint64_t done_now) {
    if (style_ == ProgressStyle::kOff) return;
    const Clock::time_point now = Clock::now();
    const double elapsed = std::chrono::duration<double>(now - start_).count();
    if (elapsed < show_after_seconds()) return;
    const double since = std::chrono::duration<double>(now - last_draw_).count();
    const std::string before = done_before_ > 0 ? "  (" + std::to_string(done_before_) + " done before)" : "";
    if (style_ == ProgressStyle::kLines) {
        if (drawn_ && since < line_seconds()) return;
        last_draw_ = now;
        drawn_ = true;
        out_ << label_ << ": " << counts_text(done_now, total_, elapsed, unit_) << before << '\n' << std::flush;
        return;
    }
    const bool complete = total_ > 0 && done_now >= total_;
    if (drawn_ && since < kRedrawSeconds && !complete) return;
    last_draw_ = now;
    drawn_ = true;
    out_ << "\r" << format_progress(done_now, total_, elapsed, unit_) << before << std::flush;
}

void ProgressBar::finish() {
    if (drawn_ && style_ == ProgressStyle::kBar) out_ << "\n" << std::flush;
}

struct Heartbeat::State {
    std::ostream& out;
    ProgressStyle style;
    std::string label;
    std::mutex mutex;
    std::condition_variable wake;
    std::string stage;
    bool stop = false;
    bool drawn = false;
    std::thread thread;

    State(std::ostream& o, ProgressStyle s, std::string l) : out(o), style(s), label(std::move(l)) {}

    void run() {
        using Clock = std::chrono::steady_clock;
        const Clock::time_point start = Clock::now();
        const auto period = std::chrono::duration<double>(style == ProgressStyle::kBar ? 1.0 : line_seconds());
        Clock::time_point next = start + std::chrono::duration_cast<Clock::duration>(
                                             std::chrono::duration<double>(show_after_seconds()));
        std::unique_lock<std::mutex> lock(mutex);
        while (!wake.wait_until(lock, next, [&] { return stop; })) {
            const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
            const std::string text = label + ": " + stage + ", " + clock_text(elapsed) + " elapsed";
            if (style == ProgressStyle::kBar) out << "\r" << text << "   " << std::flush;
            else out << text << '\n' << std::flush;
            drawn = true;
            next += std::chrono::duration_cast<Clock::duration>(period);
        }
        if (drawn && style == ProgressStyle::kBar) out << '\n' << std::flush;
    }
};

Heartbeat::Heartbeat(std::ostream& out, ProgressStyle style, std::string label)
    : state_(std::make_unique<State>(out, style, std::move(label))) {
    if (style != ProgressStyle::kOff) state_->thread = std::thread([this] { state_->run(); });
}

Heartbeat::~Heartbeat() {
    {
        const std::lock_guard<std::mutex> lock(state_->mutex);
        state_->stop = true;
    }
    state_->wake.notify_all();
    if (state_->thread.joinable()) state_->thread.join();
}

void Heartbeat::set_stage(std::string stage) {
    const std::lock_guard<std::mutex> lock(state_->mutex);
    state_->stage = std::move(stage);
}

}  // namespace dramsweep
