#pragma once
// Private to the compute model: which ifmap window elements lie inside the ifmap. SCALE-Sim's
// output size, ceil((H - R) / stride_h) + 1 rows by ceil((W - S) / stride_w) + 1 columns, lets the
// last windows run past the bottom and right edges; such an element has address -1 (no data,
// implicit zero padding).

#include <algorithm>
#include <cstdint>

#include "dramsweep/workload/layer.hpp"

namespace dramsweep::detail {

// Which ifmap window elements (m, k) of one group lie inside the ifmap. m runs over the output
// pixels of the whole batch; every image has the same pattern, so the tests below work on the
// pixel within its image (m % pixels).
struct IfmapGeometry {
    std::int64_t ifmap_h, ifmap_w, filter_h, filter_w, channels, stride_h, stride_w, ofmap_h, ofmap_w;
    std::int64_t pixels, batch;

    explicit IfmapGeometry(const Layer& l)
        : ifmap_h(l.ifmap_h), ifmap_w(l.ifmap_w), filter_h(l.filter_h), filter_w(l.filter_w),
          channels(l.channels_per_group()), stride_h(l.stride_h), stride_w(l.stride_w), ofmap_h(l.ofmap_h()),
          ofmap_w(l.ofmap_w()), pixels(l.ofmap_pixels()), batch(l.batch) {}

    std::int64_t filter_row(std::int64_t k) const { return k / (filter_w * channels); }
    std::int64_t filter_col(std::int64_t k) const { return (k / channels) % filter_w; }

    // How many output rows (columns) read filter row r (column s) from inside the ifmap: the
    // first ones, since the window only moves down (right).
    std::int64_t inside_out_rows(std::int64_t r) const {
        return r >= ifmap_h ? 0 : std::min(ofmap_h, (ifmap_h - 1 - r) / stride_h + 1);
    }
    std::int64_t inside_out_cols(std::int64_t s) const {
        return s >= ifmap_w ? 0 : std::min(ofmap_w, (ifmap_w - 1 - s) / stride_w + 1);
    }

    // The largest k (channel fastest, then filter column, then row) whose element of output
    // pixel m lies inside the ifmap; -1 when none does. The smallest such k is 0 whenever any is.
    std::int64_t last_inside_k(std::int64_t m) const {
        const std::int64_t pixel = m % pixels;
        const std::int64_t rows_left = ifmap_h - (pixel / ofmap_w) * stride_h;
        const std::int64_t cols_left = ifmap_w - (pixel % ofmap_w) * stride_w;
        if (rows_left <= 0 || cols_left <= 0) return -1;
        const std::int64_t r = std::min(filter_h, rows_left) - 1;
        const std::int64_t s = std::min(filter_w, cols_left) - 1;
        return (r * filter_w + s) * channels + channels - 1;
    }

    // Whether any output pixel in [m_begin, m_end) reads element k from inside the ifmap.
    bool any_inside(std::int64_t k, std::int64_t m_begin, std::int64_t m_end) const {
        const std::int64_t rows = inside_out_rows(filter_row(k));
        const std::int64_t cols = inside_out_cols(filter_col(k));
        if (rows == 0 || cols == 0) return false;
        // A range reaching into the next image holds that image's pixel 0, which reads element k
        // from inside; otherwise look within the one image.
        const std::int64_t image_end = (m_begin / pixels + 1) * pixels;
        if (m_end > image_end) return true;
        const std::int64_t begin = m_begin % pixels, end = m_end - (image_end - pixels);
        // The first pixel at or after begin whose output column is inside has the lowest row.
        const std::int64_t m = begin % ofmap_w < cols ? begin : (begin / ofmap_w + 1) * ofmap_w;
        return m < end && m / ofmap_w < rows;
    }

    // Window elements (m, k) of one group that lie inside the ifmap: each filter row r is read
    // from inside by inside_out_rows(r) output rows, each column s by inside_out_cols(s), in
    // every image of the batch.
    std::int64_t inside_elements() const {
        std::int64_t rows = 0, cols = 0;
        for (std::int64_t r = 0; r < filter_h; ++r) rows += inside_out_rows(r);
        for (std::int64_t s = 0; s < filter_w; ++s) cols += inside_out_cols(s);
        return rows * cols * channels * batch;
    }
};

}  // namespace dramsweep::detail
