#include "dramsweep/systolic/array_mapping.hpp"

namespace dramsweep {
namespace {

std::int64_t ceil_div(std::int64_t a, std::int64_t b) { return (a + b - 1) / b; }

}  // namespace

GemmShape gemm_shape(const Layer& layer) { return {layer.gemm_m(), layer.gemm_n(), layer.gemm_k()}; }

ArrayMapping map_layer(const Layer& layer, const AccelConfig& accel) {
    const GemmShape g = gemm_shape(layer);
    ArrayMapping map;
    map.dataflow = accel.dataflow;
    map.array_rows = accel.array_rows;
    map.array_cols = accel.array_cols;
    map.groups = layer.groups;
    switch (accel.dataflow) {
        case Dataflow::OutputStationary: map.rows_dim = g.m; map.cols_dim = g.n; map.streamed = g.k; break;
        case Dataflow::WeightStationary: map.rows_dim = g.k; map.cols_dim = g.n; map.streamed = g.m; break;
        case Dataflow::InputStationary: map.rows_dim = g.k; map.cols_dim = g.m; map.streamed = g.n; break;
    }
    map.row_folds = ceil_div(map.rows_dim, map.array_rows);
    map.col_folds = ceil_div(map.cols_dim, map.array_cols);
    return map;
}

OperandLayout operand_layout(const Layer& layer, const AccelConfig& accel) {
    OperandLayout l;
    l.ifmap_h = layer.ifmap_h;
    l.ifmap_w = layer.ifmap_w;
    l.channels_total = layer.channels;
    l.channels_per_group = layer.channels_per_group();
    l.filter_w = layer.filter_w;
    l.stride_h = layer.stride_h;
    l.stride_w = layer.stride_w;
    l.ofmap_w = layer.ofmap_w();
    l.ofmap_pixels = layer.ofmap_pixels();
    l.ifmap_image_words = layer.ifmap_h * layer.ifmap_w * layer.channels;
    l.batch = layer.batch;
    l.n_per_group = layer.gemm_n();
    l.n_total = layer.num_filters;
    l.k = layer.gemm_k();
    l.ifmap_offset = accel.ifmap_offset;
    l.filter_offset = accel.filter_offset;
    l.ofmap_offset = accel.ofmap_offset;
    return l;
}

}  // namespace dramsweep
