// Reading a sweep spec (docs/formats.md, "Sweep specs") into a SweepSpec. Structure, key names and
// value kinds are checked here: "accel." keys are refused unless the workload is a network, "pim."
// keys unless it is a PIM workload, which takes nothing else. DRAM keys and values are checked
// against the DRAM model when the configurations are built (config_builder.cpp), accelerator ones
// by AccelBuilder and PIM ones by PimBuilder, with the same file, line and path.

#include <filesystem>
#include <set>

#include "dramsweep/accel/accel_fields.hpp"
#include "dramsweep/common/input_error.hpp"
#include "dramsweep/common/text.hpp"
#include "dramsweep/sweep/spec.hpp"

namespace dramsweep::sweep {
namespace {

constexpr std::uint64_t kMaxRangeLevels = 1'000'000;

Setting read_setting(const JsonSource& src, const std::string& key, const JsonPointer& where) {
    const Json& v = src.required(where);
    if (is_accel_key(key) && !accel_fields().find(accel_field(key)))
        src.fail(where, text::quote(key) + " names no accelerator field (accel. and one of " + accel_fields().key_list() +
                            ")");
    if (!(v.is_number() || v.is_string() || v.is_boolean()))
        src.fail(where, "expected a number, a string or true/false for '" + key + "'");
    if (key == "preset" && !v.is_string()) src.fail(where, "a preset is a name or a JSON file path");
    return {key, v, src.line_of(where), json_path_string(where)};
}

std::string read_key(const JsonSource& src, const JsonPointer& where) {
    std::string key = src.required_string(where);
    if (key.empty()) src.fail(where, "empty key");
    return key;
}

std::string resolve(const SweepSpec& spec, const std::string& file) {
    std::filesystem::path p = file;
    if (p.is_relative()) p = std::filesystem::path(spec.dir) / p;
    return p.lexically_normal().string();
}

// {"network": TOPOLOGY, "accel": ACCEL[, "gemm": true][, "batch": B]}: the closed loop bounds what is in
// flight and runs the whole network, so the trace-only keys are refused rather than ignored.
void read_network_workload(const JsonSource& src, const SweepSpec& spec, Workload& w) {
    const JsonPointer at("/workload");
    const Json& obj = src.root()["workload"];
    for (const char* key : {"trace", "generate", "requests", "max_outstanding"})
        if (obj.contains(key))
            src.fail(at / key, std::string("a network workload takes \"network\", \"accel\", \"gemm\" and \"batch\"; \"") + key +
                                   "\" is for request streams");
    if (!obj.contains("accel")) src.fail(at, "a network workload needs \"accel\": an accelerator file (.cfg or JSON)");
    w.kind = Workload::Kind::kNetwork;
    w.topology_path = resolve(spec, src.required_string(at / "network"));
    w.accel_path = resolve(spec, src.required_string(at / "accel"));
    w.gemm = src.optional_bool(at / "gemm").value_or(false);
    if (const auto batch = src.optional_int(at / "batch")) {
        if (*batch < 1) src.fail(at / "batch", "the batch size must be at least 1");
        w.batch = *batch;
        w.batch_line = src.line_of(at / "batch");
    }
}

// {"pim_network": NET[, "batch": B][, "mapper": "baseline"|"nicepim", "beam": N, ...]}: a network
// mapped onto PIM designs, the base and every setting being the PIM template's (docs/pim.md).
void read_pim_workload(const JsonSource& src, const SweepSpec& spec, Workload& w) {
    const JsonPointer at("/workload");
    const Json& obj = src.root()["workload"];
    for (const char* key : {"trace", "generate", "requests", "max_outstanding", "network", "accel", "gemm"})
        if (obj.contains(key))
            src.fail(at / key,
                     std::string("a PIM workload takes \"pim_network\", \"batch\", \"mapper\" and the "
                                 "mapper's options; \"") +
                         key + "\" belongs to another workload");
    w.kind = Workload::Kind::kPim;
    const std::string net = src.required_string(at / "pim_network");
    if (net.empty()) src.fail(at / "pim_network", "expected a bundled network name or a file");
    // A bundled name stays a name; a file is taken relative to the spec's folder.
    const bool is_path =
        net.find('/') != std::string::npos || net.ends_with(".json") || net.ends_with(".csv");
    w.pim_network = is_path ? resolve(spec, net) : net;
    w.batch = 1;
    if (const auto batch = src.optional_int(at / "batch")) {
        if (*batch < 1) src.fail(at / "batch", "the batch size must be at least 1");
        w.batch = *batch;
        w.batch_line = src.line_of(at / "batch");
    }
    w.pim_mapper = pim::read_mapper_choice(src, at);
}

Workload read_workload(const JsonSource& src, const SweepSpec& spec) {
    const JsonPointer at("/workload");
    if (!src.required(at).is_object())
        src.fail(at,
                 "expected an object: {\"trace\": FILE}, {\"generate\": NAME}, {\"network\": FILE, "
                 "\"accel\": FILE} or {\"pim_network\": NET}");
    src.reject_unknown_keys(at, {"trace", "generate", "requests", "max_outstanding", "network", "accel",
                                 "gemm", "batch", "pim_network", "mapper", "beam", "scheduler", "ilp_limit",
                                 "branch_parallelism", "layout_search", "capacity_allocation"});
    Workload w;
    const Json& obj = src.root()["workload"];
    if (obj.contains("pim_network")) {
        read_pim_workload(src, spec, w);
        return w;
    }
    for (const char* key : {"mapper", "beam", "scheduler", "ilp_limit", "branch_parallelism", "layout_search",
                            "capacity_allocation"})
        if (obj.contains(key)) src.fail(at / key, "only a PIM workload (\"pim_network\": NET) has a mapper");
    if (obj.contains("network")) {
        read_network_workload(src, spec, w);
        return w;
    }
    for (const char* key : {"accel", "gemm", "batch"})
        if (obj.contains(key)) src.fail(at / key, "only a network workload (\"network\": TOPOLOGY) takes an accelerator");
    if (obj.contains("trace") == obj.contains("generate"))
        src.fail(at, "give exactly one of \"trace\" (a file), \"generate\" (seq_read, rand_read, mix_2r1w) or "
                     "\"network\" (a topology)");
    if (const auto n = src.optional_int(at / "requests")) {
        if (*n < 0) src.fail(at / "requests", "must be at least 0 (0: every request of the trace)");
        w.requests = static_cast<std::size_t>(*n);
        w.requests_line = src.line_of(at / "requests");
    }
    if (const auto n = src.optional_int(at / "max_outstanding")) {
        if (*n < 0) src.fail(at / "max_outstanding", "must be at least 0");
        w.max_outstanding = static_cast<std::uint64_t>(*n);
    }
    if (obj.contains("trace")) {
        w.kind = Workload::Kind::kTrace;
        w.trace_path = resolve(spec, src.required_string(at / "trace"));
    } else {
        w.kind = Workload::Kind::kGenerate;
        w.generator = src.required_string(at / "generate");
        if (w.requests == 0) src.fail(at, "a generated workload needs \"requests\" (at least 1)");
    }
    return w;
}

void read_base(const JsonSource& src, SweepSpec& spec) {
    const JsonPointer at("/base");
    const Json& base = src.required(at);
    if (base.is_string()) {
        spec.base_preset = read_setting(src, "preset", at);
        return;
    }
    if (!base.is_object()) src.fail(at, "expected a preset name or {\"preset\": NAME, \"set\": {KEY: VALUE}}");
    src.reject_unknown_keys(at, {"preset", "set"});
    spec.base_preset = read_setting(src, "preset", at / "preset");
    if (!base.contains("set")) return;
    if (!base["set"].is_object()) src.fail(at / "set", "expected an object of dotted keys and values");
    for (const auto& item : base["set"].items()) {
        if (item.key() == "preset") src.fail(at / "set" / item.key(), "the preset is given by base.preset");
        spec.base_set.push_back(read_setting(src, item.key(), at / "set" / item.key()));
    }
}

std::vector<Json> range_values(const JsonSource& src, const JsonPointer& at) {
    if (!src.required(at).is_object()) src.fail(at, "expected {\"from\": A, \"to\": B, \"step\": S}");
    src.reject_unknown_keys(at, {"from", "to", "step"});
    const std::int64_t from = src.required_int(at / "from");
    const std::int64_t to = src.required_int(at / "to");
    const std::int64_t step = src.optional_int(at / "step").value_or(1);
    if (step <= 0) src.fail(at / "step", "must be at least 1");
    if (to < from) src.fail(at / "to", "below \"from\"");
    // In unsigned arithmetic: to - from may not fit a signed 64-bit integer.
    const std::uint64_t span = static_cast<std::uint64_t>(to) - static_cast<std::uint64_t>(from);
    const std::uint64_t levels = span / static_cast<std::uint64_t>(step) + 1;
    if (levels > kMaxRangeLevels)
        src.fail(at, "too many levels (" + std::to_string(levels) + "; at most " + std::to_string(kMaxRangeLevels) + ")");
    std::vector<Json> values;
    for (std::uint64_t i = 0; i < levels; ++i)
        values.emplace_back(static_cast<std::int64_t>(static_cast<std::uint64_t>(from) + i * static_cast<std::uint64_t>(step)));
    return values;
}

Axis read_axis(const JsonSource& src, const JsonPointer& at) {
    const Json& obj = src.required(at);
    if (!obj.is_object()) src.fail(at, "an axis is {\"key\": K, \"values\": [...]} or {\"keys\": [...], \"values\": [[...]]}");
    src.reject_unknown_keys(at, {"key", "keys", "values", "range"});
    if (obj.contains("key") == obj.contains("keys")) src.fail(at, "give exactly one of \"key\" or \"keys\"");
    if (obj.contains("values") == obj.contains("range")) src.fail(at, "give exactly one of \"values\" or \"range\"");
    Axis axis;
    if (obj.contains("key")) {
        axis.keys.push_back(read_key(src, at / "key"));
        if (obj.contains("range")) {
            const std::vector<Json> values = range_values(src, at / "range");
            for (const Json& v : values) axis.levels.push_back({{axis.keys[0], v, src.line_of(at / "range"),
                                                                 json_path_string(at / "range")}});
        } else {
            if (!obj["values"].is_array() || obj["values"].empty()) src.fail(at / "values", "expected a non-empty list");
            for (std::size_t i = 0; i < obj["values"].size(); ++i)
                axis.levels.push_back({read_setting(src, axis.keys[0], at / "values" / i)});
        }
        return axis;
    }
    if (!obj["keys"].is_array() || obj["keys"].empty()) src.fail(at / "keys", "expected a non-empty list of keys");
    for (std::size_t k = 0; k < obj["keys"].size(); ++k) axis.keys.push_back(read_key(src, at / "keys" / k));
    if (obj.contains("range")) src.fail(at / "range", "a \"keys\" axis takes \"values\": a list of value lists");
    if (!obj["values"].is_array() || obj["values"].empty()) src.fail(at / "values", "expected a non-empty list");
    for (std::size_t i = 0; i < obj["values"].size(); ++i) {
        const JsonPointer level_at = at / "values" / i;
        const Json& level = obj["values"][i];
        if (!level.is_array() || level.size() != axis.keys.size())
            src.fail(level_at, "expected a list of " + std::to_string(axis.keys.size()) + " values, one per key");
        std::vector<Setting> settings;
        for (std::size_t k = 0; k < axis.keys.size(); ++k)
            settings.push_back(read_setting(src, axis.keys[k], level_at / k));
        axis.levels.push_back(std::move(settings));
    }
    return axis;
}

void read_axes(const JsonSource& src, SweepSpec& spec) {
    const JsonPointer at("/axes");
    if (!src.root().contains("axes")) return;
    if (!src.root()["axes"].is_array()) src.fail(at, "expected a list of axes");
    std::set<std::string> seen;
    for (std::size_t i = 0; i < src.root()["axes"].size(); ++i) {
        Axis axis = read_axis(src, at / i);
        for (std::size_t k = 0; k < axis.keys.size(); ++k)
            if (!seen.insert(axis.keys[k]).second)
                src.fail(at / i / (axis.keys.size() == 1 ? std::string("key") : "keys/" + std::to_string(k)),
                         "'" + axis.keys[k] + "' is already swept by another axis");
        spec.axes.push_back(std::move(axis));
    }
}

void read_sampling(const JsonSource& src, SweepSpec& spec) {
    const JsonPointer at("/sampling");
    if (!src.root().contains("sampling")) return;
    if (!src.root()["sampling"].is_object()) src.fail(at, "expected {\"method\": grid|random|lhs, ...}");
    src.reject_unknown_keys(at, {"method", "samples", "seed"});
    const std::string method = src.optional_string(at / "method").value_or("grid");
    if (method == "grid") spec.sampling.method = Method::kGrid;
    else if (method == "random") spec.sampling.method = Method::kRandom;
    else if (method == "lhs" || method == "latin_hypercube") spec.sampling.method = Method::kLatinHypercube;
    else src.fail(at / "method", "expected grid, random or lhs, got '" + method + "'");
    if (const auto seed = src.optional_int(at / "seed")) {
        if (*seed < 0) src.fail(at / "seed", "must be at least 0");
        spec.sampling.seed = static_cast<std::uint64_t>(*seed);
    }
    const auto samples = src.optional_int(at / "samples");
    if (spec.sampling.method == Method::kGrid) {
        if (samples) src.fail(at / "samples", "a grid takes every point; \"samples\" is for random and lhs");
        return;
    }
    if (!samples || *samples < 1) src.fail(at / "samples", "random and lhs need \"samples\" (at least 1)");
    spec.sampling.samples = static_cast<std::uint64_t>(*samples);
}

void read_configs(const JsonSource& src, SweepSpec& spec) {
    const JsonPointer at("/configs");
    if (!src.root().contains("configs")) return;
    if (!src.root()["configs"].is_array()) src.fail(at, "expected a list of objects {KEY: VALUE}");
    for (std::size_t i = 0; i < src.root()["configs"].size(); ++i) {
        const Json& obj = src.root()["configs"][i];
        if (!obj.is_object()) src.fail(at / i, "expected an object {KEY: VALUE}");
        std::vector<Setting> settings;
        // "preset" first: it picks the file the other keys override.
        if (obj.contains("preset")) settings.push_back(read_setting(src, "preset", at / i / "preset"));
        for (const auto& item : obj.items())
            if (item.key() != "preset") settings.push_back(read_setting(src, item.key(), at / i / item.key()));
        spec.configs.push_back(std::move(settings));
    }
}

// Why `key` does not belong to the spec's workload ("" when it does): accelerator keys need an
// accelerator, PIM keys a PIM workload, and a PIM workload takes nothing but PIM keys.
std::string misplaced_key(const SweepSpec& spec, const std::string& key) {
    if (spec.workload.is_pim()) {
        if (key == "preset" || is_pim_key(key)) return {};
        return "'" + key +
               "' is not a field of the PIM template: a PIM workload sweeps pim.* keys (pim.mesh, "
               "pim.buffer_kb, ...; docs/pim.md)";
    }
    if (is_pim_key(key))
        return "'" + key +
               "' sets a PIM design field: only a PIM workload ({\"pim_network\": NET}) has a PIM design";
    if (is_accel_key(key) && !spec.workload.is_network())
        return "'" + key +
               "' sets an accelerator field: only a network workload ({\"network\": TOPOLOGY, "
               "\"accel\": FILE}) has an accelerator";
    return {};
}

// Each key that does not belong to the workload is refused where it is written (an axis at its
// key, a setting at its value).
void reject_misplaced_keys(const JsonSource& src, const SweepSpec& spec) {
    for (const Setting& s : spec.base_set)
        if (const std::string why = misplaced_key(spec, s.key); !why.empty())
            src.fail(JsonPointer("/base/set") / s.key, why);
    for (std::size_t i = 0; i < spec.axes.size(); ++i) {
        const std::vector<std::string>& keys = spec.axes[i].keys;
        for (std::size_t k = 0; k < keys.size(); ++k)
            if (const std::string why = misplaced_key(spec, keys[k]); !why.empty())
                src.fail(keys.size() == 1 ? JsonPointer("/axes") / i / "key"
                                          : JsonPointer("/axes") / i / "keys" / k,
                         why);
    }
    for (std::size_t i = 0; i < spec.configs.size(); ++i)
        for (const Setting& s : spec.configs[i])
            if (const std::string why = misplaced_key(spec, s.key); !why.empty())
                src.fail(JsonPointer("/configs") / i / s.key, why);
}

}  // namespace

bool is_accel_key(const std::string& key) { return key.rfind(kAccelPrefix, 0) == 0; }

bool is_pim_key(const std::string& key) {
    return key.rfind(kPimPrefix, 0) == 0;
}

std::string accel_field(const std::string& key) {
    return is_accel_key(key) ? key.substr(std::char_traits<char>::length(kAccelPrefix)) : std::string();
}

std::string setting_text(const Json& value) { return value.is_string() ? value.get<std::string>() : value.dump(); }

const char* to_string(Method method) {
    switch (method) {
        case Method::kGrid: return "grid";
        case Method::kRandom: return "random";
        case Method::kLatinHypercube: return "lhs";
    }
    return "?";
}

SweepSpec parse_sweep_spec(const std::string& path) {
    return parse_sweep_spec(JsonSource::from_file(path), std::filesystem::path(path).parent_path().string(),
                            std::filesystem::path(path).stem().string());
}

SweepSpec parse_sweep_spec(const JsonSource& src, const std::string& dir, const std::string& default_name) {
    if (!src.root().is_object()) src.fail(JsonPointer(), "a sweep spec is a JSON object");
    src.reject_unknown_keys(JsonPointer(), {"name", "workload", "base", "axes", "sampling", "configs"});
    SweepSpec spec;
    spec.file = src.origin();
    spec.dir = dir;
    spec.name = src.optional_string(JsonPointer("/name")).value_or(default_name);
    spec.workload = read_workload(src, spec);
    read_base(src, spec);
    read_axes(src, spec);
    read_sampling(src, spec);
    read_configs(src, spec);
    reject_misplaced_keys(src, spec);
    if (spec.sampling.method != Method::kGrid && spec.axes.empty())
        src.fail(JsonPointer("/sampling/method"), "random and lhs sample the axes, and there are none");
    return spec;
}

}  // namespace dramsweep::sweep
