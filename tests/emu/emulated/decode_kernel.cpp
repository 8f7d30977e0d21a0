// cuda/decode_kernel.cu compiled for the emulated device (tests/emu/cuda_emu.hpp is force-included).
#include "decode_kernel.cu"
