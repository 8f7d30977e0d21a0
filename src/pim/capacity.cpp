#include "dramsweep/pim/capacity.hpp"

#include <algorithm>
#include <cstdio>

#include "dramsweep/pim/branch_split.hpp"

namespace dramsweep::pim {
namespace {

// Adds each node's share of `layout` (words) to `words`.
void add_layout_words(const DataLayout& layout, std::int32_t mesh_w, std::vector<std::int64_t>& words) {
    for (int f = 0; f < layout.count; ++f) {
        const LayoutFragment& frag = layout.frag[f];
        for (std::int32_t i = 0; i < frag.part.nodes(); ++i) {
            const PartIndex p = part_index(frag.part, i);
            const Dim2 c = part_coordinate(frag.region, frag.part, p);
            words[static_cast<std::size_t>(c.h * mesh_w + c.w)] +=
                part_fmap_range(frag.part, frag.range, p).size();
        }
    }
}

// Per node, the words of its ifmap range that other nodes hold.
void add_remote_ifmap_words(const MappedLayer& l, std::int32_t mesh_w, std::vector<std::int64_t>& words) {
    const NodeRegion region{l.rect.dim, l.rect.origin, Dim2{1, 1}};
    for (std::int32_t i = 0; i < l.cand.part.nodes(); ++i) {
        const PartIndex p = part_index(l.cand.part, i);
        const NodeData d = node_data(l.ctx.layer, l.ctx.batch, l.cand.part, p);
        const Dim2 c = part_coordinate(region, l.cand.part, p);
        std::int64_t remote = 0;
        for (int f = 0; f < l.ctx.ifmap.count; ++f) {
            const LayoutFragment& frag = l.ctx.ifmap.frag[f];
            for (std::int32_t j = 0; j < frag.part.nodes(); ++j) {
                const PartIndex q = part_index(frag.part, j);
                if (part_coordinate(frag.region, frag.part, q) == c) continue;
                remote += overlap_size(d.ifm, part_fmap_range(frag.part, frag.range, q));
            }
        }
        std::int64_t& w = words[static_cast<std::size_t>(c.h * mesh_w + c.w)];
        w = std::max(w, remote);
    }
}

}  // namespace

CapacityReport dram_capacity(const PimHardware& hw, const Network& net, std::int64_t batch,
                             const std::vector<MappedLayer>& layers, const DataLayout& input) {
    (void)batch;
    const std::size_t nodes = static_cast<std::size_t>(hw.nodes());
    const std::int64_t word_bytes = hw.word_bits / 8;
    CapacityReport r;
    r.capacity_bytes = hw.dram_capacity_bytes;
    std::vector<std::int64_t> weights(nodes, 0), staging(nodes, 0), peak(nodes, 0);
    int steps = 0;
    for (const MappedLayer& l : layers) {
        add_weight_words(l.rect, l.ctx, l.cand, l.weights, hw.mesh_w, weights);
        add_remote_ifmap_words(l, hw.mesh_w, staging);
        steps = std::max(steps, l.step + 1);
    }
    // Live ranges: a tensor from its writer's step to its last reader's (the last step if none).
    const auto consumers = layer_consumers(net);
    int input_last = 0;
    for (std::size_t i = 0; i < net.layers.size(); ++i)
        for (int p : net.layers[i].prevs)
            if (p < 0) input_last = std::max(input_last, layers[i].step);
    std::vector<int> last(layers.size(), steps - 1);
    for (std::size_t i = 0; i < layers.size(); ++i) {
        if (consumers[i].empty()) continue;
        last[i] = 0;
        for (int c : consumers[i]) last[i] = std::max(last[i], layers[static_cast<std::size_t>(c)].step);
    }
    std::vector<std::vector<std::int64_t>> share(layers.size());
    for (std::size_t i = 0; i < layers.size(); ++i) {
        share[i].assign(nodes, 0);
        add_layout_words(layers[i].ofmap, hw.mesh_w, share[i]);
    }
    std::vector<std::int64_t> input_share(nodes, 0);
    add_layout_words(input, hw.mesh_w, input_share);
    for (int s = 0; s < steps; ++s) {
        std::vector<std::int64_t> live(nodes, 0);
        if (s <= input_last)
            for (std::size_t n = 0; n < nodes; ++n) live[n] += input_share[n];
        for (std::size_t i = 0; i < layers.size(); ++i)
            if (layers[i].step <= s && s <= last[i])
                for (std::size_t n = 0; n < nodes; ++n) live[n] += share[i][n];
        for (std::size_t n = 0; n < nodes; ++n) peak[n] = std::max(peak[n], live[n]);
    }
    r.weight_bytes.resize(nodes);
    r.fmap_bytes.resize(nodes);
    r.staging_bytes.resize(nodes);
    r.total_bytes.resize(nodes);
    for (std::size_t n = 0; n < nodes; ++n) {
        r.weight_bytes[n] = weights[n] * word_bytes;
        r.fmap_bytes[n] = peak[n] * word_bytes;
        r.staging_bytes[n] = staging[n] * word_bytes;
        r.total_bytes[n] = r.weight_bytes[n] + r.fmap_bytes[n] + r.staging_bytes[n];
        if (r.total_bytes[n] > r.total_bytes[static_cast<std::size_t>(r.worst_node)])
            r.worst_node = static_cast<std::int32_t>(n);
    }
    const std::int64_t worst = r.total_bytes[static_cast<std::size_t>(r.worst_node)];
    r.fits = worst <= r.capacity_bytes;
    r.overflow_bytes = r.fits ? 0 : worst - r.capacity_bytes;
    return r;
}

std::string capacity_text(const PimHardware& hw, const CapacityReport& r) {
    const std::size_t n = static_cast<std::size_t>(r.worst_node);
    const double mb = 1048576.0;
    char head[120], tail[160];
    if (r.fits)
        std::snprintf(head, sizeof head, "within its");
    else
        std::snprintf(head, sizeof head, "%.1f MB more than its", static_cast<double>(r.overflow_bytes) / mb);
    std::snprintf(tail, sizeof tail, "(weights %.1f, feature maps %.1f, staging %.1f MB)",
                  static_cast<double>(r.weight_bytes[n]) / mb, static_cast<double>(r.fmap_bytes[n]) / mb,
                  static_cast<double>(r.staging_bytes[n]) / mb);
    char line[400];
    std::snprintf(line, sizeof line, "node (%d,%d) needs %.1f MB of DRAM, %s %.1f MB %s",
                  r.worst_node / hw.mesh_w, r.worst_node % hw.mesh_w,
                  static_cast<double>(r.total_bytes[n]) / mb, head,
                  static_cast<double>(r.capacity_bytes) / mb, tail);
    return line;
}

}  // namespace dramsweep::pim
