#pragma once
// Whether a CUDA device can be used, and its name. Without a driver (no GPU, as on CI)
// cudaGetDeviceCount returns an error rather than zero devices: any error means "no GPU".
// In a build without CUDA these report no device.

#include <string>

namespace dramsweep::gpu {

bool built_with_cuda();
bool device_available();
std::string device_name();  // empty when no device

// Makes device `local_index % count` the calling thread's device (the one the cuda backend then
// uses), so that the processes of one node (MPI ranks by their local rank) spread over its
// GPUs. Returns the device's ordinal and the node's device count; {-1, 0} without a device.
struct DeviceChoice {
    int device = -1;
    int count = 0;
};
DeviceChoice use_device_for(unsigned local_index);

}  // namespace dramsweep::gpu
