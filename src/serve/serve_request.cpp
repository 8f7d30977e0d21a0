// serve::answer_requests: every line parsed on its own (errors stay on their line), the valid
// ones grouped by topology and run as one batch per group on the chosen backend.

#include "dramsweep/serve/serve_request.hpp"

#include <map>
#include <optional>

#include <nlohmann/json.hpp>

#include "dramsweep/accel/accel_io.hpp"
#include "dramsweep/common/input_error.hpp"
#include "dramsweep/common/json_source.hpp"
#include "dramsweep/coupled/network_plan.hpp"
#include "dramsweep/coupled/network_run.hpp"
#include "dramsweep/workload/batch.hpp"
#include "dramsweep/workload/topology_io.hpp"

namespace dramsweep::serve {
namespace {

// A line that parsed: what to run and how to answer.
struct ParsedRequest {
    nlohmann::json id;
    AccelConfig accel;  // as accel_for_dram made it
    dram::DramConfig dram;
    Topology topology;
    std::string topology_key;  // requests with equal keys run in one batch
    bool with_layers = false;
};

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

nlohmann::json error_answer(const nlohmann::json& id, const std::string& message) {
    return {{"id", id}, {"ok", false}, {"error", message}};
}

// Parses and checks one line; the error answer when it is not a valid request.
std::optional<ParsedRequest> parse_request(const RequestLine& line, nlohmann::json& error) {
    nlohmann::json id = line.number;
    try {
        const JsonSource source = JsonSource::from_text(line.text, "<stdin>:" + std::to_string(line.number));
        if (!source.root().is_object()) source.fail(JsonPointer(), "expected one JSON object per line");
        id = source.root().value("id", nlohmann::json(line.number));
        source.reject_unknown_keys(JsonPointer(), {"id", "accel", "accel_set", "dram", "dram_set", "topology", "batch", "layers"});
        ParsedRequest r;
        r.id = id;
        r.dram = dram_of(source);
        r.accel = coupled::accel_for_dram(accel_of(source), r.dram);
        coupled::clock_domains(r.accel, r.dram);  // the check only
        r.topology = topology_of(source);
        r.topology_key = source.root().at("topology").dump();
        if (const auto batch = source.optional_int(JsonPointer("/batch"))) {
            r.topology = with_batch(r.topology, *batch, source.origin(), 1, "batch");
            r.topology_key += " batch " + std::to_string(*batch);
        }
        r.with_layers = source.optional_bool(JsonPointer("/layers")).value_or(false);
        return r;
    } catch (const InputError& e) {
        error = error_answer(id, e.what());
    } catch (const std::exception& e) {
        error = error_answer(id, std::string("internal error: ") + e.what());
    }
    return std::nullopt;
}

nlohmann::json result_answer(const ParsedRequest& r, const results::NetworkSummary& summary) {
    const coupled::NetworkRunResult result = coupled::network_result(r.topology, r.accel, r.dram, summary);
    const nlohmann::json full =
        nlohmann::json::parse(coupled::network_result_json(r.topology, r.accel, r.dram, result));
    nlohmann::json answer = {{"id", r.id}, {"ok", true}};
    answer["objectives"] = full["objectives"];
    answer["objectives"]["dram_bandwidth_utilization"] = full["dram_bandwidth_utilization"];
    answer["total"] = full["total"];
    if (r.with_layers) answer["layers"] = full["layers"];
    return answer;
}

// Runs the requests `members` (indices into `parsed`, one topology) as one batch.
void run_group(const std::vector<std::optional<ParsedRequest>>& parsed, const std::vector<std::size_t>& members,
               const ServeSettings& settings, std::vector<nlohmann::json>& answers) {
    const Topology& topology = parsed[members.front()]->topology;
    std::vector<AccelConfig> accels;
    std::vector<dram::DramConfig> drams;
    for (const std::size_t m : members) {
        accels.push_back(parsed[m]->accel);
        drams.push_back(parsed[m]->dram);
    }
    try {
        const coupled::NetworkPlan plan = coupled::plan_networks(topology, accels, drams);
        backend::BatchOptions options;
        options.threads = settings.threads;
        backend::run_network_batch(settings.backend, plan.streams, plan.cases, options,
                                  [&](std::size_t i, const results::NetworkSummary& summary) {
                                      answers[members[i]] = result_answer(*parsed[members[i]], summary);
                                      return true;
                                  });
    } catch (const std::exception& e) {
        for (const std::size_t m : members)
            if (answers[m].is_null()) answers[m] = error_answer(parsed[m]->id, std::string("run failed: ") + e.what());
    }
}

}  // namespace

std::vector<std::string> answer_requests(const std::vector<RequestLine>& lines, const ServeSettings& settings) {
    std::vector<nlohmann::json> answers(lines.size());
    std::vector<std::optional<ParsedRequest>> parsed(lines.size());
    std::map<std::string, std::vector<std::size_t>> groups;  // topology key -> requests
    for (std::size_t i = 0; i < lines.size(); ++i) {
        parsed[i] = parse_request(lines[i], answers[i]);
        if (parsed[i]) groups[parsed[i]->topology_key].push_back(i);
    }
    for (const auto& [key, members] : groups) run_group(parsed, members, settings, answers);
    std::vector<std::string> out;
    out.reserve(answers.size());
    for (const nlohmann::json& a : answers) out.push_back(a.dump());
    return out;
}

}  // namespace dramsweep::serve
