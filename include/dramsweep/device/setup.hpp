#pragma once
// Host-side set-up of the device engine: a DramConfig as DeviceParams, the check that a
// configuration fits the device engine, requests decoded for it, and the shared-memory layout of
// a set of configurations launched together.

#include <cstdint>
#include <string>
#include <vector>

#include "dramsweep/common/hd.hpp"
#include "dramsweep/device/device_state.hpp"
#include "dramsweep/device/layout.hpp"
#include "dramsweep/dram/config.hpp"
#include "dramsweep/dram/mapping.hpp"

namespace dramsweep::device {

// Empty when the device engine can run `config` over `requests` requests; else which of its
// limits the configuration exceeds (the backends then run it on the host instead).
std::string device_unsupported_reason(const dram::DramConfig& config, std::uint64_t requests);

DeviceParams make_device_params(const dram::DramConfig& config);

// A request as the device reads it (device_state.hpp: pack_request), decoded with the
// configuration's mapping; configurations with equal mappings share one decoded stream.
DRAMSWEEP_HD inline std::uint32_t decode_request(const dram::AddressMapping& mapping, const DeviceParams& p,
                                                 std::uint64_t address, bool is_write) {
    const dram::DecodedAddress at = dram::decode_address(mapping, address);
    const std::uint32_t bank = (at.rank << p.rank_shift) + at.bank_group * p.banks_per_group + at.bank;
    return pack_request(at.row, bank, at.channel, is_write);
}

std::vector<std::uint32_t> decode_stream(const dram::DramConfig& config, const std::uint64_t* addresses,
                                         const std::uint8_t* is_write, std::size_t count);

// The layout that fits every one of `params` (their channels must be equal).
ConfigLayout layout_for(const std::vector<DeviceParams>& params);

}  // namespace dramsweep::device
