#pragma once
// Turns a failed CUDA runtime call into an exception naming the call and the error.

#include <cuda_runtime.h>

#include <stdexcept>
#include <string>

#define DRAMSWEEP_CUDA_CHECK(call)                                                                       \
    do {                                                                                                 \
        const cudaError_t dramsweep_status_ = (call);                                                    \
        if (dramsweep_status_ != cudaSuccess) {                                                          \
            throw std::runtime_error(std::string(#call) + ": " + cudaGetErrorString(dramsweep_status_)); \
        }                                                                                                \
    } while (0)
