#pragma once
// The CUDA runtime as the emulated device provides it (emu_runtime.cpp): the calls the project's
// host code makes (cuda/cuda_api.hpp and its users), over host memory, with a device whose size
// and limits the environment sets:
//   EMU_DEVICE_MEMORY   bytes of device memory (default 80 GiB)
//   EMU_SMEM_OPTIN      the opt-in dynamic shared memory limit per block (default 232448, an H100's)
//   EMU_SM_COUNT        multiprocessors (default 132)
//   EMU_NO_DEVICE       1: cudaGetDeviceCount fails, as without a driver
//   EMU_DEVICE_COUNT    devices (default 1); all alike, cudaSetDevice only records the choice

#include <cstddef>

typedef struct CUstream_st* cudaStream_t;

enum cudaError_t {
    cudaSuccess = 0,
    cudaErrorInvalidValue = 1,
    cudaErrorMemoryAllocation = 2,
    cudaErrorNoDevice = 100,
    cudaErrorLaunchFailure = 719
};
enum cudaMemcpyKind { cudaMemcpyHostToHost = 0, cudaMemcpyHostToDevice = 1, cudaMemcpyDeviceToHost = 2, cudaMemcpyDeviceToDevice = 3 };
enum cudaDeviceAttr { cudaDevAttrMultiProcessorCount = 16, cudaDevAttrMaxSharedMemoryPerBlockOptin = 97 };
enum cudaFuncAttribute { cudaFuncAttributeMaxDynamicSharedMemorySize = 8 };

struct cudaDeviceProp {
    char name[256];
    int multiProcessorCount;
};

const char* cudaGetErrorString(cudaError_t error);
cudaError_t cudaGetLastError();
cudaError_t cudaGetDeviceCount(int* count);
cudaError_t cudaGetDevice(int* device);
cudaError_t cudaSetDevice(int device);
cudaError_t cudaGetDeviceProperties(cudaDeviceProp* prop, int device);
cudaError_t cudaDeviceGetAttribute(int* value, cudaDeviceAttr attr, int device);
cudaError_t cudaDeviceSynchronize();
cudaError_t cudaMemGetInfo(std::size_t* free_bytes, std::size_t* total_bytes);
cudaError_t cudaMalloc(void** p, std::size_t bytes);
cudaError_t cudaFree(void* p);
cudaError_t cudaMallocHost(void** p, std::size_t bytes);
cudaError_t cudaFreeHost(void* p);
cudaError_t cudaMemcpy(void* dst, const void* src, std::size_t bytes, cudaMemcpyKind kind);
cudaError_t cudaMemcpyAsync(void* dst, const void* src, std::size_t bytes, cudaMemcpyKind kind, cudaStream_t stream);
cudaError_t cudaMemsetAsync(void* p, int value, std::size_t bytes, cudaStream_t stream);
cudaError_t cudaStreamCreate(cudaStream_t* stream);
cudaError_t cudaStreamDestroy(cudaStream_t stream);
cudaError_t cudaStreamSynchronize(cudaStream_t stream);

// Test hook: after `successes` more allocations, the next cudaMalloc fails (once).
void emu_fail_cuda_malloc_after(std::size_t successes);

cudaError_t emu_func_set_attribute(const void* kernel, cudaFuncAttribute attr, int value);
cudaError_t emu_occupancy(int* blocks, const void* kernel, int threads, std::size_t shared_bytes);
template <typename Kernel>
cudaError_t cudaFuncSetAttribute(Kernel* kernel, cudaFuncAttribute attr, int value) {
    return emu_func_set_attribute(reinterpret_cast<const void*>(kernel), attr, value);
}
template <typename Kernel>
cudaError_t cudaOccupancyMaxActiveBlocksPerMultiprocessor(int* blocks, Kernel* kernel, int threads,
                                                          std::size_t shared_bytes) {
    return emu_occupancy(blocks, reinterpret_cast<const void*>(kernel), threads, shared_bytes);
}
