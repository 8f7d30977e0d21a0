#pragma once
// Address generation on the GPU: the per-fold DRAM line sets of a layer (stage 1 of the traffic
// model, see systolic/fold_lines.hpp), computed with one thread per address-matrix element and
// Thrust's sort and unique. The result equals fold_line_sets() on the host, line for line.

#include "dramsweep/systolic/fold_lines.hpp"

namespace dramsweep::gpu {

// Throws std::runtime_error when no device is available or the build has no CUDA.
FoldLineSets fold_line_sets_cuda(const LineGeometry& geometry);

}  // namespace dramsweep::gpu
