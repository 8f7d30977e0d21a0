#pragma once
// The only place the kernels' sources tell a CUDA compiler from the emulated device of the test
// suite (tests/emu): the two pieces of CUDA syntax host C++ lacks, as macros.
//   DRAMSWEEP_DYNAMIC_SHARED(type, name)  the block's dynamic shared memory as `type* name`
//   DRAMSWEEP_LAUNCH(kernel, grid, block, shared_bytes, stream, args...)
// Under nvcc they are the CUDA syntax; in the emulated build (DRAMSWEEP_EMULATED_DEVICE, where
// tests/emu/cuda_emu.hpp is force-included) they call the emulator.

#if defined(DRAMSWEEP_EMULATED_DEVICE)
#define DRAMSWEEP_DYNAMIC_SHARED(type, name) type* name = static_cast<type*>(::emu::dynamic_shared())
#define DRAMSWEEP_LAUNCH(kernel, grid, block, shared_bytes, stream, ...) \
    ::emu::launch(kernel, ::emu::Cfg{(grid), (block), (shared_bytes), (stream)}, __VA_ARGS__)
#else
#define DRAMSWEEP_DYNAMIC_SHARED(type, name) \
    extern __shared__ type dramsweep_dynamic_shared_[];  \
    type* name = dramsweep_dynamic_shared_
#define DRAMSWEEP_LAUNCH(kernel, grid, block, shared_bytes, stream, ...) \
    kernel<<<(grid), (block), (shared_bytes), (stream)>>>(__VA_ARGS__)
#endif
