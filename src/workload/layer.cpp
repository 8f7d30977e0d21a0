#include "dramsweep/workload/layer.hpp"

namespace dramsweep {

Layer Layer::gemm(std::string name, std::int64_t m, std::int64_t n, std::int64_t k) {
    Layer layer;
    layer.name = std::move(name);
    layer.kind = LayerKind::Gemm;
    layer.ifmap_h = m;
    layer.ifmap_w = k;
    layer.filter_h = 1;
    layer.filter_w = k;
    layer.channels = 1;
    layer.num_filters = n;
    layer.stride_h = 1;
    layer.stride_w = 1;
    return layer;
}

}  // namespace dramsweep
