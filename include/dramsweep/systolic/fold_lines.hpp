#pragma once
// Stage 1 of the SRAM/DRAM traffic model: for every fold of a layer, the DRAM lines (bursts)
// each operand touches. A line is `byte_address / burst_bytes`; word w of an operand lives at
// byte (offset + w) * word_bytes (docs/model.md, "DRAM traffic of the double-buffered SRAMs").
//
// Within a fold and operand the lines are sorted ascending and unique: that order is part of
// the model (it is the order requests are issued), and it is what the CUDA address-generation
// kernels reproduce with a sort and a unique.

#include <cstdint>
#include <span>
#include <vector>

#include "dramsweep/accel/accel_config.hpp"
#include "dramsweep/systolic/array_mapping.hpp"
#include "dramsweep/workload/layer.hpp"

namespace dramsweep {

enum class Operand : std::uint8_t { Ifmap = 0, Filter = 1, Ofmap = 2 };
inline constexpr int kOperandCount = 3;
const char* to_string(Operand operand);

// Lines per (fold, operand) in compressed rows: the lines of fold f and operand o are
// lines[begin[f * 3 + o] .. begin[f * 3 + o + 1]). For ifmap and filter they are the lines the
// fold reads; for ofmap the lines the fold produces (final outputs or partial sums).
struct FoldLineSets {
    std::int64_t folds = 0;
    std::vector<std::uint64_t> lines;
    std::vector<std::uint64_t> begin;  // folds * 3 + 1 entries

    std::span<const std::uint64_t> of(std::int64_t fold, Operand operand) const {
        const std::size_t slot = static_cast<std::size_t>(fold) * kOperandCount + static_cast<std::size_t>(operand);
        return {lines.data() + begin[slot], lines.data() + begin[slot + 1]};
    }
};

// Everything the line enumeration needs, as plain integers (shared with the CUDA kernels).
struct LineGeometry {
    ArrayMapping mapping;
    GemmShape gemm;
    OperandLayout layout;
    std::int64_t word_bytes = 1;
    std::int64_t burst_bytes = 64;

    DRAMSWEEP_HD std::uint64_t line_of_word(std::int64_t word_address) const {
        return static_cast<std::uint64_t>(word_address * word_bytes / burst_bytes);
    }
};

LineGeometry line_geometry(const Layer& layer, const AccelConfig& accel);

// The host enumeration: walks contiguous address runs (a window row of the ifmap, a filter
// row, an output row) rather than single words, then sorts and removes duplicates per fold.
FoldLineSets fold_line_sets(const LineGeometry& geometry);

}  // namespace dramsweep
