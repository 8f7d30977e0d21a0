// cuda/cuda_runtime_info.cu compiled for the emulated device (tests/emu/cuda_emu.hpp is force-included).
#include "cuda_runtime_info.cu"
