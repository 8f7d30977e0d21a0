#include "dramsweep/device/setup.hpp"

#include <algorithm>
#include <bit>
#include <stdexcept>

#include "dramsweep/dram/rules.hpp"
#include "dramsweep/engine/engine_params.hpp"

namespace dramsweep::device {
namespace {

constexpr dram::Command kBoundCommand[kBoundCommands] = {dram::kAct, dram::kPre, dram::kPrea, dram::kRd,
                                                         dram::kWr,  dram::kRef, dram::kRefPb};
constexpr std::uint32_t kMaxGap = 0xffff;
constexpr std::uint32_t kMaxReturnCapacity = 128;

}  // namespace

std::string device_unsupported_reason(const dram::DramConfig& c, std::uint64_t requests) {
    // The host engine's limits (sequence numbers, masks, queue and ring sizes) hold here too.
    const std::string engine = engine::engine_unsupported_reason(c, requests);
    if (!engine.empty()) return engine;
    auto over = [](const char* what, std::uint64_t value, std::uint64_t limit) {
        return std::string(what) + " " + std::to_string(value) + " exceeds the device engine's limit of " +
               std::to_string(limit);
    };
    const std::uint32_t per_lane = banks_per_lane(c.org.ranks * c.org.bank_groups * c.org.banks_per_group);
    if (c.org.channels > max_block_threads(per_lane) / 32)
        return over("org.channels", c.org.channels, max_block_threads(per_lane) / 32);
    if (c.org.rows > (1u << kRowBits)) return over("org.rows", c.org.rows, std::uint64_t{1} << kRowBits);
    if (c.controller.page_timeout >= static_cast<std::uint32_t>(kRebaseAt))
        return over("controller.page_timeout", c.controller.page_timeout, kRebaseAt - 1);
    const dram::ConstraintTable table = dram::derive_constraints(c);
    for (const auto& by_next : table.min_gap)
        for (const auto& by_scope : by_next)
            for (const std::uint32_t gap : by_scope)
                if (gap > kMaxGap) return over("a timing constraint (clocks)", gap, kMaxGap);
    const std::uint64_t delay =
        dram::rules::read_return_delay(c.controller.read_return, c.timing.nCL, c.timing.nBL);
    if (delay > kMaxReturnCapacity) return over("tCL + tBL + 1", delay, kMaxReturnCapacity);
    return {};
}

DeviceParams make_device_params(const dram::DramConfig& c) {
    DeviceParams p{};
    const dram::ConstraintTable table = dram::derive_constraints(c);
    for (int prev = 0; prev < dram::kNumCommands; ++prev)
        for (int scope = 0; scope < dram::kNumScopes; ++scope)
            for (std::uint32_t n = 0; n < kBoundCommands; ++n)
                p.gap[prev][scope].gap[n] =
                    static_cast<Clock32>(table.min_gap[prev][kBoundCommand[n]][scope]);
    static_cast<dram::ControllerParams&>(p) = dram::controller_params(c, table);
    return p;
}

std::vector<std::uint32_t> decode_stream(const dram::DramConfig& config, const std::uint64_t* addresses,
                                         const std::uint8_t* is_write, std::size_t count) {
    const dram::AddressMapping mapping =
        dram::parse_mapping(config.mapping, config.org, config.xor_bank_hash, config.origin);
    const DeviceParams p = make_device_params(config);
    std::vector<std::uint32_t> out(count);
    for (std::size_t i = 0; i < count; ++i)
        out[i] = decode_request(mapping, p, addresses[i], is_write[i] != 0);
    return out;
}

ConfigLayout layout_for(const std::vector<DeviceParams>& params) {
    ConfigLayout layout;
    if (params.empty()) return layout;
    layout.channels = params.front().channels;
    layout.queue_depth[0] = layout.queue_depth[1] = 1;
    std::uint32_t delay = 1;
    for (const DeviceParams& p : params) {
        if (p.channels != layout.channels)
            throw std::logic_error("layout_for: configurations of one launch share their channel count");
        layout.queue_depth[0] = std::max(layout.queue_depth[0], p.read_slots);
        layout.queue_depth[1] = std::max(layout.queue_depth[1], p.write_slots);
        delay = std::max(delay, p.read_return_delay);
    }
    layout.return_capacity = std::bit_ceil(delay);
    return layout;
}

}  // namespace dramsweep::device
