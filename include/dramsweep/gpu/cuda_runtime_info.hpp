#pragma once
// Whether a CUDA device can be used, and its name. Without a driver (no GPU, as on CI)
// cudaGetDeviceCount returns an error rather than zero devices: any error means "no GPU".
// In a build without CUDA these report no device.

#include <string>

namespace dramsweep::gpu {

bool built_with_cuda();
bool device_available();
std::string device_name();  // empty when no device

}  // namespace dramsweep::gpu
