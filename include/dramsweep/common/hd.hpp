#pragma once
// DRAMSWEEP_HD marks functions compiled for both the host and the CUDA device. Engine headers
// shared by the reference, the host batched engine and the kernels use it, so that each rule of
// the model is written once.
#if defined(__CUDACC__)
#define DRAMSWEEP_HD __host__ __device__
#define DRAMSWEEP_DEVICE_INLINE __device__ __forceinline__
#else
#define DRAMSWEEP_HD
#define DRAMSWEEP_DEVICE_INLINE inline
#endif
