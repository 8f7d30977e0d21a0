// serve::NetworkRequest (network_request.hpp): one configuration read from a JSON object, and
// groups of them run as one batch per topology on the batched engine.

#include "dramsweep/serve/network_request.hpp"

#include <map>

#include "dramsweep/accel/accel_io.hpp"
#include "dramsweep/common/json_text.hpp"
#include "dramsweep/coupled/network_plan.hpp"
#include "dramsweep/backend/backend.hpp"
#include "dramsweep/systolic/stream_estimate.hpp"
#include "dramsweep/workload/batch.hpp"
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
        out.push_back(item.key() + "=" +
                      (item.value().is_string() ? item.value().get<std::string>() : json_text(item.value())));
    }
    return out;
}

}  // namespace

AccelConfig request_accel(const JsonSource& s) {
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
    return set.empty() ? base : apply_accel_overrides(base, set, s.origin() + ": accel_set");
}

Topology request_topology(const JsonSource& s) {
    const JsonPointer at = JsonPointer("/topology");
    const Json& v = s.required(at);
    Topology topology;
    if (v.is_string()) {
        topology = read_topology(v.get<std::string>());
    } else if (v.is_object()) {
        topology = parse_topology_json(json_text(v), s.origin() + " (topology)");
    } else {
        s.fail(at, "expected a topology object or a path");
    }
    if (const auto batch = s.optional_int(JsonPointer("/batch")))
        topology = with_batch(topology, *batch, s.origin(), s.line_of(JsonPointer("/batch")), "batch");
    return topology;
}

dram::DramConfig request_dram(const JsonSource& s) {
    const JsonPointer at = JsonPointer("/dram");
    const Json& v = s.required(at);
    const std::vector<std::string> set = assignments_of(s, JsonPointer("/dram_set"), "{\"org.channels\": 2}");
    const std::string set_origin = s.origin() + ": dram_set";
    if (v.is_object()) return dram::parse_dram_config(s, at, set, set_origin);
    if (!v.is_string()) s.fail(at, "expected a preset name, a path or a DRAM configuration object");
    return dram::load_dram_config(v.get<std::string>(), set, set_origin);
}

NetworkRequest parse_network_request(const JsonSource& source) {
    NetworkRequest r;
    r.dram = request_dram(source);
    r.accel = coupled::accel_for_dram(request_accel(source), r.dram);
    coupled::clock_domains(r.accel, r.dram);  // the check only
    r.topology = request_topology(source);
    r.topology_key = json_text(source.root().at("topology"));
    if (const auto batch = source.optional_int(JsonPointer("/batch")))
        r.topology_key += " batch " + std::to_string(*batch);
    // A network whose stream would not fit in memory is answered with the estimate, not run.
    check_network_fits_memory(r.topology, r.accel, source.origin());
    return r;
}

std::vector<std::vector<std::size_t>> group_by_topology(const std::vector<const NetworkRequest*>& requests) {
    std::map<std::string, std::vector<std::size_t>> groups;
    for (std::size_t i = 0; i < requests.size(); ++i) groups[requests[i]->topology_key].push_back(i);
    std::vector<std::vector<std::size_t>> out;
    for (auto& [key, members] : groups) out.push_back(std::move(members));
    return out;
}

void run_request_group(const std::vector<const NetworkRequest*>& requests,
                       const std::vector<std::size_t>& members, backend::BackendKind backend, unsigned threads,
                       const NetworkResultSink& sink) {
    const Topology& topology = requests[members.front()]->topology;
    std::vector<AccelConfig> accels;
    std::vector<dram::DramConfig> drams;
    for (const std::size_t m : members) {
        accels.push_back(requests[m]->accel);
        drams.push_back(requests[m]->dram);
    }
    const coupled::NetworkPlan plan = coupled::plan_networks(topology, accels, drams);
    backend::BatchOptions options;
    options.threads = threads;
    backend::run_network_batch(backend, plan.streams, plan.cases, options,
                              [&](std::size_t k, const results::NetworkSummary& summary) {
                                  const NetworkRequest& r = *requests[members[k]];
                                  sink(members[k],
                                       coupled::network_result(r.topology, r.accel, r.dram, summary));
                                  return true;
                              });
}

}  // namespace dramsweep::serve
