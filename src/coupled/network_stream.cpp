#include "dramsweep/coupled/network_stream.hpp"

#include <sstream>

#include "dramsweep/systolic/sram_traffic.hpp"

namespace dramsweep::coupled {

NetworkStream build_network_stream(const Topology& topology, const AccelConfig& accel) {
    NetworkStream s;
    s.ofmap_capacity_lines = static_cast<std::uint64_t>(sram_capacity(accel).ofmap_lines);
    std::vector<std::uint64_t> reads, writes;
    for (std::size_t l = 0; l < topology.layers.size(); ++l) {
        const LayerTraffic t = layer_traffic(topology.layers[l], accel);
        for (std::int64_t f = 0; f < t.folds; ++f) {
            LoopFold fold{};
            fold.layer = static_cast<std::uint32_t>(l);
            fold.cycles = static_cast<std::uint64_t>(t.cycles_per_fold);
            const auto [r0, r1] = t.fold_reads(f);
            fold.read_begin = reads.size();
            reads.insert(reads.end(), t.read_addresses.begin() + static_cast<std::ptrdiff_t>(r0),
                         t.read_addresses.begin() + static_cast<std::ptrdiff_t>(r1));
            fold.read_end = reads.size();
            const auto [w0, w1] = t.fold_writes(f);
            fold.write_begin = writes.size();
            writes.insert(writes.end(), t.write_addresses.begin() + static_cast<std::ptrdiff_t>(w0),
                          t.write_addresses.begin() + static_cast<std::ptrdiff_t>(w1));
            fold.write_end = writes.size();
            s.folds.push_back(fold);
        }
        s.layer_last_fold.push_back(s.folds.size() - 1);
        s.folds.back().last_of_layer = 1;
    }
    // One stream: the reads, then the writes, whose fold ranges move past the reads.
    for (LoopFold& fold : s.folds) {
        fold.write_begin += reads.size();
        fold.write_end += reads.size();
    }
    s.addresses = std::move(reads);
    s.is_write.assign(s.addresses.size(), 0);
    s.addresses.insert(s.addresses.end(), writes.begin(), writes.end());
    s.is_write.resize(s.addresses.size(), 1);
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
