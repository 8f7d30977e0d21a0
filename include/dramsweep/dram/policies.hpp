#pragma once
// The controller's policy choices, as plain enums that host and device code share.

#include <cstdint>

namespace dramsweep::dram {

// kFcfs: the oldest request whose next command is legal; kFrFcfs: row hits first (R4/R5);
// kStrictFcfs: the oldest request only, nothing when its next command is not legal.
enum class Scheduler : std::uint8_t { kFcfs, kFrFcfs, kStrictFcfs };
// kCloseAfter: open page, and the row closes with the N-th column command of an activation.
enum class PagePolicy : std::uint8_t { kOpen, kClosed, kTimeout, kCloseAfter };
enum class RefreshMode : std::uint8_t { kAllBank, kPerBank, kOff };
// When the ranks of a channel refresh: spread evenly over one interval, or all at the same clock.
enum class RefreshRanks : std::uint8_t { kStaggered, kSimultaneous };
// The clock a read's data is handed back: one clock after its last beat (DRAMsim3's convention),
// or the clock its last beat ends (Ramulator 2's).
enum class ReadReturn : std::uint8_t { kAfterLastBeat, kLastBeat };
// What one controller serves (docs/dram.md, "HBM pseudo-channels"). kPerChannel: each channel of
// the organisation has its own controller, queues, command bus and data bus (for HBM: each
// channel is one pseudo-channel). kPerLegacyChannel (HBM only): one controller per legacy
// channel whose two pseudo-channels are the organisation's rank level; they share the queues and
// the command bus, each has its own data bus, tFAW window and refresh.
enum class QueueArrangement : std::uint8_t { kPerChannel, kPerLegacyChannel };
// Where an activated request waits for its column command (rule R12). kOff: in its queue entry,
// which it holds from acceptance to its column command. kPerBank: in its bank's entry of an
// active buffer (one entry per bank), so that its ACT frees the queue entry (Ramulator 2's
// arrangement).
enum class ActiveBuffer : std::uint8_t { kOff, kPerBank };
// The command buses of one controller (rule R13). kOne: one bus, at most one command a clock.
// kRowColumn (HBM, the standard's): a row bus (ACT, PRE, PREA, REF, REFpb) and a column bus (RD,
// WR and their auto-precharge forms), one command each a clock, shared by the pseudo-channels a
// controller serves.
enum class CommandBuses : std::uint8_t { kOne, kRowColumn };
// LPDDR5's write clock (rule R14). kAlwaysOn: the WCK keeps running once synchronised (the
// standard's WCK-always-on mode), so no column command waits for it. kOnDemand: the WCK stops
// after the last burst; a RD or WR issued after that is preceded by a CAS command (WCK2CK
// synchronisation, one command clock), as Ramulator 2's LPDDR5 model does.
enum class WckSync : std::uint8_t { kAlwaysOn, kOnDemand };

}  // namespace dramsweep::dram
