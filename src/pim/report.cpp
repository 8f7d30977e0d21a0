#include "dramsweep/pim/report.hpp"

#include <cstdio>
#include <nlohmann/json.hpp>
#include <sstream>

#include "dramsweep/common/input_error.hpp"
#include "dramsweep/pim/partitions.hpp"

namespace dramsweep::pim {
namespace {

const char* const kEnergyNames[kNumEnergyParts] = {"mac",  "regf", "buffer", "array_bus",
                                                   "dram", "noc",  "static"};
const char* const kLevelNames[kNumLevels] = {"dram", "gbuf", "itcn", "regf"};

const char* analytical_bound(const LayerEval& e) {
    if (e.time == e.proc_time) return "compute";
    if (e.time == e.dram_time) return "dram";
    if (e.time == e.bus_time) return "array bus";
    return "noc";  // the NicePIM mapper's NoC-aware time
}

nlohmann::ordered_json energy_json(const double* parts) {
    nlohmann::ordered_json j;
    for (int i = 0; i < kNumEnergyParts; ++i) j[kEnergyNames[i]] = parts[i];
    return j;
}

nlohmann::ordered_json accesses_json(const std::int64_t* per_level) {
    nlohmann::ordered_json j;
    for (int m = 0; m < kNumLevels; ++m) j[kLevelNames[m]] = per_level[m];
    return j;
}

std::string dims(std::int32_t a, std::int32_t b) {
    std::string s = std::to_string(a);
    s += 'x';
    s += std::to_string(b);
    return s;
}

}  // namespace

void check_tensors_fit_dram(const PimConfig& c, const Network& net, std::int64_t batch) {
    const PimHardware hw = make_hardware(c);
    const double all =
        static_cast<double>(dram_nodes(hw).count) * static_cast<double>(hw.dram_capacity_bytes);
    const double word = hw.word_bits / 8.0;
    for (const NetworkLayer& l : net.layers) {
        const std::pair<const char*, double> tensors[] = {
            {"filters", static_cast<double>(l.shape.filter_words()) * word},
            {"ifmap", static_cast<double>(l.shape.ifmap_words(batch)) * word},
            {"ofmap", static_cast<double>(l.shape.ofmap_words(batch)) * word}};
        for (const auto& [what, bytes] : tensors) {
            if (bytes > all) {
                char msg[200];
                std::snprintf(
                    msg, sizeof msg,
                    "its %s (%.1f MB at batch %lld) is larger than all DRAM of the design (%.1f MB)", what,
                    bytes / 1048576.0, static_cast<long long>(batch), all / 1048576.0);
                throw InputError(net.origin, 0, l.name, msg);
            }
        }
    }
}

std::string report_text(const EvaluationReport& r) {
    const PimConfig& c = *r.config;
    const Network& net = *r.network;
    const NetworkEval& ev = *r.eval;
    std::ostringstream out;
    char line[400];
    out << "PIM " << c.name << " (" << dims(c.mesh_h, c.mesh_w) << " nodes, " << dims(c.pe_rows, c.pe_cols)
        << " PEs, " << c.buffer_bytes << " B buffer, " << c.clock_mhz << " MHz), network " << net.name
        << ", batch " << r.batch << ", mapper " << r.mapper << (r.timing ? ", timing mode" : "") << "\n\n";
    std::snprintf(line, sizeof line, "%-22s %-22s %12s %-9s %14s %6s %6s %6s %6s %6s %6s %5s\n", "layer",
                  "partition", "cycles", "bound", "energy pJ", "mac%", "rf%", "dram%", "noc%", "buf%",
                  "stat%", "util");
    out << line;
    for (std::size_t i = 0; i < net.layers.size(); ++i) {
        const LayerEval& e = ev.layers[i];
        const std::int64_t cycles = r.timing ? r.timing->layers[i].time : e.time;
        const char* bound = r.timing ? bound_name(r.timing->layers[i].bound) : analytical_bound(e);
        const double energy = r.timing ? r.timing->layers[i].energy_pj : e.energy_total_pj;
        const double util =
            r.timing && cycles > 0
                ? static_cast<double>(e.ops) / (static_cast<double>(cycles) * e.nodes * c.pe_rows * c.pe_cols)
                : e.utilization;
        auto pct = [&](int part) {
            return e.energy_total_pj > 0 ? 100.0 * e.energy_pj[part] / e.energy_total_pj : 0.0;
        };
        std::snprintf(line, sizeof line,
                      "%-22.22s %-22.22s %12lld %-9s %14.4e %6.1f %6.1f %6.1f %6.1f %6.1f %6.1f %5.2f\n",
                      net.layers[i].name.c_str(), partition_text(r.mapping->layers[i].part).c_str(),
                      static_cast<long long>(cycles), bound, energy, pct(kEnergyMac), pct(kEnergyRegf),
                      pct(kEnergyDram), pct(kEnergyNoc), pct(kEnergyGbuf), pct(kEnergyStatic), util);
        out << line;
    }
    const NetworkTotals& t = ev.total;
    const std::int64_t cycles = r.timing ? r.timing->time : t.time;
    const double energy = r.timing ? r.timing->energy_pj : t.energy_total_pj;
    std::snprintf(line, sizeof line,
                  "\ntotal: %lld cycles (%.3f ms at %d MHz), %.4e pJ, %lld MACs, NoC %lld word-hops\n",
                  static_cast<long long>(cycles), static_cast<double>(cycles) / c.clock_mhz / 1000.0,
                  c.clock_mhz, energy, static_cast<long long>(t.ops), static_cast<long long>(t.hops));
    out << line;
    std::snprintf(line, sizeof line,
                  "accesses (words): DRAM %lld, buffer %lld, array bus %lld, register files %lld\n",
                  static_cast<long long>(t.access[kDram]), static_cast<long long>(t.access[kGbuf]),
                  static_cast<long long>(t.access[kItcn]), static_cast<long long>(t.access[kRegf]));
    out << line;
    out << "energy:";
    for (int i = 0; i < kNumEnergyParts; ++i) {
        std::snprintf(line, sizeof line, " %s %.1f %%", kEnergyNames[i],
                      t.energy_total_pj > 0 ? 100.0 * t.energy_pj[i] / t.energy_total_pj : 0.0);
        out << line;
    }
    out << "\n";
    if (r.timing) {
        std::snprintf(
            line, sizeof line, "analytical mode: %lld cycles (timing mode %+.2f %%)\n",
            static_cast<long long>(r.timing->analytical_time),
            100.0 *
                (static_cast<double>(r.timing->time) / static_cast<double>(r.timing->analytical_time) - 1));
        out << line;
    }
    std::snprintf(line, sizeof line, "DRAM per node: up to %.2f MB of %lld MB; search %.3f CPU-s\n",
                  static_cast<double>(t.dram_words_per_node) * c.word_bits / 8 / 1048576.0,
                  static_cast<long long>(c.dram_capacity_mb), r.search_cpu_seconds);
    out << line;
    return out.str();
}

std::string report_json(const EvaluationReport& r) {
    const NetworkEval& ev = *r.eval;
    const NetworkTotals& t = ev.total;
    nlohmann::ordered_json j;
    j["pim"] = r.config->name;
    j["network"] = r.network->name;
    j["batch"] = r.batch;
    j["mapper"] = r.mapper;
    j["mode"] = r.timing ? "timing" : "analytical";
    nlohmann::ordered_json total;
    total["cycles"] = r.timing ? r.timing->time : t.time;
    total["energy_pj"] = r.timing ? r.timing->energy_pj : t.energy_total_pj;
    total["accesses"] = accesses_json(t.access);
    total["noc_hops"] = t.hops;
    total["ops"] = t.ops;
    total["energy_breakdown_pj"] = energy_json(t.energy_pj);
    total["dram_words_per_node"] = t.dram_words_per_node;
    if (r.timing) {
        total["analytical_cycles"] = r.timing->analytical_time;
        total["analytical_energy_pj"] = r.timing->analytical_energy_pj;
    }
    total["search_cpu_seconds"] = r.search_cpu_seconds;
    j["total"] = total;
    nlohmann::ordered_json layers = nlohmann::ordered_json::array();
    for (std::size_t i = 0; i < r.network->layers.size(); ++i) {
        const LayerEval& e = ev.layers[i];
        const Candidate& c = r.mapping->layers[i];
        nlohmann::ordered_json l;
        l["name"] = r.network->layers[i].name;
        l["partition"] = partition_text(c.part);
        l["cycles"] = r.timing ? r.timing->layers[i].time : e.time;
        l["energy_pj"] = r.timing ? r.timing->layers[i].energy_pj : e.energy_total_pj;
        std::int64_t per_level[kNumLevels] = {};
        for (int m = 0; m < kNumLevels; ++m)
            for (int d = 0; d < kNumData; ++d) per_level[m] += e.access[m][d];
        l["accesses"] = accesses_json(per_level);
        l["noc_hops"] = e.hops[kFil] + e.hops[kIfm] + e.hops[kOfm];
        l["max_link_bits"] = e.max_link_bits;
        l["noc_cycles"] = e.noc_time;
        l["ops"] = e.ops;
        l["bound"] = r.timing ? bound_name(r.timing->layers[i].bound) : analytical_bound(e);
        l["proc_cycles"] = e.proc_time;
        l["bus_cycles"] = e.bus_time;
        l["dram_cycles"] = r.timing ? r.timing->layers[i].dram_time : e.dram_time;
        if (r.timing) {
            const TimingLayer& tl = r.timing->layers[i];
            l["analytical_cycles"] = tl.analytical_time;
            l["dram_requests"] = tl.dram_run.requests;
            l["row_hits"] = tl.dram_run.counters.row_hits;
            l["row_misses"] = tl.dram_run.counters.row_misses;
            l["row_conflicts"] = tl.dram_run.counters.row_conflicts;
            l["dram_placement"] = placement_name(static_cast<DramPlacement>(tl.placement));
        }
        l["energy_breakdown_pj"] = energy_json(e.energy_pj);
        l["utilization"] = e.utilization;
        l["dram_words_per_node"] = e.dram_words_per_node;
        nlohmann::ordered_json blocking;
        const char* const level_keys[3] = {"t0", "t1", "t2"};
        for (int lv = 0; lv < 3; ++lv)
            blocking[level_keys[lv]] = {c.blocking.t[lv][0], c.blocking.t[lv][1], c.blocking.t[lv][2]};
        blocking["order0"] = {c.blocking.order[0][0], c.blocking.order[0][1], c.blocking.order[0][2]};
        blocking["order1"] = {c.blocking.order[1][0], c.blocking.order[1][1], c.blocking.order[1][2]};
        blocking["repl_ifm_factor"] = c.repl_ifm_factor;
        l["blocking"] = blocking;
        layers.push_back(l);
    }
    j["layers"] = layers;
    return j.dump();
}

}  // namespace dramsweep::pim
