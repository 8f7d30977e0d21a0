#pragma once
// Small integer helpers shared by host and device code (bit masks, minima), in one place.

#include <cstdint>

#include "dramsweep/common/hd.hpp"

namespace dramsweep::bits {

// Index of the lowest set bit of a non-zero mask.
DRAMSWEEP_HD inline std::uint32_t lowest_bit(std::uint64_t mask) {
#if defined(__CUDA_ARCH__)
    return static_cast<std::uint32_t>(__ffsll(static_cast<long long>(mask)) - 1);
#else
    return static_cast<std::uint32_t>(__builtin_ctzll(mask));
#endif
}

// Number of set bits.
DRAMSWEEP_HD inline std::uint32_t count(std::uint64_t mask) {
#if defined(__CUDA_ARCH__)
    return static_cast<std::uint32_t>(__popcll(static_cast<unsigned long long>(mask)));
#else
    return static_cast<std::uint32_t>(__builtin_popcountll(mask));
#endif
}

DRAMSWEEP_HD inline std::uint64_t bit(std::uint32_t i) { return std::uint64_t{1} << i; }

// Bits [first, end) as a mask (end <= 64).
DRAMSWEEP_HD inline std::uint64_t bit_range(std::uint32_t first, std::uint32_t end) {
    if (first >= end) return 0;
    const std::uint64_t below_end = end >= 64 ? ~std::uint64_t{0} : bit(end) - 1;
    return below_end & ~(bit(first) - 1);
}

DRAMSWEEP_HD inline std::uint64_t max_u64(std::uint64_t a, std::uint64_t b) { return a > b ? a : b; }
DRAMSWEEP_HD inline std::uint64_t min_u64(std::uint64_t a, std::uint64_t b) { return a < b ? a : b; }

}  // namespace dramsweep::bits
