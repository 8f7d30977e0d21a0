#pragma once
// An independent JEDEC protocol checker: replays a command log and reports every command issued
// before its earliest legal clock, to a bank in the wrong state, or with colliding data bursts.
//
// It deliberately does not use derive_constraints(): its rules are written out again, one line
// each, from the standard's definitions, so that a mistake in the controller's table shows up
// here as a violation rather than being shared by both.

#include <cstdint>
#include <string>
#include <vector>

#include "dramsweep/dram/command_log.hpp"
#include "dramsweep/dram/config.hpp"

namespace dramsweep::dram {

class ProtocolChecker {
public:
    explicit ProtocolChecker(const DramConfig& config);

    // The earliest clock at which `command` is legal given everything fed so far (timing only,
    // not bank state); `rule` receives the name of the binding constraint.
    std::uint64_t earliest_legal(const CommandRecord& command, std::string* rule = nullptr) const;
    // Checks one command (in log order) and records it.
    void feed(const CommandRecord& command);
    // Checks the refresh rate up to clock `end`.
    void finish(std::uint64_t end);

    const std::vector<std::string>& violations() const { return violations_; }

private:
    static constexpr std::uint64_t kNone = ~std::uint64_t{0};
    struct BankState {
        bool open = false;
        std::uint32_t row = 0;
        std::uint64_t last[kNumCommands];
    };
    struct RankState {
        std::vector<std::uint64_t> acts;  // ACT clocks (only the last four matter)
        std::vector<std::uint64_t> refreshes;
        std::uint64_t wck_runs_until = 0;  // LPDDR5, WCK on demand: the first clock the WCK is stopped
    };
    struct ChannelState {
        // The last clock of each command bus: [0] the one bus, or with row and column buses
        // (controller.command_buses=row_column) [0] the row bus and [1] the column bus.
        std::uint64_t last_cycle[2] = {kNone, kNone};
        Command last_command[2] = {kNumCommands, kNumCommands};  // the command at last_cycle
    };
    struct DataBus {
        std::uint64_t burst_end = 0;
        std::uint32_t burst_rank = 0;
        bool any_burst = false;
    };

    std::size_t bank_index(std::uint32_t ch, std::uint32_t rank, std::uint32_t group, std::uint32_t bank) const;
    void violation(const CommandRecord& c, const std::string& what);
    void check_wck(const CommandRecord& c);
    bool two_buses() const { return config_.controller.command_buses == CommandBuses::kRowColumn; }
    int command_bus(Command c) const { return two_buses() && is_column(c) ? 1 : 0; }

    const DramConfig& config_;
    std::vector<BankState> banks_;
    std::vector<RankState> ranks_;
    std::vector<ChannelState> channels_;
    std::vector<DataBus> data_buses_;  // per channel, or per pseudo-channel (ranks_share_data_bus)
    std::vector<std::string> violations_;
};

// Replays a whole log; returns the violations (empty when the run was legal).
std::vector<std::string> check_protocol(const DramConfig& config, const CommandLog& log);

}  // namespace dramsweep::dram
