#include <cuda_runtime.h>

#include "dramsweep/gpu/cuda_runtime_info.hpp"

namespace dramsweep::gpu {

bool built_with_cuda() { return true; }

bool device_available() {
    int count = 0;
    const cudaError_t status = cudaGetDeviceCount(&count);
    if (status != cudaSuccess) {
        cudaGetLastError();  // clear the sticky "no driver" error
        return false;
    }
    return count > 0;
}

DeviceChoice use_device_for(unsigned local_index) {
    int count = 0;
    if (cudaGetDeviceCount(&count) != cudaSuccess || count <= 0) {
        cudaGetLastError();
        return {};
    }
    const int device = static_cast<int>(local_index % static_cast<unsigned>(count));
    if (cudaSetDevice(device) != cudaSuccess) {
        cudaGetLastError();
        return {};
    }
    return {device, count};
}

std::string device_name() {
    if (!device_available()) return {};
    cudaDeviceProp prop{};
    int device = 0;
    if (cudaGetDevice(&device) != cudaSuccess || cudaGetDeviceProperties(&prop, device) != cudaSuccess) return {};
    return prop.name;
}

}  // namespace dramsweep::gpu
