#pragma once
// How one layer's GEMM is laid onto the systolic array for a dataflow, and which operand words
// each fold touches. Shared by the compute model (counts and cycles), the SRAM/DRAM traffic
// model (which words each fold needs) and the address-generation kernels, so that the mapping
// is written once.
//
//   dataflow | array rows x cols | streamed T
//   os       | M x N             | K
//   ws       | K x N             | M
//   is       | K x M             | N
//
// Folds run column fold outer, row fold inner (SCALE-Sim's order); a grouped layer repeats the
// whole fold sequence once per group.

#include <cstdint>

#include "dramsweep/accel/accel_config.hpp"
#include "dramsweep/common/hd.hpp"
#include "dramsweep/workload/layer.hpp"

namespace dramsweep {

// The GEMM dimensions of one group of a layer, as plain integers (usable on the device).
struct GemmShape {
    std::int64_t m = 0;  // output pixels of all images of the batch
    std::int64_t n = 0;  // filters
    std::int64_t k = 0;  // reduction length R*S*C
};

struct ArrayMapping {
    Dataflow dataflow = Dataflow::OutputStationary;
    std::int64_t array_rows = 0;
    std::int64_t array_cols = 0;
    std::int64_t rows_dim = 0;    // operand dimension spread over the array rows
    std::int64_t cols_dim = 0;    // operand dimension spread over the array columns
    std::int64_t streamed = 0;    // T: dimension streamed through the array
    std::int64_t row_folds = 0;
    std::int64_t col_folds = 0;
    std::int64_t groups = 1;

    DRAMSWEEP_HD std::int64_t folds_per_group() const { return row_folds * col_folds; }
    DRAMSWEEP_HD std::int64_t folds() const { return folds_per_group() * groups; }

    // Cycles one fold occupies the array, fill and drain included (SCALE-Sim's per-fold length):
    // os: T + R + C - 2;  ws/is: 2R + C + T - 2  (R, C: array rows and columns).
    DRAMSWEEP_HD std::int64_t cycles_per_fold() const {
        return dataflow == Dataflow::OutputStationary ? streamed + array_rows + array_cols - 2
                                                      : 2 * array_rows + array_cols + streamed - 2;
    }

    // Rows and columns of the array a given fold actually uses (the last fold may be partial).
    DRAMSWEEP_HD std::int64_t used_rows(std::int64_t row_fold) const {
        const std::int64_t left = rows_dim - row_fold * array_rows;
        return left < array_rows ? left : array_rows;
    }
    DRAMSWEEP_HD std::int64_t used_cols(std::int64_t col_fold) const {
        const std::int64_t left = cols_dim - col_fold * array_cols;
        return left < array_cols ? left : array_cols;
    }
};

// Index of a fold in execution order and its coordinates.
struct FoldCoord {
    std::int64_t group = 0;
    std::int64_t col_fold = 0;
    std::int64_t row_fold = 0;
};

DRAMSWEEP_HD inline FoldCoord fold_coord(const ArrayMapping& map, std::int64_t fold_index) {
    FoldCoord c;
    c.group = fold_index / map.folds_per_group();
    const std::int64_t in_group = fold_index % map.folds_per_group();
    c.col_fold = in_group / map.row_folds;
    c.row_fold = in_group % map.row_folds;
    return c;
}

GemmShape gemm_shape(const Layer& layer);
ArrayMapping map_layer(const Layer& layer, const AccelConfig& accel);

// The ranges of the GEMM dimensions a fold covers: [m_begin, m_end) x [n_begin, n_end) x
// [k_begin, k_end). The streamed dimension is always covered whole.
struct FoldRanges {
    std::int64_t m_begin = 0, m_end = 0;
    std::int64_t n_begin = 0, n_end = 0;
    std::int64_t k_begin = 0, k_end = 0;
};

DRAMSWEEP_HD inline FoldRanges fold_ranges(const ArrayMapping& map, const GemmShape& g, const FoldCoord& c) {
    const std::int64_t r0 = c.row_fold * map.array_rows;
    const std::int64_t r1 = r0 + map.used_rows(c.row_fold);
    const std::int64_t c0 = c.col_fold * map.array_cols;
    const std::int64_t c1 = c0 + map.used_cols(c.col_fold);
    FoldRanges f{0, g.m, 0, g.n, 0, g.k};
    switch (map.dataflow) {
        case Dataflow::OutputStationary: f.m_begin = r0; f.m_end = r1; f.n_begin = c0; f.n_end = c1; break;
        case Dataflow::WeightStationary: f.k_begin = r0; f.k_end = r1; f.n_begin = c0; f.n_end = c1; break;
        case Dataflow::InputStationary: f.k_begin = r0; f.k_end = r1; f.m_begin = c0; f.m_end = c1; break;
    }
    return f;
}

// Word addresses of the operands, in SCALE-Sim's layout (word = one operand element):
//   ifmap  ifmap_offset + b * H*W*C_total + (row * W + col) * C_total + channel, channel
//          fastest, b the image of output pixel m, row = oh * stride_h + r and
//          col = ow * stride_w + s for window element (r, s) of output pixel (oh, ow); -1 when
//          the element lies outside the ifmap (no data: implicit zero padding);
//   filter filter_offset + n * K + k  (per group: filters of group g follow group g-1; one set
//          for the whole batch);
//   ofmap  ofmap_offset + m * N_total + n, which puts image b at b * OH*OW*N_total.
// With one image (b = 0 always) this is SCALE-Sim's layout exactly.
struct OperandLayout {
    std::int64_t ifmap_h = 0, ifmap_w = 0, channels_total = 0, channels_per_group = 0;
    std::int64_t filter_w = 0, stride_h = 1, stride_w = 1, ofmap_w = 0;
    std::int64_t ofmap_pixels = 1;       // OH * OW: output pixels of one image
    std::int64_t ifmap_image_words = 0;  // H * W * C_total: one image's ifmap block
    std::int64_t batch = 1;
    std::int64_t n_per_group = 0, n_total = 0, k = 0;
    std::int64_t ifmap_offset = 0, filter_offset = 0, ofmap_offset = 0;

    // The first ifmap word of output pixel m's image.
    DRAMSWEEP_HD std::int64_t image_base(std::int64_t m) const {
        return ifmap_offset + (m / ofmap_pixels) * ifmap_image_words;
    }

    DRAMSWEEP_HD std::int64_t ifmap_address(std::int64_t group, std::int64_t m, std::int64_t k_index) const {
        const std::int64_t pixel = m % ofmap_pixels;
        const std::int64_t oh = pixel / ofmap_w, ow = pixel % ofmap_w;
        const std::int64_t c = k_index % channels_per_group;
        const std::int64_t rs = k_index / channels_per_group;
        const std::int64_t r = rs / filter_w, s = rs % filter_w;
        const std::int64_t row = oh * stride_h + r, col = ow * stride_w + s;
        if (row >= ifmap_h || col >= ifmap_w) return -1;
        return image_base(m) + (row * ifmap_w + col) * channels_total + group * channels_per_group + c;
    }
    DRAMSWEEP_HD std::int64_t filter_address(std::int64_t group, std::int64_t n, std::int64_t k_index) const {
        return filter_offset + (group * n_per_group + n) * k + k_index;
    }
    DRAMSWEEP_HD std::int64_t ofmap_address(std::int64_t group, std::int64_t m, std::int64_t n) const {
        return ofmap_offset + m * n_total + group * n_per_group + n;
    }
};

OperandLayout operand_layout(const Layer& layer, const AccelConfig& accel);

}  // namespace dramsweep
