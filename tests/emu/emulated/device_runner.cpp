// cuda/device_runner.cu compiled for the emulated device (tests/emu/cuda_emu.hpp is force-included).
#include "device_runner.cu"
