#include "dramsweep/pim/nicepim_report.hpp"

#include <cstdio>
#include <nlohmann/json.hpp>

namespace dramsweep::pim {
namespace {

std::string rect_text(const Rect& r) {
    char s[64];
    std::snprintf(s, sizeof s, "%dx%d@(%d,%d)", r.dim.h, r.dim.w, r.origin.h, r.origin.w);
    return s;
}

}  // namespace

NicePimSummary nicepim_summary(const NicePimResult& n, const NicePimOptions& o) {
    NicePimSummary s;
    s.steps = static_cast<std::int64_t>(n.steps.size());
    s.parallel_steps = n.segments_parallel;
    s.weights_partitioned = n.weights_partitioned;
    for (const NicePimLayer& l : n.layers) {
        s.layouts_moved += l.layout != LayoutKind::kProducer;
        s.layers_optimal += l.schedule.optimal;
        s.shared_blocks += l.schedule.blocks;
        s.pull_bit_hops += static_cast<double>(l.schedule.pull_bit_hops);
        s.shared_bit_hops += static_cast<double>(
            o.scheduler == SchedulerKind::kIlp ? l.schedule.ilp_bit_hops : l.schedule.greedy_bit_hops);
    }
    if (static_cast<std::size_t>(n.capacity.worst_node) < n.capacity.total_bytes.size())
        s.dram_worst_node_bytes = n.capacity.total_bytes[static_cast<std::size_t>(n.capacity.worst_node)];
    return s;
}

std::string nicepim_report_text(const EvaluationReport& r, const NicePimResult& n, const NicePimOptions& o,
                                const NicePimTiming* timing) {
    std::string out = report_text(r);
    char line[400];
    std::snprintf(
        line, sizeof line,
        "nicepim: goal %s, beam %d, scheduler %s; %lld of %zu steps run branches in parallel; %d layers "
        "with partitioned weights\n",
        goal_name(o.goal), o.beam_width, scheduler_name(o.scheduler),
        static_cast<long long>(n.segments_parallel), n.steps.size(), n.weights_partitioned);
    out += line;
    for (const NicePimStep& st : n.steps) {
        if (!st.parallel) continue;
        out += "  parallel:";
        for (int li : st.layers) {
            const NicePimLayer& l = n.layers[static_cast<std::size_t>(li)];
            out += " " + r.network->layers[static_cast<std::size_t>(li)].name + "[" + rect_text(l.rect) + "]";
        }
        std::snprintf(line, sizeof line, " -> %lld cycles\n", static_cast<long long>(st.time));
        out += line;
    }
    const NicePimSummary sum = nicepim_summary(n, o);
    std::snprintf(
        line, sizeof line,
        "layouts: %lld producers' ofmaps laid out for their consumer; schedule: %lld shared blocks, "
        "shared-data bit-hops %.4e (pulling: %.4e), %lld of %zu layers proven optimal, %.3f s\n",
        static_cast<long long>(sum.layouts_moved), static_cast<long long>(sum.shared_blocks),
        sum.shared_bit_hops, sum.pull_bit_hops, static_cast<long long>(sum.layers_optimal), n.layers.size(),
        n.scheduler_seconds);
    out += line;
    out += "capacity: " + capacity_text(make_hardware(*r.config), n.capacity) + "\n";
    if (timing) {
        std::int64_t tiled = 0;
        for (DramPlacement p : timing->placements) tiled += p == DramPlacement::kBlockTiled;
        std::snprintf(
            line, sizeof line,
            "DRAM placement: %lld of %zu layers tiled by block; %lld cycles with every layer row-major\n",
            static_cast<long long>(tiled), timing->placements.size(),
            static_cast<long long>(timing->row_major_time));
        out += line;
    }
    return out;
}

std::string nicepim_report_json(const EvaluationReport& r, const NicePimResult& n, const NicePimOptions& o,
                                const NicePimTiming* timing) {
    nlohmann::ordered_json j = nlohmann::ordered_json::parse(report_json(r));
    nlohmann::ordered_json opts;
    opts["goal"] = goal_name(o.goal);
    opts["beam_width"] = o.beam_width;
    opts["scheduler"] = scheduler_name(o.scheduler);
    opts["ilp_time_limit_s"] = o.ilp_time_limit_s;
    opts["branch_parallelism"] = o.branch_parallelism;
    opts["layout_search"] = o.layout_search;
    opts["capacity_allocation"] = o.capacity_allocation;
    j["nicepim"] = opts;
    auto& total = j["total"];
    total["scheduler_seconds"] = n.scheduler_seconds;
    const NicePimSummary sum = nicepim_summary(n, o);
    total["steps"] = sum.steps;
    total["parallel_steps"] = sum.parallel_steps;
    total["weights_partitioned"] = sum.weights_partitioned;
    total["layouts_moved"] = sum.layouts_moved;
    total["shared_blocks"] = sum.shared_blocks;
    total["shared_bit_hops"] = sum.shared_bit_hops;
    total["pull_bit_hops"] = sum.pull_bit_hops;
    total["layers_optimal"] = sum.layers_optimal;
    total["splits_pruned"] = n.splits_pruned;
    nlohmann::ordered_json cap;
    cap["capacity_bytes"] = n.capacity.capacity_bytes;
    cap["worst_node"] = {n.capacity.worst_node / r.config->mesh_w, n.capacity.worst_node % r.config->mesh_w};
    const std::size_t w = static_cast<std::size_t>(n.capacity.worst_node);
    cap["bytes"] = n.capacity.total_bytes[w];
    cap["weight_bytes"] = n.capacity.weight_bytes[w];
    cap["fmap_bytes"] = n.capacity.fmap_bytes[w];
    cap["staging_bytes"] = n.capacity.staging_bytes[w];
    total["dram_capacity"] = cap;
    if (timing) total["row_major_cycles"] = timing->row_major_time;
    for (std::size_t i = 0; i < n.layers.size(); ++i) {
        const NicePimLayer& l = n.layers[i];
        auto& jl = j["layers"][i];
        jl["rect"] = {l.rect.origin.h, l.rect.origin.w, l.rect.dim.h, l.rect.dim.w};
        jl["step"] = l.step;
        jl["layout"] = layout_name(l.layout);
        jl["weights"] = weight_alloc_name(l.weights);
        nlohmann::ordered_json s;
        s["blocks"] = l.schedule.blocks;
        s["pull_makespan"] = l.schedule.pull_makespan;
        s["pull_bit_hops"] = l.schedule.pull_bit_hops;
        s["greedy_makespan"] = l.schedule.greedy_makespan;
        s["greedy_bit_hops"] = l.schedule.greedy_bit_hops;
        s["ilp_makespan"] = l.schedule.ilp_makespan;
        s["ilp_bit_hops"] = l.schedule.ilp_bit_hops;
        s["optimal"] = l.schedule.optimal;
        s["makespan_gap"] = l.schedule.makespan_gap;
        s["bit_hop_gap"] = l.schedule.bit_hop_gap;
        s["seconds"] = l.schedule.seconds;
        jl["schedule"] = s;
    }
    return j.dump();
}

}  // namespace dramsweep::pim
