#include "dramsweep/coupled/network_stream.hpp"

#include <sstream>

#include "dramsweep/systolic/sram_traffic.hpp"

namespace dramsweep::coupled {

NetworkStream build_network_stream(const Topology& topology, const AccelConfig& accel) {
    NetworkStream s;
    s.ofmap_capacity_lines = static_cast<std::uint64_t>(sram_capacity(accel).ofmap_lines);
    for (std::size_t l = 0; l < topology.layers.size(); ++l) {
        const LayerTraffic t = layer_traffic(topology.layers[l], accel);
        for (std::int64_t f = 0; f < t.folds; ++f) {
            FoldPlan fold;
            fold.layer = l;
            fold.cycles = static_cast<std::uint64_t>(t.cycles_per_fold);
            const auto [r0, r1] = t.fold_reads(f);
            fold.read_begin = s.reads.size();
            s.reads.insert(s.reads.end(), t.read_addresses.begin() + static_cast<std::ptrdiff_t>(r0),
                           t.read_addresses.begin() + static_cast<std::ptrdiff_t>(r1));
            fold.read_end = s.reads.size();
            const auto [w0, w1] = t.fold_writes(f);
            fold.write_begin = s.writes.size();
            s.writes.insert(s.writes.end(), t.write_addresses.begin() + static_cast<std::ptrdiff_t>(w0),
                            t.write_addresses.begin() + static_cast<std::ptrdiff_t>(w1));
            fold.write_end = s.writes.size();
            s.folds.push_back(fold);
        }
        s.layer_last_fold.push_back(s.folds.size() - 1);
    }
    return s;
}

std::string stream_key(const AccelConfig& a) {
    // The fields map_layer, operand_layout, line_geometry and sram_capacity read.
    std::ostringstream key;
    key << a.array_rows << 'x' << a.array_cols << ' ' << to_string(a.dataflow) << " sram " << a.ifmap_sram_kb << '/'
        << a.filter_sram_kb << '/' << a.ofmap_sram_kb << " offsets " << a.ifmap_offset << '/' << a.filter_offset << '/'
        << a.ofmap_offset << " word " << a.word_bytes << " burst " << a.burst_bytes;
    return key.str();
}

}  // namespace dramsweep::coupled
