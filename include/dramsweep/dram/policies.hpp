#pragma once
// The controller's policy choices, as plain enums that host and device code share.

#include <cstdint>

namespace dramsweep::dram {

enum class Scheduler : std::uint8_t { kFcfs, kFrFcfs };
enum class PagePolicy : std::uint8_t { kOpen, kClosed, kTimeout };
enum class RefreshMode : std::uint8_t { kAllBank, kPerBank, kOff };

}  // namespace dramsweep::dram
