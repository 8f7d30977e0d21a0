#pragma once
// The device engine's host side talks to the CUDA runtime only through this facade: device
// memory, pinned host memory, streams, the properties that size a launch. The emulated build of
// the test suite (tests/emu) links a fake runtime behind the same calls, with a configurable
// device (free memory, shared memory limits, failing allocations), so that the launchers' slot
// logic runs in CI.

#include <cuda_runtime.h>

#include <cstddef>

#include "cuda_check.hpp"

namespace dramsweep::cuda_api {

template <typename T>
class DeviceBuffer {
public:
    DeviceBuffer() = default;
    explicit DeviceBuffer(std::size_t count) : count_(count) {
        if (count_ > 0) DRAMSWEEP_CUDA_CHECK(cudaMalloc(reinterpret_cast<void**>(&data_), count_ * sizeof(T)));
    }
    ~DeviceBuffer() {
        if (data_) cudaFree(data_);
    }
    DeviceBuffer(const DeviceBuffer&) = delete;
    DeviceBuffer& operator=(const DeviceBuffer&) = delete;
    DeviceBuffer(DeviceBuffer&& o) noexcept : count_(o.count_), data_(o.data_) { o.data_ = nullptr; }
    DeviceBuffer& operator=(DeviceBuffer&& o) noexcept {
        std::swap(count_, o.count_);
        std::swap(data_, o.data_);
        return *this;
    }

    T* get() const { return data_; }
    std::size_t size() const { return count_; }
    void upload(const T* host, std::size_t count, std::size_t offset = 0, cudaStream_t stream = nullptr) {
        if (count > 0)
            DRAMSWEEP_CUDA_CHECK(cudaMemcpyAsync(data_ + offset, host, count * sizeof(T), cudaMemcpyHostToDevice, stream));
    }
    void download(T* host, std::size_t count, std::size_t offset = 0, cudaStream_t stream = nullptr) const {
        if (count > 0)
            DRAMSWEEP_CUDA_CHECK(cudaMemcpyAsync(host, data_ + offset, count * sizeof(T), cudaMemcpyDeviceToHost, stream));
    }
    void zero(cudaStream_t stream = nullptr) {
        if (count_ > 0) DRAMSWEEP_CUDA_CHECK(cudaMemsetAsync(data_, 0, count_ * sizeof(T), stream));
    }
    void fill_bytes(int byte, cudaStream_t stream = nullptr) {
        if (count_ > 0) DRAMSWEEP_CUDA_CHECK(cudaMemsetAsync(data_, byte, count_ * sizeof(T), stream));
    }

private:
    std::size_t count_ = 0;
    T* data_ = nullptr;
};

// Page-locked host memory: what asynchronous copies go through.
template <typename T>
class PinnedBuffer {
public:
    explicit PinnedBuffer(std::size_t count) : count_(count) {
        if (count_ > 0) DRAMSWEEP_CUDA_CHECK(cudaMallocHost(reinterpret_cast<void**>(&data_), count_ * sizeof(T)));
    }
    ~PinnedBuffer() {
        if (data_) cudaFreeHost(data_);
    }
    PinnedBuffer(const PinnedBuffer&) = delete;
    PinnedBuffer& operator=(const PinnedBuffer&) = delete;
    T* get() const { return data_; }
    T& operator[](std::size_t i) const { return data_[i]; }
    std::size_t size() const { return count_; }

private:
    std::size_t count_ = 0;
    T* data_ = nullptr;
};

class Stream {
public:
    Stream() { DRAMSWEEP_CUDA_CHECK(cudaStreamCreate(&stream_)); }
    ~Stream() { cudaStreamDestroy(stream_); }
    Stream(const Stream&) = delete;
    Stream& operator=(const Stream&) = delete;
    cudaStream_t get() const { return stream_; }
    void synchronize() const { DRAMSWEEP_CUDA_CHECK(cudaStreamSynchronize(stream_)); }

private:
    cudaStream_t stream_ = nullptr;
};

inline int device_attribute(cudaDeviceAttr attr) {
    int device = 0, value = 0;
    DRAMSWEEP_CUDA_CHECK(cudaGetDevice(&device));
    DRAMSWEEP_CUDA_CHECK(cudaDeviceGetAttribute(&value, attr, device));
    return value;
}
inline int multiprocessors() { return device_attribute(cudaDevAttrMultiProcessorCount); }
inline std::size_t shared_memory_optin() {
    return static_cast<std::size_t>(device_attribute(cudaDevAttrMaxSharedMemoryPerBlockOptin));
}
inline std::size_t free_memory() {
    std::size_t free_bytes = 0, total_bytes = 0;
    DRAMSWEEP_CUDA_CHECK(cudaMemGetInfo(&free_bytes, &total_bytes));
    return free_bytes;
}

// How many blocks of `kernel` one SM holds at once, with `threads` threads and `shared_bytes`
// of dynamic shared memory each. The kernel's limit on dynamic shared memory is raised to the
// device's opt-in maximum first: it is one limit per kernel, and launches of one kernel with
// different sizes (pools of different queue depths) must all fit under it.
template <typename Kernel>
int resident_blocks_per_sm(Kernel kernel, int threads, std::size_t shared_bytes) {
    DRAMSWEEP_CUDA_CHECK(cudaFuncSetAttribute(kernel, cudaFuncAttributeMaxDynamicSharedMemorySize,
                                              static_cast<int>(shared_memory_optin())));
    int blocks = 0;
    DRAMSWEEP_CUDA_CHECK(cudaOccupancyMaxActiveBlocksPerMultiprocessor(&blocks, kernel, threads, shared_bytes));
    return blocks;
}

inline void check_launch() { DRAMSWEEP_CUDA_CHECK(cudaGetLastError()); }

}  // namespace dramsweep::cuda_api
