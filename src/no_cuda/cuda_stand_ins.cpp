// Stand-ins for the CUDA entry points in a build without CUDA: they report no device, and the
// kernels' launchers refuse with an error (callers check device_available() first).

#include <stdexcept>

#include "dramsweep/gpu/address_generation.hpp"
#include "dramsweep/gpu/cuda_runtime_info.hpp"

namespace dramsweep::gpu {

bool built_with_cuda() { return false; }
bool device_available() { return false; }
std::string device_name() { return {}; }

FoldLineSets fold_line_sets_cuda(const LineGeometry&) {
    throw std::runtime_error("dramsweep was built without CUDA");
}

}  // namespace dramsweep::gpu
