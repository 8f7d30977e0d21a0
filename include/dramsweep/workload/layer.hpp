#pragma once
// A layer of a network, in SCALE-Sim's terms, and the GEMM view the systolic model works on.
//
// A convolution reads an H x W x C ifmap with N filters of R x S x C, moving its window by the
// row stride down the ifmap and by the column stride across it (SCALE-Sim's "Stride Height" and
// "Stride Width"), no padding modelled (SCALE-Sim's convention). A GEMM row (M, N, K) is stored as
// the convolution H=M, W=K, R=1, S=K, C=1, strides 1, which has exactly that GEMM view. A grouped
// convolution (depthwise: groups == C) is `groups` independent convolutions of C/groups channels
// and N/groups filters each, run one after the other on the array.
//
// A batch of B images is folded into the GEMM's M dimension, as a TPU-style array runs it:
// M = B * OH * OW output pixels share the filters, so the weights are fetched once for the
// whole batch when they fit on chip. Output pixel m = b * OH * OW + p is pixel p of image b,
// whose ifmap and ofmap are the b-th image-sized blocks of their operand (docs/model.md, "Batch").

#include <cstdint>
#include <string>
#include <vector>

namespace dramsweep {

enum class LayerKind { Conv, Gemm };

struct Layer {
    std::string name;
    LayerKind kind = LayerKind::Conv;
    std::int64_t ifmap_h = 1;
    std::int64_t ifmap_w = 1;
    std::int64_t filter_h = 1;
    std::int64_t filter_w = 1;
    std::int64_t channels = 1;
    std::int64_t num_filters = 1;
    std::int64_t stride_h = 1;  // row stride: output row e reads ifmap rows from e * stride_h
    std::int64_t stride_w = 1;  // column stride: output column e reads ifmap columns from e * stride_w
    std::int64_t groups = 1;
    std::int64_t batch = 1;  // images run together; 1 is SCALE-Sim's single-image layer
    // Read from a SCALE-Sim CSV row whose name contains "DP", which SCALE-Sim v2 runs as C layers
    // of one channel each (workload/scalesim_layers.hpp); held here as one depthwise layer.
    bool scalesim_dp = false;

    // Output size: ceil((H - R) / stride_h) + 1 rows and ceil((W - S) / stride_w) + 1 columns, as
    // SCALE-Sim computes it. A window that runs past the ifmap edge reads nothing there
    // (SCALE-Sim's -1 addresses: implicit zero padding).
    std::int64_t ofmap_h() const { return (ifmap_h - filter_h + stride_h - 1) / stride_h + 1; }
    std::int64_t ofmap_w() const { return (ifmap_w - filter_w + stride_w - 1) / stride_w + 1; }

    // Output pixels of one image.
    std::int64_t ofmap_pixels() const { return ofmap_h() * ofmap_w(); }

    // The GEMM view of one group: M output pixels (all images of the batch), N filters,
    // K = R*S*C reduction length.
    std::int64_t gemm_m() const { return batch * ofmap_pixels(); }
    std::int64_t gemm_n() const { return num_filters / groups; }
    std::int64_t gemm_k() const { return filter_h * filter_w * (channels / groups); }
    std::int64_t channels_per_group() const { return channels / groups; }

    // Multiply-accumulates of the whole layer (all groups, all images).
    std::int64_t macs() const { return gemm_m() * gemm_n() * gemm_k() * groups; }

    static Layer gemm(std::string name, std::int64_t m, std::int64_t n, std::int64_t k);
};

struct Topology {
    std::string name;
    std::vector<Layer> layers;
};

}  // namespace dramsweep
