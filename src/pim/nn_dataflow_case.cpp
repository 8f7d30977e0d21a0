#include "dramsweep/pim/nn_dataflow_case.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <stdexcept>

#include "dramsweep/common/input_error.hpp"
#include "dramsweep/common/text.hpp"
#include "dramsweep/pim/partitions.hpp"

namespace dramsweep::pim {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::ordered_json;

// Python's json writes Infinity, which JSON has not: read it as null (never used).
json read_python_json(const fs::path& path) {
    std::string text = text::read_file(path.string());
    text = std::regex_replace(text, std::regex(R"(\bInfinity\b)"), "null");
    try {
        return json::parse(text);
    } catch (const json::exception& e) {
        throw InputError(path.string(), 0, "json", e.what());
    }
}

// nn_dataflow forms its counts from fractional occupancies: a whole count may come out a few ulps off.
std::int64_t whole(const json& v, const std::string& where) {
    const double d = v.get<double>();
    if (std::fabs(d - std::round(d)) > 1e-6 * std::max(1.0, std::fabs(d)))
        throw InputError(where, 0, "value", "expected a whole number, got " + std::to_string(d));
    return static_cast<std::int64_t>(std::llround(d));
}

PartitionScheme read_part(const json& j) {
    PartitionScheme p;
    for (int i = 0; i < kNumParts; ++i) {
        p.order[i] = static_cast<std::uint8_t>(j[0][static_cast<std::size_t>(i)].get<int>());
        p.pdims[i] = {j[1][static_cast<std::size_t>(i)][0].get<std::int32_t>(),
                      j[1][static_cast<std::size_t>(i)][1].get<std::int32_t>()};
    }
    return p;
}

// "conv:C=64,K=128,E=28,R=3,U=1" or "fc:C=1024,K=512,R=1", optionally followed by nn_dataflow
// driver's identity pooling layer "tail".
Network driver_network(const std::string& spec, bool tail, const std::string& origin) {
    const auto colon = spec.find(':');
    const std::string kind = spec.substr(0, colon);
    std::map<std::string, std::int32_t> kv;
    for (const std::string& item : text::split(spec.substr(colon + 1), ',')) {
        const auto eq = item.find('=');
        kv[item.substr(0, eq)] = static_cast<std::int32_t>(std::stoi(item.substr(eq + 1)));
    }
    LayerSpec l;
    l.name = "L";
    l.prevs = {"input"};
    std::int32_t in_size = 0;
    if (kind == "conv") {
        l.type = LayerType::kConv;
        l.shape = {LayerModel::kConv, kv.at("C"), kv.at("K"), kv.at("E"), kv.at("E"), kv.at("R"),
                   kv.at("R"),        kv.at("U"), kv.at("U"), 1,          1};
        in_size = static_cast<std::int32_t>(l.shape.hin());
    } else {
        l.type = LayerType::kFc;
        l.shape = {LayerModel::kConv, kv.at("C"), kv.at("K"), 1, 1, kv.at("R"), kv.at("R"), 1, 1, 1, 1};
        in_size = kv.at("R");
    }
    std::vector<LayerSpec> specs = {l};
    if (tail) {
        LayerSpec t;
        t.name = "tail";
        t.type = LayerType::kPool;
        t.prevs = {"L"};
        t.shape = {LayerModel::kLocalRegion, l.shape.K, l.shape.K, l.shape.E, l.shape.F, 1, 1, 1, 1, 1, 1};
        specs.push_back(t);
    }
    return build_network(spec, origin, l.shape.C, in_size, in_size, specs);
}

std::int32_t replication_factor_for(const PimHardware& hw, const LayerShape& layer, std::int64_t batch,
                                    const PartitionScheme& part, const std::int64_t (&loops)[kNumLoops],
                                    const std::string& where) {
    const PartitionedLayer pl = partition_layer(layer, batch, part);
    const ArrayFit fit = fit_array(pl.shape, hw.pe_rows, hw.pe_cols);
    std::int32_t factors[64];
    const int n = replication_splits(pl.shape, pl.batch, fit, factors, 64);
    for (int i = 0; i < n && i < 64; ++i) {
        const LoopNestDesc d = describe_loop_nest(pl, hw.pe_rows, hw.pe_cols, factors[i]);
        if (d.loopcnt[0] == loops[0] && d.loopcnt[1] == loops[1] && d.loopcnt[2] == loops[2])
            return factors[i];
    }
    throw InputError(where, 0, "tvals", "no replication split has the loop counts of the schedule");
}

NnDataflowCase decode(const std::string& name, const json& params, const json& out, const fs::path& folder,
                      const json* exact_part) {
    NnDataflowCase c;
    c.name = name;
    const std::string origin = (folder / "output.json").string();
    const json& res = out["resource"];
    const json& cost = out["cost"];
    const json& opt = out["options"];
    const bool l1 = cost["mem_hier"][0].get<double>() == 240.0;
    const int mesh_h = res["proc_region"][0][0].get<int>(), mesh_w = res["proc_region"][0][1].get<int>();
    const bool corners = res["dram_region"][0] != res["proc_region"][0];
    std::string bypass;
    const char* names[kNumData] = {"fil", "ifm", "ofm"};
    for (int d = 0; d < kNumData; ++d)
        if (opt["sw_gbuf_bypass"][static_cast<std::size_t>(d)].get<bool>())
            bypass += (bypass.empty() ? "" : ",") + std::string(names[d]);
    c.overrides = {
        "pim.mesh=" + std::to_string(mesh_h) + "x" + std::to_string(mesh_w),
        std::string("pim.memory=") + (corners ? "corners" : "stacked"),
        "pim.pe_array=" + std::to_string(res["dim_array"][0].get<int>()) + "x" +
            std::to_string(res["dim_array"][1].get<int>()),
        "pim.buffer_bytes=" + std::to_string(res["size_gbuf"].get<std::int64_t>() * 2),
        "pim.regf_bytes=" + std::to_string(res["size_regf"].get<std::int64_t>() * 2),
        "pim.mapping.bypass=" + (bypass.empty() ? std::string("none") : bypass),
        std::string("pim.mapping.access_forwarding=") +
            (opt["hw_access_forwarding"].get<bool>() || opt["hw_gbuf_sharing"].get<bool>() ? "true"
                                                                                           : "false"),
        std::string("pim.mapping.partition=") + (opt["partition_hybrid"].get<bool>() ? "hybrid" : "naive"),
        std::string("pim.mapping.batch_partition=") + (opt["partition_batch"].get<bool>() ? "true" : "false"),
        std::string("pim.mapping.ifmaps_partition=") +
            (opt["partition_ifmaps"].get<bool>() ? "true" : "false")};
    // nn_dataflow's static cost is for all nodes; the single-layer cases keep T-16's 200 pJ on 2x2 nodes.
    char per_node[64];
    std::snprintf(per_node, sizeof per_node, "pim.energy.static_pj_per_node_cycle=%.17g",
                  cost["idl_unit"].get<double>() / (mesh_h * mesh_w));
    c.overrides.push_back(per_node);
    c.config = load_pim_config(l1 ? "l-1" : "t-16", c.overrides);
    const PimHardware hw = make_hardware(c.config);
    // The preset must carry the case's costs exactly.
    const double word = hw.word_bits;
    const bool costs_match = hw.energy.mac_pj == cost["mac_op"].get<double>() &&
                             hw.energy.dram_pj_per_bit * word == cost["mem_hier"][0].get<double>() &&
                             hw.energy.gbuf_pj_per_word == cost["mem_hier"][1].get<double>() &&
                             hw.energy.array_bus_pj_per_word == cost["mem_hier"][2].get<double>() &&
                             hw.energy.regf_pj_per_word == cost["mem_hier"][3].get<double>() &&
                             hw.energy.noc_pj_per_bit_hop * word == cost["noc_hop"].get<double>() &&
                             hw.energy.static_pj_per_cycle == cost["idl_unit"].get<double>() &&
                             hw.gbuf_words == res["size_gbuf"].get<std::int64_t>() &&
                             hw.regf_words == res["size_regf"].get<std::int64_t>();
    if (!costs_match) throw InputError(origin, 0, "cost", "the case's costs or sizes are not the preset's");
    c.solver = opt["sw_solve_loopblocking"].get<bool>();
    c.batch = out["batch"].get<std::int64_t>();

    const std::string net = out["net"].get<std::string>();
    const json& driver = params.contains("driver") ? params["driver"] : json();
    if (net.find(':') != std::string::npos) {
        c.network = driver_network(net, driver.value("tail_layer", false), origin);
    } else {
        c.network = bundled_network(net);
    }
    c.schedule.layers.resize(c.network.layers.size());
    c.schedule.input_part = read_part(out["input_layout"][2][0]);
    for (const auto& [lname, entry] : out["schedules"].items()) {
        const int at = c.network.find(lname);
        if (at < 0) throw InputError(origin, 0, lname, "not a layer of " + net);
        const json& s = entry[0];
        const std::string where = origin + ":" + lname;
        Candidate cand;
        cand.part = read_part(s["part"]);
        std::int64_t loops[kNumLoops] = {1, 1, 1};
        for (int l = 0; l < 3; ++l)
            for (int x = 0; x < kNumLoops; ++x) {
                cand.blocking.t[l][x] =
                    s["tvals"][static_cast<std::size_t>(l)][static_cast<std::size_t>(x)].get<std::int64_t>();
                loops[x] *= cand.blocking.t[l][x];
            }
        for (int l = 0; l < 2; ++l)
            for (int x = 0; x < kNumLoops; ++x)
                cand.blocking.order[l][x] = static_cast<std::uint8_t>(
                    s["orders"][static_cast<std::size_t>(l)][static_cast<std::size_t>(x)].get<int>());
        const LayerShape& shape = c.network.layers[static_cast<std::size_t>(at)].shape;
        cand.repl_ifm_factor = replication_factor_for(hw, shape, c.batch, cand.part, loops, where);
        c.schedule.layers[static_cast<std::size_t>(at)] = cand;
        c.order.push_back(at);
        NnDataflowLayer ref;
        ref.name = lname;
        for (int m = 0; m < kNumLevels; ++m)
            for (int d = 0; d < kNumData; ++d)
                ref.access[m][d] =
                    whole(s["access"][static_cast<std::size_t>(m)][static_cast<std::size_t>(d)], where);
        for (int l = 0; l < 2; ++l)
            for (int d = 0; d < kNumData; ++d)
                ref.fetch[l][d] =
                    whole(s["fetch"][static_cast<std::size_t>(l)][static_cast<std::size_t>(d)], where);
        for (int d = 0; d < kNumData; ++d) {
            ref.unit_hops[d] = whole(s["unit_nhops"][static_cast<std::size_t>(d)], where);
            ref.hops[d] = whole(s["total_nhops"][static_cast<std::size_t>(d)], where);
        }
        ref.time = whole(s["time"], where);
        ref.ops = whole(s["ops"], where);
        ref.cost = s["cost"].get<double>();
        c.layers.push_back(ref);
    }
    if (c.order.size() != c.network.layers.size())
        throw InputError(origin, 0, "schedules", "not every layer is scheduled");
    c.total_cost = out["total_cost"].get<double>();
    c.total_time = whole(out["total_time"], origin);
    c.options.nn_dataflow_hop_memo = true;
    c.options.order = c.order;
    // The driver restricts layer L's partitions (--only-part types, or one exact scheme).
    const int restricted = c.network.find("L");
    if (exact_part) {
        const PartitionScheme exact = read_part(*exact_part);
        c.options.partition_filter = [restricted, exact](int layer, const PartitionScheme& p) {
            return layer != restricted || p == exact;
        };
    } else if (driver.contains("only_part") && driver["only_part"].is_array()) {
        std::vector<int> allowed;
        static const char* const part_names[kNumParts] = {"OUTP", "OFMP", "BATP", "INPP"};
        for (const auto& t : driver["only_part"])
            for (int p = 0; p < kNumParts; ++p)
                if (t.get<std::string>() == part_names[p]) allowed.push_back(p);
        c.options.partition_filter = [restricted, allowed](int layer, const PartitionScheme& p) {
            if (layer != restricted) return true;
            for (int a = 0; a < kNumParts; ++a)
                if (p.size(a) > 1 && std::find(allowed.begin(), allowed.end(), a) == allowed.end())
                    return false;
            return true;
        };
    }
    return c;
}

double read_cpu_seconds(const fs::path& folder) {
    const fs::path f = folder / "cpu_seconds.txt";
    if (!fs::exists(f)) return 0;
    return std::stod(text::read_file(f.string()));
}

}  // namespace

std::vector<fs::path> nn_dataflow_case_folders(const fs::path& root) {
    std::vector<fs::path> out;
    for (const auto& e : fs::directory_iterator(root))
        if (e.is_directory() && fs::exists(e.path() / "output.json")) out.push_back(e.path());
    std::sort(out.begin(), out.end());
    return out;
}

std::vector<NnDataflowCase> load_nn_dataflow_cases(const fs::path& folder) {
    const json out = read_python_json(folder / "output.json");
    const json c = read_python_json(folder / "case.json");
    const json& params = c["params"];
    const std::string name = folder.filename().string();
    std::vector<NnDataflowCase> cases;
    if (out.contains("enumeration")) {
        for (std::size_t i = 0; i < out["enumeration"].size(); ++i) {
            const json& e = out["enumeration"][i];
            cases.push_back(decode(name + "#" + std::to_string(i), params, e["result"], folder, &e["part"]));
        }
    } else {
        cases.push_back(decode(name, params, out, folder, nullptr));
    }
    const double cpu = read_cpu_seconds(folder);
    for (auto& k : cases) k.cpu_seconds = cpu;
    return cases;
}

}  // namespace dramsweep::pim
