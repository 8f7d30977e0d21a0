// Requests decoded for the device engine, once per distinct address mapping of a launch: one
// thread per request (device/setup.hpp: decode_request, the same function the host uses).

#include "decode_kernel.hpp"

#include "device_compat.hpp"
#include "dramsweep/device/setup.hpp"

namespace dramsweep::device {
namespace {

__global__ void decode_requests(dram::AddressMapping mapping, DeviceParams params, const std::uint64_t* addresses,
                                const std::uint8_t* is_write, std::uint32_t* out, std::uint64_t count) {
    const std::uint64_t stride = static_cast<std::uint64_t>(gridDim.x) * blockDim.x;
    for (std::uint64_t i = static_cast<std::uint64_t>(blockIdx.x) * blockDim.x + threadIdx.x; i < count; i += stride)
        out[i] = decode_request(mapping, params, addresses[i], is_write[i] != 0);
}

}  // namespace

void launch_decode(const dram::AddressMapping& mapping, const DeviceParams& params, const std::uint64_t* addresses,
                   const std::uint8_t* is_write, std::uint32_t* out, std::uint64_t count, cudaStream_t stream) {
    if (count == 0) return;
    constexpr unsigned kThreads = 256;
    const auto blocks = static_cast<unsigned>(std::min<std::uint64_t>((count + kThreads - 1) / kThreads, 4096));
    DRAMSWEEP_LAUNCH(decode_requests, blocks, kThreads, 0, stream, mapping, params, addresses, is_write, out, count);
    cuda_api::check_launch();
}

}  // namespace dramsweep::device
