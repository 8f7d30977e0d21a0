// Without CUDA there is no device: the runtime queries answer so.

#include "dramsweep/gpu/cuda_runtime_info.hpp"

namespace dramsweep::gpu {

bool built_with_cuda() { return false; }
bool device_available() { return false; }
std::string device_name() { return {}; }
DeviceChoice use_device_for(unsigned) { return {}; }

}  // namespace dramsweep::gpu
