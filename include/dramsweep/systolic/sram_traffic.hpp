#pragma once
// Stage 2 of the traffic model: the double-buffered SRAMs between the array and DRAM decide
// which of a fold's lines must come from DRAM, and when outputs go back. The result is the
// layer's DRAM request stream, fold by fold. The rules (docs/model.md):
//
// * Reads. Each read operand's SRAM keeps the lines last used by the most recent folds, as many
//   whole folds as fit in it together with the fold being fetched ("whole-fold LRU"). A line of
//   fold g that is resident is reused; any other line is one DRAM read request. So an operand
//   that fits in its SRAM is read exactly once (the compulsory traffic), and no operand is ever
//   read less than that.
// * Timing. The reads of fold g are issued when fold g-1 starts (those of fold 0 when the layer
//   starts); fold g cannot start before they have arrived and fold g-1 has finished.
// * Writes. A fold's output lines are written when the fold finishes, one request per line the
//   fold produces. In WS and IS a column fold's outputs are partial sums until its last row fold:
//   they stay in the ofmap SRAM when the block fits in half of it (the other half drains the
//   previous block); otherwise every row fold writes its partial sums and the next row fold of
//   the same column fold reads them back with its prefetch.

#include <array>
#include <cstdint>
#include <utility>
#include <vector>

#include "dramsweep/systolic/fold_lines.hpp"

namespace dramsweep {

struct OperandTraffic {
    std::int64_t compulsory_lines = 0;  // distinct lines of the operand the layer touches
    std::int64_t read_requests = 0;
    std::int64_t write_requests = 0;
    std::int64_t first_fold = -1;       // first and last fold with a request of this operand
    std::int64_t last_fold = -1;
};

struct LayerTraffic {
    std::int64_t folds = 0;
    std::int64_t cycles_per_fold = 0;
    std::int64_t burst_bytes = 64;

    // Byte addresses of the reads that fold g needs, in issue order: ifmap lines ascending, then
    // filter lines, then the read-back of partial sums (operand ofmap). The reads of fold g and
    // operand o are read_addresses[read_begin[3g + o] .. read_begin[3g + o + 1]).
    std::vector<std::uint64_t> read_addresses;
    std::vector<std::uint64_t> read_begin;
    // Byte addresses written when fold f finishes: write_addresses[write_begin[f] .. write_begin[f + 1]).
    std::vector<std::uint64_t> write_addresses;
    std::vector<std::uint64_t> write_begin;

    std::array<OperandTraffic, kOperandCount> operands{};

    std::int64_t reads() const { return static_cast<std::int64_t>(read_addresses.size()); }
    // Index range [first, second) into read_addresses of fold g's reads (all operands).
    std::pair<std::uint64_t, std::uint64_t> fold_reads(std::int64_t fold) const {
        return {read_begin[static_cast<std::size_t>(fold) * kOperandCount],
                read_begin[static_cast<std::size_t>(fold + 1) * kOperandCount]};
    }
    std::pair<std::uint64_t, std::uint64_t> fold_writes(std::int64_t fold) const {
        return {write_begin[static_cast<std::size_t>(fold)], write_begin[static_cast<std::size_t>(fold) + 1]};
    }
    std::int64_t writes() const { return static_cast<std::int64_t>(write_addresses.size()); }
    const OperandTraffic& of(Operand o) const { return operands[static_cast<std::size_t>(o)]; }
};

struct SramCapacity {
    std::int64_t ifmap_lines = 0;
    std::int64_t filter_lines = 0;
    std::int64_t ofmap_lines = 0;
};
SramCapacity sram_capacity(const AccelConfig& accel);

// Applies the SRAM rules to the per-fold line sets (from the host enumeration or the kernels).
LayerTraffic sram_traffic(const LineGeometry& geometry, const FoldLineSets& sets, const SramCapacity& capacity);

// Both stages on the host.
LayerTraffic layer_traffic(const Layer& layer, const AccelConfig& accel);

}  // namespace dramsweep
