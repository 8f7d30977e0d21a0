// cuda/pim_batch_kernel.cu compiled for the emulated device (tests/emu/cuda_emu.hpp is force-included).
#include "pim_batch_kernel.cu"
