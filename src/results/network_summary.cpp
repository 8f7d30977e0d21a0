#include "dramsweep/results/network_summary.hpp"

namespace dramsweep::results {

std::string first_difference(const NetworkSummary& a, const NetworkSummary& b) {
    if (a.cycles != b.cycles) return "cycles";
    if (a.layers.size() != b.layers.size()) return "layers (count)";
    for (std::size_t l = 0; l < a.layers.size(); ++l) {
        const std::string at = "layers[" + std::to_string(l) + "].";
        const LayerSummary &x = a.layers[l], &y = b.layers[l];
        if (x.reads != y.reads) return at + "reads";
        if (x.writes != y.writes) return at + "writes";
        if (x.end_cycle != y.end_cycle) return at + "end_cycle";
        if (x.end_clock != y.end_clock) return at + "end_clock";
        if (const char* counter = first_difference(x.dram, y.dram)) return at + "dram." + counter;
    }
    const std::string d = first_difference(a.dram, b.dram);
    return d.empty() ? d : "dram." + d;
}

}  // namespace dramsweep::results
