// The sweep progress bar (progress.hpp).

#include "dramsweep/sweep/progress.hpp"

#include <cstdio>
#include <unistd.h>

namespace dramsweep::sweep {
namespace {

constexpr double kShowAfterSeconds = 1.0;  // short sweeps print nothing
constexpr double kRedrawSeconds = 0.1;
constexpr int kBarWidth = 30;

std::string clock_text(double seconds) {
    const auto s = static_cast<unsigned long long>(seconds + 0.5);
    char buffer[32];
    if (s >= 3600) std::snprintf(buffer, sizeof buffer, "%llu:%02llu:%02llu", s / 3600, s / 60 % 60, s % 60);
    else std::snprintf(buffer, sizeof buffer, "%llu:%02llu", s / 60, s % 60);
    return buffer;
}

}  // namespace

std::string format_progress(std::uint64_t done, std::uint64_t total, double elapsed) {
    const double fraction = total > 0 ? static_cast<double>(done) / static_cast<double>(total) : 1.0;
    const int filled = static_cast<int>(fraction * kBarWidth);
    std::string bar = "[";
    for (int i = 0; i < kBarWidth; ++i) bar += i < filled ? '=' : (i == filled ? '>' : ' ');
    bar += "]";
    const double rate = elapsed > 0 ? static_cast<double>(done) / elapsed : 0;
    char text[160];
    const std::string left =
        rate > 0 ? clock_text(static_cast<double>(total - done) / rate) + " left" : std::string("--:-- left");
    std::snprintf(text, sizeof text, " %llu/%llu configs  %.1f/s  %s", static_cast<unsigned long long>(done),
                  static_cast<unsigned long long>(total), rate, left.c_str());
    return bar + text;
}

ProgressBar::ProgressBar(std::ostream& out, bool enabled, std::uint64_t total, std::uint64_t done_before)
    : out_(out), enabled_(enabled), total_(total), done_before_(done_before), start_(Clock::now()),
      last_draw_(start_) {}

void ProgressBar::update(std::uint64_t done_now) {
    if (!enabled_) return;
    const Clock::time_point now = Clock::now();
    const double elapsed = std::chrono::duration<double>(now - start_).count();
    if (elapsed < kShowAfterSeconds) return;
    if (drawn_ && std::chrono::duration<double>(now - last_draw_).count() < kRedrawSeconds && done_now < total_)
        return;
    last_draw_ = now;
    drawn_ = true;
    out_ << "\r" << format_progress(done_now, total_, elapsed);
    if (done_before_ > 0) out_ << "  (" << done_before_ << " done before)";
    out_ << std::flush;
}

void ProgressBar::finish() {
    if (drawn_) out_ << "\n" << std::flush;
}

bool stderr_is_tty() { return isatty(STDERR_FILENO) == 1; }

}  // namespace dramsweep::sweep
