#include "dramsweep/systolic/address_matrix.hpp"

#include <algorithm>
#include <stdexcept>

namespace dramsweep {

std::vector<AddressSegment> address_segments(const LineGeometry& g) {
    if (g.mapping.folds() >= (std::int64_t{1} << (64 - kAddressKeyLineBits)) / 3) {
        throw std::runtime_error("too many folds for element-wise address generation");
    }
    const std::int64_t largest_word = std::max({g.layout.ifmap_offset + g.layout.batch * g.layout.ifmap_image_words,
                                                g.layout.filter_offset + g.layout.n_total * g.layout.k,
                                                g.layout.ofmap_offset + g.gemm.m * g.layout.n_total});
    if (g.line_of_word(largest_word) >= (std::uint64_t{1} << kAddressKeyLineBits)) {
        throw std::runtime_error("addresses too large for element-wise address generation");
    }
    std::vector<AddressSegment> segments;
    segments.reserve(static_cast<std::size_t>(g.mapping.folds()) * kOperandCount);
    std::int64_t element = 0;
    for (std::int64_t fold = 0; fold < g.mapping.folds(); ++fold) {
        const FoldRanges f = fold_ranges(g.mapping, g.gemm, fold_coord(g.mapping, fold));
        const AddressSegment shapes[kOperandCount] = {
            {fold, 0, f.m_end - f.m_begin, f.k_end - f.k_begin, f.m_begin, f.k_begin, 0},
            {fold, 1, f.n_end - f.n_begin, f.k_end - f.k_begin, f.n_begin, f.k_begin, 0},
            {fold, 2, f.m_end - f.m_begin, f.n_end - f.n_begin, f.m_begin, f.n_begin, 0},
        };
        for (AddressSegment s : shapes) {
            s.first_element = element;
            element += s.rows * s.cols;
            segments.push_back(s);
        }
    }
    return segments;
}

FoldLineSets fold_line_sets_from_keys(const LineGeometry& g, const std::vector<std::uint64_t>& keys) {
    FoldLineSets sets;
    sets.folds = g.mapping.folds();
    sets.lines.reserve(keys.size());
    sets.begin.assign(static_cast<std::size_t>(sets.folds) * kOperandCount + 1, 0);
    const std::uint64_t line_mask = (std::uint64_t{1} << kAddressKeyLineBits) - 1;
    for (const std::uint64_t key : keys) {
        sets.lines.push_back(key & line_mask);
        ++sets.begin[(key >> kAddressKeyLineBits) + 1];
    }
    for (std::size_t i = 1; i < sets.begin.size(); ++i) sets.begin[i] += sets.begin[i - 1];
    return sets;
}

FoldLineSets fold_line_sets_by_elements(const LineGeometry& g) {
    std::vector<std::uint64_t> keys;
    for (const AddressSegment& s : address_segments(g)) {
        for (std::int64_t e = 0; e < s.rows * s.cols; ++e) {
            const std::uint64_t key = address_element_key(g, s, e);
            if (key != kNoLineKey) keys.push_back(key);
        }
    }
    std::sort(keys.begin(), keys.end());
    keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
    return fold_line_sets_from_keys(g, keys);
}

}  // namespace dramsweep
