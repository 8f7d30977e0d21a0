#pragma once
// The element-wise view of the traffic model's stage 1, as the GPU computes it: every
// (fold, operand) pair is a segment, and every element of the segment's address matrix
// (ifmap: m x k, filter: n x k, ofmap: m x n) maps to one DRAM line. The same functions run in
// the kernels and, serially, in fold_line_sets_by_elements(), which CI compares with the
// run-based host enumeration on every build.

#include <cstdint>
#include <vector>

#include "dramsweep/common/hd.hpp"
#include "dramsweep/systolic/fold_lines.hpp"

namespace dramsweep {

struct AddressSegment {
    std::int64_t fold = 0;
    int operand = 0;                 // Operand as an int (device-friendly)
    std::int64_t rows = 0, cols = 0;  // element e is (row0 + e / cols, col0 + e % cols)
    std::int64_t row0 = 0, col0 = 0;
    std::int64_t first_element = 0;   // prefix sum of rows * cols over earlier segments
};

// Sort key of an element: (fold * 3 + operand) in the high bits, the line in the low 40 bits;
// elements with no data (outside the ifmap) get kNoLineKey, which sorts last.
inline constexpr int kAddressKeyLineBits = 40;
inline constexpr std::uint64_t kNoLineKey = ~std::uint64_t{0};

DRAMSWEEP_HD inline std::uint64_t address_element_key(const LineGeometry& g, const AddressSegment& s,
                                                       std::int64_t element_in_segment) {
    const std::int64_t i = s.row0 + element_in_segment / s.cols;
    const std::int64_t j = s.col0 + element_in_segment % s.cols;
    const std::int64_t group = fold_coord(g.mapping, s.fold).group;
    std::int64_t word = -1;
    if (s.operand == 0) {
        word = g.layout.ifmap_address(group, i, j);
    } else if (s.operand == 1) {
        word = g.layout.filter_address(group, i, j);
    } else {
        word = g.layout.ofmap_address(group, i, j);
    }
    if (word < 0) return kNoLineKey;
    const auto segment_id = static_cast<std::uint64_t>(s.fold) * 3 + static_cast<std::uint64_t>(s.operand);
    return (segment_id << kAddressKeyLineBits) | g.line_of_word(word);
}

// The segments of a layer in fold order. Throws std::runtime_error when the layer is too large
// for the key encoding (more than 2^22 folds or lines beyond 2^40).
std::vector<AddressSegment> address_segments(const LineGeometry& geometry);

// Builds FoldLineSets from keys sorted ascending and unique (kNoLineKey removed).
FoldLineSets fold_line_sets_from_keys(const LineGeometry& geometry, const std::vector<std::uint64_t>& keys);

// The element-wise algorithm run serially on the host (reference for the kernels).
FoldLineSets fold_line_sets_by_elements(const LineGeometry& geometry);

}  // namespace dramsweep
