#include "entry_points.hpp"

#include <stdlib.h>

#include <algorithm>
#include <filesystem>
#include <utility>

#include "dramsweep/accel/accel_io.hpp"
#include "dramsweep/common/input_error.hpp"
#include "dramsweep/common/json_source.hpp"
#include "dramsweep/common/json_text.hpp"
#include "dramsweep/common/text.hpp"
#include "dramsweep/coupled/network_run.hpp"
#include "dramsweep/dram/config.hpp"
#include "dramsweep/serve/network_request.hpp"
#include "dramsweep/sweep/results.hpp"
#include "dramsweep/sweep/runner.hpp"
#include "dramsweep/sweep/spec.hpp"
#include "dramsweep/workload/topology_io.hpp"

namespace dramsweep::python {
namespace {

namespace fs = std::filesystem;

// Runs `f` on a document made from Python values. Such a document has no lines the user wrote
// (it is one line of JSON made here), so errors about it name the origin and the field only.
template <typename F>
auto from_python(const std::string& origin, F&& f) {
    try {
        return f();
    } catch (const InputError& e) {
        if (e.line() == 0 || !e.file().starts_with(origin)) throw;
        throw InputError(e.file(), 0, e.field(), e.message());
    }
}

JsonSource document(const Json& value, const std::string& origin) {
    return JsonSource::from_text(value.dump(), origin);
}

backend::BackendKind backend_of(const std::string& name, const std::string& origin) {
    try {
        return backend::resolve_backend(backend::parse_backend(name));
    } catch (const InputError& e) {
        throw InputError(origin, 0, "backend", e.message());
    }
}

Row parse_row(const std::string& text) {
    return Row::parse(text);
}

// A fresh folder for a sweep's result file, removed with everything in it.
class ScratchFolder {
public:
    ScratchFolder() {
        std::string pattern = (fs::temp_directory_path() / "dramsweep-python-XXXXXX").string();
        if (!mkdtemp(pattern.data()))
            throw std::runtime_error("cannot create a temporary folder in " +
                                     fs::temp_directory_path().string());
        path_ = pattern;
    }
    ~ScratchFolder() {
        std::error_code ec;
        fs::remove_all(path_, ec);
    }
    ScratchFolder(const ScratchFolder&) = delete;
    ScratchFolder& operator=(const ScratchFolder&) = delete;
    const fs::path& path() const { return path_; }

private:
    fs::path path_;
};

}  // namespace

Row run_network(const Json& request) {
    const std::string origin = "run()";
    return from_python(origin, [&] {
        const JsonSource source = document(request, origin);
        source.reject_unknown_keys(JsonPointer(),
                                   {"accel", "accel_set", "dram", "dram_set", "topology", "batch"});
        const serve::NetworkRequest r = serve::parse_network_request(source);
        const coupled::NetworkRunResult result = coupled::run_network(r.topology, r.accel, r.dram);
        return parse_row(json_text(coupled::network_result_json(r.topology, r.accel, r.dram, result)));
    });
}

std::vector<Row> sweep_spec(const Json& spec, const SweepCall& call) {
    const std::string origin = "sweep() spec";
    return from_python(origin, [&] {
        const sweep::SweepSpec parsed = spec.is_string()
                                            ? sweep::parse_sweep_spec(spec.get<std::string>())
                                            : sweep::parse_sweep_spec(document(spec, origin), "", "sweep");
        const ScratchFolder folder;
        sweep::SweepOptions options;
        options.backend = backend_of(call.backend, "sweep()");
        options.out = (folder.path() / "rows.jsonl").string();
        options.validate = call.validate;
        options.threads = call.threads;
        options.progress = false;
        const sweep::SweepReport report = sweep::run_sweep(parsed, options);
        if (!report.validation_failures.empty()) {
            std::string message = "validation failed: " + std::to_string(report.validation_failures.size()) +
                                  " of " + std::to_string(report.validated) +
                                  " configurations differ from the reference model";
            for (const std::string& failure : report.validation_failures) message += "\n" + failure;
            throw std::runtime_error(message);
        }
        std::vector<Row> rows;
        for (const auto& [number, line] : text::numbered_lines(text::read_file(options.out)))
            if (!line.empty()) rows.push_back(parse_row(line));
        std::stable_sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
            return a["config"].get<std::uint64_t>() < b["config"].get<std::uint64_t>();
        });
        return rows;
    });
}

std::vector<Row> sweep_configs(const std::vector<Json>& configs, const SweepCall& call) {
    if (call.validate) throw InputError("sweep()", 0, "validate", "only for sweep specs");
    const backend::BackendKind backend = backend_of(call.backend, "sweep()");
    std::vector<serve::NetworkRequest> parsed;
    parsed.reserve(configs.size());
    for (std::size_t i = 0; i < configs.size(); ++i) {
        const std::string origin = "configs[" + std::to_string(i) + "]";
        parsed.push_back(from_python(origin, [&] {
            const JsonSource source = document(configs[i], origin);
            if (!source.root().is_object())
                source.fail(JsonPointer(), "expected a configuration object (a dict)");
            source.reject_unknown_keys(JsonPointer(),
                                       {"accel", "accel_set", "dram", "dram_set", "topology", "batch"});
            return serve::parse_network_request(source);
        }));
    }
    std::vector<const serve::NetworkRequest*> requests;
    for (const serve::NetworkRequest& r : parsed) requests.push_back(&r);
    std::vector<Row> rows(configs.size());
    for (const std::vector<std::size_t>& group : serve::group_by_topology(requests)) {
        serve::run_request_group(requests, group, backend, call.threads,
                                 [&](std::size_t i, const coupled::NetworkRunResult& result) {
                                     Row row;
                                     row["config"] = i;
                                     const Row statistics = sweep::network_statistics(result);
                                     for (const auto& item : statistics.items())
                                         row[item.key()] = item.value();
                                     rows[i] = std::move(row);
                                 });
    }
    return rows;
}

Row run_trace(const Json& dram, const TraceCall& call) {
    const std::string origin = "trace()";
    return from_python(origin, [&] {
        const dram::DramConfig config = serve::request_dram(document(dram, origin));
        const int given =
            int{call.path.has_value()} + int{call.requests.has_value()} + int{call.generate.has_value()};
        if (given != 1)
            throw InputError(origin, 0, "trace",
                             "give exactly one of trace (a file or requests) or generate");
        std::vector<dram::TraceRequest> requests;
        if (call.generate) {
            requests = dram::generate_reference_trace(*call.generate, call.limit ? call.limit : 1'000'000);
        } else {
            requests = call.path ? dram::read_trace_file(*call.path) : *call.requests;
            if (call.limit && requests.size() > call.limit) requests.resize(call.limit);
        }
        dram::TraceRunOptions options;
        options.max_outstanding = call.max_outstanding;
        return parse_row(dram::trace_result_json(config, dram::run_trace(config, requests, options)));
    });
}

Json load_dram(const Json& dram) {
    return from_python("load_dram()", [&] {
        return dram::dram_config_json(serve::request_dram(document(dram, "load_dram()")));
    });
}

Json load_accel(const Json& accel) {
    return from_python("load_accel()", [&] {
        return accel_config_json(serve::request_accel(document(accel, "load_accel()")));
    });
}

Json load_topology(const Json& topology) {
    return from_python("load_topology()", [&] {
        return topology_json(serve::request_topology(document(topology, "load_topology()")));
    });
}

}  // namespace dramsweep::python
