#pragma once
// DRAM clocks as the controllers and the drivers exchange them: the "never" clock (no event is
// pending), and what one clock of a memory system completed.

#include <cstdint>

#include "dramsweep/common/hd.hpp"

namespace dramsweep::dram {

// A clock no event reaches: "nothing pending".
inline constexpr std::uint64_t kNever = ~std::uint64_t{0};

// What one clock of a channel (or of all channels of a memory system) completed: reads handed
// back and writes issued (a write is complete once its WR/WRA issues).
struct TickCounts {
    std::uint32_t reads_returned = 0;
    std::uint32_t writes_issued = 0;

    DRAMSWEEP_HD std::uint32_t completed() const { return reads_returned + writes_issued; }
    DRAMSWEEP_HD TickCounts& operator+=(const TickCounts& o) {
        reads_returned += o.reads_returned;
        writes_issued += o.writes_issued;
        return *this;
    }
};

}  // namespace dramsweep::dram
