#include "dramsweep/serve/serve_request.hpp"

#include <nlohmann/json.hpp>

#include "dramsweep/accel/accel_io.hpp"
#include "dramsweep/common/input_error.hpp"
#include "dramsweep/common/json_source.hpp"
#include "dramsweep/coupled/network_run.hpp"
#include "dramsweep/workload/topology_io.hpp"

namespace dramsweep::serve {
namespace {

// The "key": value pairs of an optional override object, as "key=value" strings.
std::vector<std::string> assignments_of(const JsonSource& s, const JsonPointer& at, const char* example) {
    std::vector<std::string> out;
    if (!s.root().contains(at)) return out;
    const Json& set = s.root().at(at);
    if (!set.is_object()) s.fail(at, std::string("expected an object of fields, e.g. ") + example);
    for (const auto& item : set.items()) {
        out.push_back(item.key() + "=" + (item.value().is_string() ? item.value().get<std::string>() : item.value().dump()));
    }
    return out;
}

AccelConfig accel_of(const JsonSource& s) {
    const JsonPointer at = JsonPointer("/accel");
    const Json& v = s.required(at);
    AccelConfig base;
    if (v.is_string()) {
        base = read_accel_config(v.get<std::string>());
    } else if (v.is_object()) {
        base = parse_accel_json(s, at);
    } else {
        s.fail(at, "expected an accelerator object or a path");
    }
    const std::vector<std::string> set = assignments_of(s, JsonPointer("/accel_set"), "{\"array_rows\": 64}");
    return set.empty() ? base : apply_accel_overrides(base, set, s.origin() + " accel_set");
}

Topology topology_of(const JsonSource& s) {
    const JsonPointer at = JsonPointer("/topology");
    const Json& v = s.required(at);
    if (v.is_string()) return read_topology(v.get<std::string>());
    if (!v.is_object()) s.fail(at, "expected a topology object or a path");
    return parse_topology_json(v.dump(), s.origin() + " (topology)");
}

dram::DramConfig dram_of(const JsonSource& s) {
    const std::string preset = s.required_string(JsonPointer("/dram"));
    return dram::load_dram_config(preset, assignments_of(s, JsonPointer("/dram_set"), "{\"org.channels\": 2}"));
}

}  // namespace

std::string answer_request(const std::string& line, std::size_t line_number) {
    nlohmann::json answer;
    try {
        const JsonSource source = JsonSource::from_text(line, "<stdin>:" + std::to_string(line_number));
        if (!source.root().is_object()) source.fail(JsonPointer(), "expected one JSON object per line");
        answer["id"] = source.root().value("id", nlohmann::json(line_number));
        source.reject_unknown_keys(JsonPointer(), {"id", "accel", "accel_set", "dram", "dram_set", "topology", "layers"});
        const AccelConfig accel = accel_of(source);
        const Topology topology = topology_of(source);
        const dram::DramConfig dram = dram_of(source);
        const coupled::NetworkRunResult result = coupled::run_network(topology, accel, dram);
        nlohmann::json full = nlohmann::json::parse(coupled::network_result_json(topology, accel, dram, result));
        answer["ok"] = true;
        answer["objectives"] = full["objectives"];
        answer["objectives"]["dram_bandwidth_utilization"] = full["dram_bandwidth_utilization"];
        answer["total"] = full["total"];
        if (source.optional_bool(JsonPointer("/layers")).value_or(false)) answer["layers"] = full["layers"];
    } catch (const InputError& e) {
        if (!answer.contains("id")) answer["id"] = line_number;
        answer["ok"] = false;
        answer["error"] = e.what();
    } catch (const std::exception& e) {
        if (!answer.contains("id")) answer["id"] = line_number;
        answer["ok"] = false;
        answer["error"] = std::string("internal error: ") + e.what();
    }
    return answer.dump();
}

}  // namespace dramsweep::serve
