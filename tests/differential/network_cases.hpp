#pragma once
// Random networks, accelerators and DRAM configurations for the closed-loop differential tests
// (host and cuda network backends against the reference closed loop). Header-only so that
// tests/gpu uses the same cases.

#include <gtest/gtest.h>

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "differential/differential_cases.hpp"
#include "dramsweep/accel/accel_config.hpp"
#include "dramsweep/common/input_error.hpp"
#include "dramsweep/coupled/network_plan.hpp"
#include "dramsweep/backend/backend.hpp"
#include "dramsweep/workload/layer.hpp"

namespace dramsweep::engine::testing {

// One to three small layers (convolutions, some strided, some grouped, and GEMMs), small
// enough that a case runs in milliseconds and large enough to need several folds.
inline Topology random_topology(SplitMix& rng) {
    Topology t;
    t.name = "random";
    const std::uint32_t layers = 1 + rng.below(3);
    for (std::uint32_t i = 0; i < layers; ++i) {
        Layer l;
        l.name = "layer" + std::to_string(i);
        if (rng.below(4) == 0) {
            l = Layer::gemm(l.name, 1 + rng.below(48), 1 + rng.below(48), 1 + rng.below(48));
        } else {
            l.ifmap_h = l.ifmap_w = 3 + rng.below(14);
            l.filter_h = l.filter_w = 1 + rng.below(3);
            l.stride_h = l.stride_w = 1 + rng.below(2);
            l.channels = 1 + rng.below(24);
            l.num_filters = 1 + rng.below(40);
            if (rng.below(5) == 0) l.groups = l.num_filters = l.channels;  // depthwise
        }
        t.layers.push_back(l);
    }
    return t;
}

inline AccelConfig random_accel(SplitMix& rng) {
    static const std::vector<std::int64_t> dims = {4, 8, 16, 32}, sram_kb = {1, 2, 4, 16, 64};
    static const std::vector<Dataflow> dataflows = {Dataflow::OutputStationary, Dataflow::WeightStationary,
                                                    Dataflow::InputStationary};
    AccelConfig a;
    a.array_rows = rng.pick(dims);
    a.array_cols = rng.pick(dims);
    a.dataflow = rng.pick(dataflows);
    a.ifmap_sram_kb = rng.pick(sram_kb);
    a.filter_sram_kb = rng.pick(sram_kb);
    a.ofmap_sram_kb = rng.pick(sram_kb);
    a.word_bytes = rng.below(3) == 0 ? 2 : 1;
    a.freq_mhz = 100 + rng.below(2400);  // from far slower to faster than the DRAM clock
    return a;
}

struct NetworkCaseSet {
    Topology topology;
    std::vector<AccelConfig> accels;
    std::vector<RandomConfig> drams;
    coupled::NetworkPlan plan;
};

// `count` cases over one random topology: a few accelerators (so that cases share streams),
// each paired with random DRAM configurations.
inline NetworkCaseSet random_network_cases(std::uint64_t seed, std::size_t count) {
    SplitMix rng(seed * 6151 + 11);
    NetworkCaseSet set;
    set.topology = random_topology(rng);
    std::vector<AccelConfig> pool;
    for (int i = 0; i < 3; ++i) pool.push_back(random_accel(rng));
    std::vector<dram::DramConfig> drams;
    for (std::size_t i = 0; i < count; ++i) {
        set.accels.push_back(rng.pick(pool));
        set.drams.push_back(random_config(seed * 1000 + i));
        drams.push_back(set.drams.back().config);
    }
    set.plan = coupled::plan_networks(set.topology, set.accels, drams);
    return set;
}

// Every case of `plan` through backend `kind`, in case order; each is delivered exactly once.
inline std::vector<NetworkSummary> network_summaries(BackendKind kind, const coupled::NetworkPlan& plan) {
    std::vector<NetworkSummary> out(plan.cases.size());
    std::vector<int> seen(plan.cases.size(), 0);
    run_network_batch(kind, plan.streams, plan.cases, BatchOptions{}, [&](std::size_t i, const NetworkSummary& s) {
        out.at(i) = s;
        ++seen.at(i);
        return true;
    });
    for (const int n : seen)
        if (n != 1) throw std::logic_error("a case was not delivered exactly once");
    return out;
}

// The differential check: `kind` against the reference on `sets` random sets of cases.
inline void expect_network_backend_equals_reference(BackendKind kind, std::size_t cases, std::size_t per_set) {
    const std::size_t sets = (cases + per_set - 1) / per_set;
    for (std::size_t set_index = 0; set_index < sets; ++set_index) {
        const NetworkCaseSet set = random_network_cases(set_index, per_set);
        const std::vector<NetworkSummary> want = network_summaries(BackendKind::kReference, set.plan);
        const std::vector<NetworkSummary> got = network_summaries(kind, set.plan);
        for (std::size_t i = 0; i < want.size(); ++i) {
            ASSERT_EQ(got[i], want[i]) << "set " << set_index << " case " << i << ": " << set.drams[i].describe()
                                       << ", array " << set.accels[i].array_rows << "x" << set.accels[i].array_cols
                                       << " " << to_string(set.accels[i].dataflow) << " at "
                                       << set.accels[i].freq_mhz << " MHz; first difference "
                                       << first_difference(got[i], want[i]);
        }
    }
}

}  // namespace dramsweep::engine::testing
