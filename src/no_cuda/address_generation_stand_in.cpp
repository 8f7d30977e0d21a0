// Without CUDA (and in the emulated device's build, which does not run Thrust) address
// generation on the GPU is not available; callers check device_available() first.

#include <stdexcept>

#include "dramsweep/gpu/address_generation.hpp"

namespace dramsweep::gpu {

FoldLineSets fold_line_sets_cuda(const LineGeometry&) {
    throw std::runtime_error("address generation on the GPU is not in this build");
}

}  // namespace dramsweep::gpu
