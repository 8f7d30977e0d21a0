#include "dramsweep/pim/branch_split.hpp"

#include <algorithm>
#include <map>
#include <set>

namespace dramsweep::pim {
namespace {

std::vector<int> dependencies(const NetworkLayer& l) {
    std::vector<int> d = l.prevs;
    if (l.weights_from >= 0) d.push_back(l.weights_from);
    return d;
}

// Assignments of the branches in `mask` to rectangles covering `rect`, as (branch -> rect) lists.
using Assignment = std::vector<std::pair<int, Rect>>;

std::vector<Assignment> split(const Rect& rect, unsigned mask) {
    const int members = __builtin_popcount(mask);
    if (members == 1) return {Assignment{{__builtin_ctz(mask), rect}}};
    std::vector<Assignment> out;
    for (int horizontal = 0; horizontal < 2; ++horizontal) {
        const std::int32_t len = horizontal ? rect.dim.h : rect.dim.w;
        for (std::int32_t cut = 1; cut < len; ++cut) {
            Rect a = rect, b = rect;
            if (horizontal) {
                a.dim.h = cut;
                b.origin.h += cut;
                b.dim.h -= cut;
            } else {
                a.dim.w = cut;
                b.origin.w += cut;
                b.dim.w -= cut;
            }
            // Every non-empty proper subset to the first side.
            for (unsigned sub = (mask - 1) & mask; sub; sub = (sub - 1) & mask) {
                const unsigned rest = mask & ~sub;
                if (a.nodes() < __builtin_popcount(sub) || b.nodes() < __builtin_popcount(rest)) continue;
                const auto left = split(a, sub), right = split(b, rest);
                for (const Assignment& l : left)
                    for (const Assignment& r : right) {
                        Assignment both = l;
                        both.insert(both.end(), r.begin(), r.end());
                        out.push_back(std::move(both));
                    }
            }
        }
    }
    return out;
}

}  // namespace

std::vector<std::vector<int>> layer_consumers(const Network& net) {
    std::vector<std::vector<int>> out(net.layers.size());
    for (std::size_t i = 0; i < net.layers.size(); ++i)
        for (int p : dependencies(net.layers[i]))
            if (p >= 0) out[static_cast<std::size_t>(p)].push_back(static_cast<int>(i));
    return out;
}

std::vector<BranchSegment> find_branch_segments(const Network& net, int max_branches) {
    const auto consumers = layer_consumers(net);
    std::map<std::vector<int>, std::vector<int>> heads_by_inputs;
    std::vector<std::vector<int>> order;  // input sets in the order of their first head
    for (std::size_t i = 0; i < net.layers.size(); ++i) {
        const std::vector<int> deps = dependencies(net.layers[i]);
        // A layer that continues a chain is not a head.
        if (deps.size() == 1 && deps[0] >= 0 && consumers[static_cast<std::size_t>(deps[0])].size() == 1)
            continue;
        auto& heads = heads_by_inputs[deps];
        if (heads.empty()) order.push_back(deps);
        heads.push_back(static_cast<int>(i));
    }
    std::vector<BranchSegment> out;
    for (const auto& deps : order) {
        const auto& heads = heads_by_inputs[deps];
        if (heads.size() < 2 || static_cast<int>(heads.size()) > max_branches) continue;
        BranchSegment seg;
        for (int h : heads) {
            std::vector<int> chain{h};
            for (;;) {
                const auto& next = consumers[static_cast<std::size_t>(chain.back())];
                if (next.size() != 1) break;
                const std::vector<int> d = dependencies(net.layers[static_cast<std::size_t>(next[0])]);
                if (d.size() != 1 || d[0] != chain.back()) break;
                chain.push_back(next[0]);
            }
            seg.chains.push_back(std::move(chain));
        }
        out.push_back(std::move(seg));
    }
    return out;
}

std::vector<std::vector<Rect>> enumerate_splits(const Rect& rect, int count) {
    std::vector<std::vector<Rect>> out;
    if (count < 1 || count > 16 || rect.nodes() < count) return out;
    std::set<std::vector<std::int32_t>> seen;  // the same rectangles reached by other cut orders
    for (const Assignment& a : split(rect, (1u << count) - 1)) {
        std::vector<Rect> rects(static_cast<std::size_t>(count));
        for (const auto& [branch, r] : a) rects[static_cast<std::size_t>(branch)] = r;
        std::vector<std::int32_t> key;
        for (const Rect& r : rects) key.insert(key.end(), {r.origin.h, r.origin.w, r.dim.h, r.dim.w});
        if (seen.insert(key).second) out.push_back(std::move(rects));
    }
    return out;
}

}  // namespace dramsweep::pim
