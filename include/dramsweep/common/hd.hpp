#pragma once
// DRAMSWEEP_HD marks functions compiled for both the host and the CUDA device. Headers shared by
// the reference, the host batched engine and the kernels use it, so that each rule of the model
// is written once. The only place that tells the two compilers apart.
#if defined(__CUDACC__)
#define DRAMSWEEP_HD __host__ __device__
#else
#define DRAMSWEEP_HD
#endif
