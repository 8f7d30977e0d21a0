// The Data-Scheduler's common parts and its greedy: forwarding order, candidate sources, loads
// of a schedule along XY routes, nearest-source forwarding trees.

#include "dramsweep/pim/data_scheduler.hpp"

#include <algorithm>
#include <limits>

namespace dramsweep::pim {
namespace {

Dim2 node_coord(std::int32_t node, std::int32_t mesh_w) {
    return Dim2{node / mesh_w, node % mesh_w};
}

std::int32_t distance(std::int32_t a, std::int32_t b, std::int32_t mesh_w) {
    return hop_distance(node_coord(a, mesh_w), node_coord(b, mesh_w));
}

std::int32_t nearest_holder_distance(const SharedBlock& b, std::int32_t node, std::int32_t mesh_w) {
    std::int32_t best = std::numeric_limits<std::int32_t>::max();
    for (std::int32_t h : b.holders) best = std::min(best, distance(h, node, mesh_w));
    return best;
}

bool is_holder(const SharedBlock& b, std::int32_t node) {
    return std::find(b.holders.begin(), b.holders.end(), node) != b.holders.end();
}

std::vector<std::int64_t> port_loads(const ScheduleProblem& p) {
    std::vector<std::int64_t> port = p.fixed_port;
    port.resize(static_cast<std::size_t>(p.mesh_h * p.mesh_w), 0);
    return port;
}

// The busiest load (in cycles) a transfer from `from` to `to` of `bits` would meet.
double route_pressure(const ScheduleProblem& p, const LinkLoads& links, const std::vector<std::int64_t>& port,
                      const SharedBlock& b, std::int32_t from, std::int32_t to) {
    LinkLoads one;
    one.mesh_h = p.mesh_h;
    one.mesh_w = p.mesh_w;
    route_xy(one, node_coord(from, p.mesh_w), node_coord(to, p.mesh_w), b.bits);
    double worst = 0;
    for (int d = 0; d < kNumDirs; ++d)
        for (std::int32_t n = 0; n < p.mesh_h * p.mesh_w; ++n)
            if (one.bits[d][n] > 0)
                worst = std::max(
                    worst, static_cast<double>(links.bits[d][n] + one.bits[d][n]) / p.link_bits_per_cycle);
    if (p.port_bits_per_cycle > 0 && is_holder(b, from))
        worst = std::max(worst, static_cast<double>(port[static_cast<std::size_t>(from)] + b.bits) /
                                    p.port_bits_per_cycle);
    return worst;
}

}  // namespace

double schedule_makespan(const ScheduleProblem& p, const LinkLoads& links,
                         const std::vector<std::int64_t>& port) {
    double m = static_cast<double>(links.max_bits()) / p.link_bits_per_cycle;
    if (p.port_bits_per_cycle > 0)
        for (std::int64_t bits : port) m = std::max(m, static_cast<double>(bits) / p.port_bits_per_cycle);
    return m;
}

std::vector<std::int32_t> candidate_sources(const SharedBlock& block, std::size_t k) {
    std::vector<std::int32_t> out = block.holders;
    out.insert(out.end(), block.requesters.begin(),
               block.requesters.begin() + static_cast<std::ptrdiff_t>(k));
    return out;
}

void sort_forwarding_order(ScheduleProblem& p) {
    for (SharedBlock& b : p.blocks) {
        std::stable_sort(b.requesters.begin(), b.requesters.end(), [&](std::int32_t x, std::int32_t y) {
            const std::int32_t dx = nearest_holder_distance(b, x, p.mesh_w),
                               dy = nearest_holder_distance(b, y, p.mesh_w);
            return dx != dy ? dx < dy : x < y;
        });
    }
}

Schedule evaluate_sources(const ScheduleProblem& p, std::vector<std::vector<std::int32_t>> source) {
    Schedule s;
    s.links = p.fixed_links;
    s.links.mesh_h = p.mesh_h;
    s.links.mesh_w = p.mesh_w;
    s.port = port_loads(p);
    for (std::size_t b = 0; b < p.blocks.size(); ++b) {
        const SharedBlock& blk = p.blocks[b];
        for (std::size_t k = 0; k < blk.requesters.size(); ++k) {
            const std::int32_t from = source[b][k], to = blk.requesters[k];
            route_xy(s.links, node_coord(from, p.mesh_w), node_coord(to, p.mesh_w), blk.bits);
            s.bit_hops += blk.bits * distance(from, to, p.mesh_w);
            s.bit_hops_of[blk.data] += blk.bits * distance(from, to, p.mesh_w);
            if (is_holder(blk, from))
                s.port[static_cast<std::size_t>(from)] += blk.bits;
            else
                ++s.forwarded;
        }
    }
    s.makespan = schedule_makespan(p, s.links, s.port);
    s.source = std::move(source);
    return s;
}

Schedule greedy_schedule(const ScheduleProblem& p) {
    LinkLoads links = p.fixed_links;
    links.mesh_h = p.mesh_h;
    links.mesh_w = p.mesh_w;
    std::vector<std::int64_t> port = port_loads(p);
    std::vector<std::vector<std::int32_t>> source(p.blocks.size());
    // Large blocks first: they decide the busiest links.
    std::vector<std::size_t> order(p.blocks.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return p.blocks[a].bits > p.blocks[b].bits; });
    for (std::size_t b : order) {
        const SharedBlock& blk = p.blocks[b];
        source[b].resize(blk.requesters.size());
        for (std::size_t k = 0; k < blk.requesters.size(); ++k) {
            const std::int32_t to = blk.requesters[k];
            std::int32_t best = -1, best_dist = 0;
            double best_pressure = 0;
            for (std::int32_t from : candidate_sources(blk, k)) {
                const std::int32_t d = distance(from, to, p.mesh_w);
                if (best >= 0 && d > best_dist) continue;
                const double pressure = route_pressure(p, links, port, blk, from, to);
                if (best < 0 || d < best_dist || pressure < best_pressure) {
                    best = from;
                    best_dist = d;
                    best_pressure = pressure;
                }
            }
            source[b][k] = best;
            route_xy(links, node_coord(best, p.mesh_w), node_coord(to, p.mesh_w), blk.bits);
            if (is_holder(blk, best)) port[static_cast<std::size_t>(best)] += blk.bits;
        }
    }
    Schedule s = evaluate_sources(p, std::move(source));
    s.method = ScheduleMethod::kGreedy;
    return s;
}

}  // namespace dramsweep::pim
