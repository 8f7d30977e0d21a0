#pragma once
// A device allocation that frees itself, with whole-element uploads and downloads. Plain
// cudaMalloc memory: the backends size their batches from cudaMemGetInfo instead of relying on
// managed memory.

#include <cuda_runtime.h>

#include <cstddef>

#include "cuda_check.hpp"

namespace dramsweep::engine::cuda_detail {

template <typename T>
class DeviceArray {
public:
    explicit DeviceArray(std::size_t count) : count_(count) {
        if (count_ > 0) DRAMSWEEP_CUDA_CHECK(cudaMalloc(reinterpret_cast<void**>(&data_), count_ * sizeof(T)));
    }
    ~DeviceArray() {
        if (data_) cudaFree(data_);
    }
    DeviceArray(const DeviceArray&) = delete;
    DeviceArray& operator=(const DeviceArray&) = delete;
    DeviceArray(DeviceArray&& other) noexcept : count_(other.count_), data_(other.data_) { other.data_ = nullptr; }

    T* get() const { return data_; }
    std::size_t size() const { return count_; }
    void upload(const T* host, std::size_t count, std::size_t offset = 0) {
        if (count > 0)
            DRAMSWEEP_CUDA_CHECK(cudaMemcpy(data_ + offset, host, count * sizeof(T), cudaMemcpyHostToDevice));
    }
    void download(T* host, std::size_t count, std::size_t offset = 0) const {
        if (count > 0)
            DRAMSWEEP_CUDA_CHECK(cudaMemcpy(host, data_ + offset, count * sizeof(T), cudaMemcpyDeviceToHost));
    }

private:
    std::size_t count_;
    T* data_ = nullptr;
};

}  // namespace dramsweep::engine::cuda_detail
