// Per-fold DRAM line sets on the GPU: one thread per address-matrix element writes its sort key
// (systolic/address_matrix.hpp); Thrust's sort, unique and remove then leave every
// (fold, operand) segment's lines ascending and unique, which is the host model's order.

#include <thrust/copy.h>
#include <thrust/device_vector.h>
#include <thrust/remove.h>
#include <thrust/sort.h>
#include <thrust/unique.h>

#include <algorithm>
#include <stdexcept>

#include "cuda_check.hpp"
#include "dramsweep/gpu/address_generation.hpp"
#include "dramsweep/gpu/cuda_runtime_info.hpp"
#include "dramsweep/systolic/address_matrix.hpp"

namespace dramsweep::gpu {
namespace {

// Elements per launch: bounds device memory to 1 GiB of keys for any layer size.
constexpr std::int64_t kMaxElementsPerLaunch = std::int64_t{1} << 27;

__global__ void generate_keys(LineGeometry g, const AddressSegment* segments, int segment_count,
                              std::int64_t base_element, std::int64_t element_count, std::uint64_t* keys) {
    const std::int64_t tid = static_cast<std::int64_t>(blockIdx.x) * blockDim.x + threadIdx.x;
    if (tid >= element_count) return;
    const std::int64_t element = base_element + tid;
    int lo = 0, hi = segment_count - 1;  // the last segment starting at or before `element`
    while (lo < hi) {
        const int mid = (lo + hi + 1) / 2;
        if (segments[mid].first_element <= element) {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    keys[tid] = address_element_key(g, segments[lo], element - segments[lo].first_element);
}

}  // namespace

FoldLineSets fold_line_sets_cuda(const LineGeometry& g) {
    if (!device_available()) throw std::runtime_error("no CUDA device is available");
    const std::vector<AddressSegment> segments = address_segments(g);
    const AddressSegment& last = segments.back();
    const std::int64_t total = last.first_element + last.rows * last.cols;
    thrust::device_vector<AddressSegment> d_segments(segments.begin(), segments.end());

    // Each slice is sorted and made unique on the device; slices cover consecutive elements,
    // so their keys only interleave where a segment spans a slice border, which the final
    // host sort + unique resolves (it runs only when there is more than one slice).
    std::vector<std::uint64_t> keys;
    for (std::int64_t base = 0; base < total; base += kMaxElementsPerLaunch) {
        const std::int64_t count = std::min(kMaxElementsPerLaunch, total - base);
        thrust::device_vector<std::uint64_t> d_keys(static_cast<std::size_t>(count));
        constexpr int kThreads = 256;
        const auto blocks = static_cast<unsigned>((count + kThreads - 1) / kThreads);
        generate_keys<<<blocks, kThreads>>>(g, thrust::raw_pointer_cast(d_segments.data()),
                                            static_cast<int>(segments.size()), base, count,
                                            thrust::raw_pointer_cast(d_keys.data()));
        DRAMSWEEP_CUDA_CHECK(cudaGetLastError());
        thrust::sort(d_keys.begin(), d_keys.end());
        auto end = thrust::unique(d_keys.begin(), d_keys.end());
        end = thrust::remove(d_keys.begin(), end, kNoLineKey);
        const std::size_t old_size = keys.size();
        keys.resize(old_size + static_cast<std::size_t>(end - d_keys.begin()));
        thrust::copy(d_keys.begin(), end, keys.begin() + static_cast<std::ptrdiff_t>(old_size));
    }
    DRAMSWEEP_CUDA_CHECK(cudaDeviceSynchronize());
    if (total > kMaxElementsPerLaunch) {
        std::sort(keys.begin(), keys.end());
        keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
    }
    return fold_line_sets_from_keys(g, keys);
}

}  // namespace dramsweep::gpu
