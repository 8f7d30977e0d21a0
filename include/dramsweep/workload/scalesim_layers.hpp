#pragma once
// SCALE-Sim v2's depthwise rule. Its conv CSV reader runs a row whose layer name contains "DP"
// (case-sensitive, anywhere in the name) as C layers of one channel each, named
// "<name>Channel_<i>" for i = 0 .. C-1, with every other column of the row unchanged: each of
// them reads an H x W x 1 ifmap with N filters of R x S x 1. Together they are one depthwise
// convolution whose Num Filter is the filters per channel (the depth multiplier; 1 for a plain
// depthwise conv), which is how dramsweep holds such a row: groups = C, C * N filters in all.
// `scalesim --parity` runs the C layers SCALE-Sim runs (scalesim_v2_layers), every other mode the
// one depthwise layer (docs/validation.md).

#include <cstddef>
#include <string>

#include "dramsweep/workload/layer.hpp"

namespace dramsweep {

bool has_scalesim_dp_name(const std::string& layer_name);

// Turns a conv row read from a SCALE-Sim CSV whose name has_scalesim_dp_name() into its one
// depthwise layer (marks it scalesim_dp). `groups_given`: the file has a Groups column, whose
// value on such a row must then be C. Throws InputError at origin:line otherwise, or when C * N
// filters are too many. Rows with a non-positive Channels or Num Filter are left for
// validate_layer() to report.
void apply_scalesim_dp_rule(Layer& layer, bool groups_given, const std::string& origin, std::size_t line);

// The layers SCALE-Sim v2 runs for `topology`, in order: every scalesim_dp layer becomes its C
// single-channel layers; every other layer is copied as it is.
Topology scalesim_v2_layers(const Topology& topology);

}  // namespace dramsweep
