#include "dramsweep/pim/timing_mode.hpp"

#include <algorithm>
#include <cmath>

#include "dramsweep/common/field_sources.hpp"
#include "dramsweep/common/input_error.hpp"

namespace dramsweep::pim {
namespace {

bool is_pow2(std::uint64_t v) {
    return v && !(v & (v - 1));
}

std::uint64_t capacity_bytes(const dram::DramConfig& d) {
    return std::uint64_t{d.org.channels} * d.org.ranks * d.org.banks_per_rank() * d.org.rows * d.org.columns *
           (d.org.device_width / 8) * d.org.devices_per_rank();
}

// The loops a data category's tensor is laid out over: (outer, inner).
void tensor_loops(LayerModel model, int d, int& outer, int& inner) {
    if (model == LayerModel::kConv && d == kFil) {
        outer = kLoopOfm;
        inner = kLoopIfm;
    } else {
        outer = kLoopBat;
        inner = model == LayerModel::kConv && d == kIfm ? kLoopIfm : kLoopOfm;
    }
}

}  // namespace

const char* bound_name(Bound b) {
    switch (b) {
        case Bound::kCompute:
            return "compute";
        case Bound::kArrayBus:
            return "array bus";
        case Bound::kDram:
            return "dram";
        case Bound::kNoc:
            return "noc";
    }
    return "compute";
}

dram::DramConfig node_dram_config(const PimConfig& c, const std::vector<std::string>& dram_overrides) {
    dram::DramConfig d = dram::load_dram_config(c.dram_preset);
    auto fail = [&](const std::string& key, const std::string& message) {
        c.sources.fail(key, c.origin, message);
    };
    const double pin_mbps = d.clock_mhz * d.org.burst_length / d.timing.nBL;
    if (std::fabs(pin_mbps - static_cast<double>(c.dram_pin_mbps)) > 1e-6 * pin_mbps)
        fail("dram.pin_mbps", "the timing mode runs " + c.dram_preset + " at its own rate of " +
                                  std::to_string(static_cast<long long>(std::llround(pin_mbps))) +
                                  " Mb/s per pin");
    std::vector<std::string> fit;
    if (static_cast<std::int64_t>(d.org.bus_width) != c.dram_pins) {
        if (!is_pow2(static_cast<std::uint64_t>(c.dram_pins)))
            fail("dram.pins", "the timing mode needs a power of two of pins (the DRAM bus width)");
        if (d.org.devices_per_rank() == 1) fit.push_back("org.device_width=" + std::to_string(c.dram_pins));
        fit.push_back("org.bus_width=" + std::to_string(c.dram_pins));
    }
    for (const auto& f : fit) dram::apply_override(d, f);
    const std::uint64_t want = static_cast<std::uint64_t>(c.dram_capacity_mb) << 20;
    const std::uint64_t have = capacity_bytes(d) / d.org.channels;
    if (want != have) {
        const std::uint64_t rows = std::uint64_t{d.org.rows} * want / have;
        if (rows * have != std::uint64_t{d.org.rows} * want || !is_pow2(rows) || rows > (1u << 24))
            fail("dram.capacity_mb", "the timing mode needs a capacity that is " + c.dram_preset +
                                         "'s rows scaled by a power of two");
        dram::apply_override(d, "org.rows=" + std::to_string(rows));
    }
    for (const auto& o : dram_overrides) dram::apply_override(d, o);
    dram::validate(d);
    return d;
}

const char* placement_name(DramPlacement p) {
    return p == DramPlacement::kRowMajor ? "row-major" : "tiled";
}

void visit_node_dram_runs(const PimHardware& hw, const LayerContext& ctx, const Candidate& cand,
                          const LayerEval& eval, const std::function<void(const DramRun&)>& visit,
                          DramPlacement placement) {
    const LoopNestDesc& nest = eval.nest;
    const LoopBlocking& b = cand.blocking;
    const LayerModel model = ctx.layer.model;
    const std::uint64_t word_bytes = static_cast<std::uint64_t>(hw.word_bits) / 8;
    const std::uint64_t psum_bytes = static_cast<std::uint64_t>(hw.psum_bits) / 8;
    // Tensor regions one after another, each starting on a fresh 64 KB boundary.
    std::uint64_t base[kNumData] = {};
    std::uint64_t next = 0;
    for (int d = 0; d < kNumData; ++d) {
        base[d] = next;
        const std::uint64_t bytes =
            static_cast<std::uint64_t>(nest.total[0][d]) * (d == kOfm ? psum_bytes : word_bytes);
        next += (bytes + 0xFFFF) / 0x10000 * 0x10000;
    }
    const std::int64_t* t0 = b.t[0];
    std::int64_t repeat[kNumData], share[kNumData];
    bool active[kNumData];
    for (int d = 0; d < kNumData; ++d) {
        active[d] = nest.total[0][d] > 0 && eval.fetch[0][d] > 0;
        repeat[d] = eval.stored[d] || nest.total[0][d] == 0 ? 1 : nest.total[1][d] / nest.total[0][d];
        share[d] = hw.options.access_forwarding ? sharing_group(model, cand.part, d) : 1;
    }
    const std::int64_t ofm_visits = (eval.fetch[0][kOfm] + 1) / 2;
    // The block of `d` at `idx`, as runs over its tensor.
    auto emit = [&](int d, const std::int64_t* idx, bool write, bool partial) {
        int outer = 0, inner = 0;
        tensor_loops(model, d, outer, inner);
        const std::int64_t lo = nest.loopcnt[outer], li = nest.loopcnt[inner];
        const std::int64_t so = lo / t0[outer], si = li / t0[inner];
        const std::uint64_t total = static_cast<std::uint64_t>(nest.total[0][d]);
        const std::uint64_t bytes =
            d == kOfm && !partial ? word_bytes : (d == kOfm ? psum_bytes : word_bytes);
        const std::uint64_t unit = d == kOfm ? psum_bytes : word_bytes;
        const std::int64_t a0 = idx[outer] * so, b0 = idx[inner] * si;
        if (placement == DramPlacement::kBlockTiled) {
            // Block (outer, inner) of the t0 x t0 blocks, each one run.
            const std::uint64_t blocks = static_cast<std::uint64_t>(t0[outer] * t0[inner]);
            const std::uint64_t k = static_cast<std::uint64_t>(idx[outer] * t0[inner] + idx[inner]);
            const std::uint64_t w0 = total * k / blocks, w1 = total * (k + 1) / blocks;
            const std::uint64_t words =
                (w1 - w0 + static_cast<std::uint64_t>(share[d]) - 1) / static_cast<std::uint64_t>(share[d]);
            for (std::int64_t rep = 0; rep < repeat[d] && words > 0; ++rep)
                visit({base[d] + w0 * unit, base[d] + w0 * unit + words * bytes, write});
            return;
        }
        for (std::int64_t rep = 0; rep < repeat[d]; ++rep) {
            for (std::int64_t a = a0; a < a0 + so; ++a) {
                const std::uint64_t w0 =
                    total * static_cast<std::uint64_t>(a * li + b0) / static_cast<std::uint64_t>(lo * li);
                const std::uint64_t w1 = total * static_cast<std::uint64_t>(a * li + b0 + si) /
                                         static_cast<std::uint64_t>(lo * li);
                const std::uint64_t words = (w1 - w0 + static_cast<std::uint64_t>(share[d]) - 1) /
                                            static_cast<std::uint64_t>(share[d]);
                if (words > 0) visit({base[d] + w0 * unit, base[d] + w0 * unit + words * bytes, write});
            }
        }
    };
    // The DRAM-level loops from the outermost (highest order position) in.
    int loops[kNumLoops];
    for (int x = 0; x < kNumLoops; ++x) loops[kNumLoops - 1 - b.order[0][x]] = x;
    std::int64_t idx[kNumLoops] = {0, 0, 0};
    std::int64_t held[kNumData][kNumLoops];
    bool holding[kNumData] = {false, false, false};
    // Visits of each ofmap block (its loops are output channels and batch).
    std::vector<std::int64_t> visits(static_cast<std::size_t>(t0[kLoopOfm] * t0[kLoopBat]), 0);
    auto block_key = [&](const std::int64_t* at) { return at[kLoopOfm] * t0[kLoopBat] + at[kLoopBat]; };
    for (;;) {
        for (int d = 0; d < kNumData; ++d) {
            if (!active[d]) continue;
            bool changed = !holding[d];
            for (int x = 0; x < kNumLoops && !changed; ++x)
                changed = is_data_loop(model, d, x) && held[d][x] != idx[x];
            if (!changed) continue;
            if (d == kOfm && holding[d]) {
                const std::int64_t v = visits[static_cast<std::size_t>(block_key(held[d]))];
                emit(d, held[d], true, v < ofm_visits);
            }
            if (d == kOfm) {
                std::int64_t& v = visits[static_cast<std::size_t>(block_key(idx))];
                if (v > 0) emit(d, idx, false, true);
                ++v;
            } else {
                emit(d, idx, false, true);
            }
            holding[d] = true;
            for (int x = 0; x < kNumLoops; ++x) held[d][x] = idx[x];
        }
        int level = kNumLoops - 1;
        while (level >= 0 && ++idx[loops[level]] == t0[loops[level]]) idx[loops[level--]] = 0;
        if (level < 0) break;
    }
    if (active[kOfm] && holding[kOfm]) emit(kOfm, held[kOfm], true, false);
}

std::vector<dram::TraceRequest> node_dram_stream(const PimHardware& hw, const LayerContext& ctx,
                                                 const Candidate& cand, const LayerEval& eval,
                                                 std::uint32_t burst_bytes, DramPlacement placement) {
    std::vector<dram::TraceRequest> out;
    visit_node_dram_runs(
        hw, ctx, cand, eval,
        [&](const DramRun& r) {
            for (std::uint64_t b = r.begin / burst_bytes; b * burst_bytes < r.end; ++b)
                out.push_back({b * burst_bytes, r.write});
        },
        placement);
    return out;
}

dram::TraceRunResult simulate_dram(const dram::DramConfig& config,
                                   const std::vector<dram::TraceRequest>& stream) {
    return dram::run_trace(config, stream);
}

TimingResult run_timing_mode(const PimConfig& config, const std::vector<std::string>& dram_overrides,
                             const Network& net, std::int64_t batch, const NetworkMapping& mapping,
                             const NetworkEval& eval, const std::vector<DramPlacement>& placements) {
    const PimHardware hw = make_hardware(config);
    const dram::DramConfig dcfg = node_dram_config(config, dram_overrides);
    TimingResult out;
    const DramNodes drams = dram_nodes(hw);
    const std::int64_t streams_per_dram = (hw.nodes() + drams.count - 1) / drams.count;
    for (std::size_t i = 0; i < net.layers.size(); ++i) {
        const LayerEval& e = eval.layers[i];
        const Candidate& cand = mapping.layers[i];
        LayerContext ctx;
        ctx.layer = net.layers[i].shape;
        ctx.batch = batch;
        ctx.ifmap = layer_input_layout(hw, net, batch, static_cast<int>(i), mapping, eval.ofmap_layouts);
        ctx.no_time_mux = net.layers.size() == 1;
        TimingLayer t;
        t.analytical_time = e.time;
        t.proc_time = e.proc_time;
        t.bus_time = e.bus_time;
        const DramPlacement placement = i < placements.size() ? placements[i] : DramPlacement::kRowMajor;
        std::vector<dram::TraceRequest> stream =
            node_dram_stream(hw, ctx, cand, e, dcfg.org.burst_bytes(), placement);
        if (streams_per_dram > 1) {
            // A corner channel serves its nodes' streams, interleaved request by request.
            const std::vector<dram::TraceRequest> one = stream;
            stream.clear();
            const std::uint64_t stride = capacity_bytes(dcfg) / static_cast<std::uint64_t>(streams_per_dram);
            for (std::size_t r = 0; r < one.size(); ++r)
                for (std::int64_t k = 0; k < streams_per_dram; ++k)
                    stream.push_back({one[r].addr + static_cast<std::uint64_t>(k) * stride, one[r].is_write});
        }
        // Addresses past the DRAM wrap around (a layer's tensors can exceed one node's DRAM).
        const std::uint64_t capacity = capacity_bytes(dcfg);
        for (auto& req : stream) req.addr %= capacity;
        if (!stream.empty()) {
            const dram::TraceRunResult r = simulate_dram(dcfg, stream);
            t.dram_run = r.summary;
            t.dram_bandwidth_gbps = r.metrics.bandwidth_gbps;
            // DRAM clocks to logic clocks, in integers (the DRAM clock in kHz).
            const auto dram_khz = static_cast<std::int64_t>(std::llround(dcfg.clock_mhz * 1000));
            t.dram_time =
                ceil_div(static_cast<std::int64_t>(r.summary.cycles) * hw.clock_mhz * 1000, dram_khz);
        }
        t.max_link_bits = e.max_link_bits;
        t.noc_time = e.noc_time;
        t.placement = static_cast<std::uint8_t>(placement);
        t.time = t.proc_time;
        t.bound = Bound::kCompute;
        if (t.bus_time > t.time) {
            t.time = t.bus_time;
            t.bound = Bound::kArrayBus;
        }
        if (t.dram_time > t.time) {
            t.time = t.dram_time;
            t.bound = Bound::kDram;
        }
        if (t.noc_time > t.time) {
            t.time = t.noc_time;
            t.bound = Bound::kNoc;
        }
        t.energy_pj = e.energy_total_pj - e.energy_pj[kEnergyStatic] +
                      hw.energy.static_pj_per_cycle * static_cast<double>(t.time);
        out.analytical_time += t.analytical_time;
        out.time += t.time;
        out.analytical_energy_pj += e.energy_total_pj;
        out.energy_pj += t.energy_pj;
        out.layers.push_back(t);
    }
    return out;
}

}  // namespace dramsweep::pim
