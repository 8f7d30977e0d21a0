#pragma once
// Decoding a request stream on the device for one address mapping (decode_kernel.cu).

#include <cstdint>

#include "cuda_api.hpp"
#include "dramsweep/device/device_state.hpp"
#include "dramsweep/dram/mapping.hpp"

namespace dramsweep::device {

// out[i] = decode_request(mapping, params, addresses[i], is_write[i]); asynchronous on `stream`.
void launch_decode(const dram::AddressMapping& mapping, const DeviceParams& params, const std::uint64_t* addresses,
                   const std::uint8_t* is_write, std::uint32_t* out, std::uint64_t count, cudaStream_t stream);

}  // namespace dramsweep::device
