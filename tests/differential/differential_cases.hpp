#pragma once
// Random DRAM configurations and request streams for the differential tests (host and cuda
// backends against the reference model). Header-only so that tests/gpu uses the same cases.
//
// Configurations: every preset of configs/dram/, with random overrides of the scheduler, page
// policy (timeout included), row-hit cap, mapping string, XOR bank hashing, queue depths,
// watermarks, refresh mode, channels and ranks, the HBM queue arrangement and command buses;
// combinations that validate() rejects are drawn again. Streams: sequential, strided, random, mixed
// read/write and hot rows.

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "dramsweep/backend/backend.hpp"
#include "dramsweep/common/input_error.hpp"
#include "dramsweep/dram/config.hpp"
#include "dramsweep/dram/trace.hpp"

namespace dramsweep::engine::testing {

using backend::BackendKind;
using backend::BatchOptions;
using backend::BatchProgress;
using backend::run_network_batch;
using backend::run_trace_batch;
using backend::to_string;
using results::first_difference;
using results::NetworkSummary;
using results::RunSummary;

inline const std::vector<std::string>& presets() {
    static const std::vector<std::string> names = {"ddr4-2400", "ddr4-2400-x16", "ddr4-3200", "ddr4-3200-x16",
                                                   "ddr5-4800", "lpddr4-3200",   "lpddr5-6400", "hbm2",
                                                   "hbm3",      "gddr6"};
    return names;
}

class SplitMix {
public:
    explicit SplitMix(std::uint64_t seed) : x_(seed) {}
    std::uint64_t next() {
        std::uint64_t z = (x_ += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }
    std::uint32_t below(std::uint32_t n) { return static_cast<std::uint32_t>(next() % n); }
    template <typename T>
    const T& pick(const std::vector<T>& v) { return v[below(static_cast<std::uint32_t>(v.size()))]; }

private:
    std::uint64_t x_;
};

// The overrides drawn for one configuration, kept so that a failure can be reproduced by hand.
struct RandomConfig {
    std::string preset;
    std::vector<std::string> overrides;
    dram::DramConfig config;
    std::string describe() const {
        std::string s = preset;
        for (const std::string& o : overrides) s += " --set " + o;
        return s;
    }
};

inline RandomConfig random_config(std::uint64_t seed) {
    SplitMix rng(seed * 7919 + 17);
    static const std::vector<std::string> mappings = {"RoBaRaCoCh", "ChRaBaRoCo", "RoRaBaChCo", "RoCoBaRaCh",
                                                      "RoRaChBgBaCo", "RaRoBaCoCh", "RoBgRaBaChCo"};
    for (;;) {
        RandomConfig rc;
        rc.preset = rng.pick(presets());
        auto& o = rc.overrides;
        const std::uint32_t scheduler = rng.below(6);
        o.push_back(std::string("controller.scheduler=") + (scheduler == 0   ? "fcfs"
                                                            : scheduler == 1 ? "strict_fcfs"
                                                                             : "frfcfs"));
        static const std::vector<std::string> policies = {"open", "closed", "timeout", "close_after"};
        const std::uint32_t policy = rng.below(4);
        o.push_back("controller.page_policy=" + policies[policy]);
        if (policy == 2) o.push_back("controller.page_timeout=" + std::to_string(1 + rng.below(300)));
        if (policy == 3) o.push_back("controller.close_after=" + std::to_string(1 + rng.below(8)));
        o.push_back(std::string("controller.read_return=") +
                    (rng.below(2) ? "last_beat" : "after_last_beat"));
        o.push_back(std::string("controller.refresh_ranks=") + (rng.below(2) ? "simultaneous" : "staggered"));
        o.push_back("controller.row_hit_cap=" + std::to_string(rng.below(3) == 0 ? 0 : 1 + rng.below(8)));
        o.push_back("mapping=" + rng.pick(mappings));
        o.push_back(std::string("xor_bank_hash=") + (rng.below(2) ? "true" : "false"));
        const std::uint32_t rq = 1u + rng.below(64), wq = 1u + rng.below(64);
        const std::uint32_t high = 1u + rng.below(wq), low = rng.below(high);
        o.push_back("controller.read_queue=" + std::to_string(rq));
        o.push_back("controller.write_queue=" + std::to_string(wq));
        o.push_back("controller.write_high=" + std::to_string(high));
        o.push_back("controller.write_low=" + std::to_string(low));
        const std::uint32_t refresh = rng.below(3);
        o.push_back(std::string("controller.refresh=") + (refresh == 0 ? "all_bank" : refresh == 1 ? "per_bank" : "off"));
        o.push_back("org.channels=" + std::to_string(1u << rng.below(3)));
        // HBM: both queue arrangements; one controller per legacy channel holds its two
        // pseudo-channels as the rank level.
        const bool legacy_channel = rc.preset.rfind("hbm", 0) == 0 && rng.below(2) == 0;
        o.push_back(std::string("controller.queues=") + (legacy_channel ? "per_legacy_channel" : "per_channel"));
        o.push_back("org.ranks=" + std::to_string(legacy_channel ? 2u : 1u << rng.below(3)));
        const bool active_buffer = rng.below(3) == 0;
        o.push_back(std::string("controller.active_buffer=") + (active_buffer ? "per_bank" : "off"));
        // HBM: one command bus, or the standard's row and column buses (R13).
        if (rc.preset.rfind("hbm", 0) == 0)
            o.push_back(std::string("controller.command_buses=") +
                        (rng.below(2) == 0 ? "row_column" : "one"));
        // LPDDR5: the WCK always on, or synchronised on demand (R14).
        if (rc.preset.rfind("lpddr5", 0) == 0)
            o.push_back(std::string("controller.wck_sync=") +
                        (rng.below(2) == 0 ? "on_demand" : "always_on"));
        try {
            rc.config = dram::load_dram_config(rc.preset, o);
            // With an active buffer a queue keeps its activated requests too, one per bank (R12):
            // the batched engines take at most 64 entries.
            if (active_buffer && std::max(rq, wq) + rc.config.org.banks_per_channel() > 64) continue;
            return rc;
        } catch (const InputError&) {
            // An invalid combination (e.g. per-bank refresh on a standard without it): draw again.
        }
    }
}

enum class StreamKind { kSequential, kStrided, kRandom, kMixed, kHotRows, kCount };

inline const char* to_string(StreamKind k) {
    switch (k) {
        case StreamKind::kSequential: return "sequential";
        case StreamKind::kStrided: return "strided";
        case StreamKind::kRandom: return "random";
        case StreamKind::kMixed: return "mixed";
        case StreamKind::kHotRows: return "hot-rows";
        case StreamKind::kCount: break;
    }
    return "?";
}

// Byte addresses in 64-byte steps; each configuration's mapping folds them onto its device.
inline std::vector<dram::TraceRequest> make_stream(StreamKind kind, std::size_t count, std::uint64_t seed) {
    SplitMix rng(seed * 104729 + 3);
    std::vector<dram::TraceRequest> out;
    out.reserve(count);
    const std::uint64_t stride = std::uint64_t{64} << rng.below(12);
    const std::uint32_t footprint_bits = 14 + rng.below(16);
    const std::uint32_t write_percent = kind == StreamKind::kMixed ? 20 + rng.below(50) : rng.below(3) == 0 ? 10 : 0;
    std::uint64_t hot[4];
    for (std::uint64_t& h : hot) h = (rng.next() & ((std::uint64_t{1} << 30) - 1)) & ~std::uint64_t{63};
    for (std::size_t i = 0; i < count; ++i) {
        std::uint64_t addr = 0;
        switch (kind) {
            case StreamKind::kSequential: addr = i * 64; break;
            case StreamKind::kStrided: addr = i * stride; break;
            case StreamKind::kRandom:
            case StreamKind::kMixed:
            case StreamKind::kCount: addr = (rng.next() & ((std::uint64_t{1} << footprint_bits) - 1)) & ~std::uint64_t{63}; break;
            case StreamKind::kHotRows: addr = hot[rng.below(4)] + std::uint64_t{64} * rng.below(32); break;
        }
        const bool is_write = rng.below(100) < write_percent;
        out.push_back({addr, is_write});
    }
    return out;
}

// A size of the run from the environment (DRAMSWEEP_DIFF_CONFIGS: configurations,
// DRAMSWEEP_DIFF_STREAM: longest stream), else `fallback`.
inline std::size_t from_environment(const char* name, std::size_t fallback) {
    if (const char* env = std::getenv(name); env && *env) return std::strtoull(env, nullptr, 10);
    return fallback;
}
inline std::size_t configured_count(std::size_t fallback) { return from_environment("DRAMSWEEP_DIFF_CONFIGS", fallback); }
inline std::size_t configured_stream(std::size_t fallback) { return from_environment("DRAMSWEEP_DIFF_STREAM", fallback); }

}  // namespace dramsweep::engine::testing
