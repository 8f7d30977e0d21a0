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

std::string device_name() {
    if (!device_available()) return {};
    cudaDeviceProp prop{};
    if (cudaGetDeviceProperties(&prop, 0) != cudaSuccess) return {};
    return prop.name;
}

}  // namespace dramsweep::gpu
