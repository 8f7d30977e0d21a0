#pragma once
// DRAMSWEEP_HD marks functions compiled for both the host and the CUDA device. Headers shared by
// the reference, the host batched engine and the kernels use it, so that each rule of the model
// is written once. The only place that tells the two compilers apart.
//
// DRAMSWEEP_UNROLL before a loop with a constant trip count asks both compilers to unroll it: on
// the device, an array indexed by such a loop then stays in registers. DRAMSWEEP_NO_UNROLL keeps
// a loop a loop: one element in registers at a time.
//
// DRAMSWEEP_ALWAYS_INLINE on a procedure that a backend's hot loop calls (issue_command, the host
// engine's issue): GCC otherwise keeps it out of line, and the call and the object it takes by
// reference cost the host engine about 2 % of its instructions.
#if defined(__CUDACC__)
#define DRAMSWEEP_HD __host__ __device__
#else
#define DRAMSWEEP_HD
#endif
#if defined(__CUDACC__)
#define DRAMSWEEP_ALWAYS_INLINE __forceinline__
#define DRAMSWEEP_NOINLINE __noinline__
#else
#define DRAMSWEEP_ALWAYS_INLINE inline __attribute__((always_inline))
#define DRAMSWEEP_NOINLINE __attribute__((noinline))
#endif
#if defined(__CUDA_ARCH__)  // nvcc's device pass
#define DRAMSWEEP_UNROLL _Pragma("unroll")
#define DRAMSWEEP_NO_UNROLL _Pragma("unroll 1")
#elif defined(__CUDACC__)  // nvcc's host pass takes neither CUDA's pragmas nor GCC's
#define DRAMSWEEP_UNROLL
#define DRAMSWEEP_NO_UNROLL
#else
#define DRAMSWEEP_UNROLL _Pragma("GCC unroll 16")
#define DRAMSWEEP_NO_UNROLL _Pragma("GCC unroll 1")
#endif
