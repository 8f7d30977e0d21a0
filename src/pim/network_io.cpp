// Reading networks for the PIM evaluator: the DAG JSON form of docs/pim.md, and SCALE-Sim
// topologies (CSV or the project's topology JSON) as chains.

#include <filesystem>

#include "dramsweep/common/input_error.hpp"
#include "dramsweep/common/json_source.hpp"
#include "dramsweep/pim/network.hpp"
#include "dramsweep/workload/topology_io.hpp"

namespace dramsweep::pim {
namespace {

// nn_dataflow's is_valid_padding_sifm, for chaining SCALE-Sim rows.
bool feeds(const LayerShape& producer, const LayerShape& consumer) {
    auto fits = [](std::int64_t size, std::int64_t eu, std::int64_t hin) {
        return std::min(eu, hin) <= size && size <= std::max(eu, hin);
    };
    return producer.K == consumer.C &&
           fits(producer.E, std::int64_t{consumer.E} * consumer.Uh, consumer.hin()) &&
           fits(producer.F, std::int64_t{consumer.F} * consumer.Uw, consumer.win());
}

Network chain_from_topology(const Topology& t, const std::string& origin) {
    std::vector<LayerSpec> specs;
    std::int32_t in_c = 0, in_h = 0, in_w = 0;
    for (std::size_t i = 0; i < t.layers.size(); ++i) {
        const dramsweep::Layer& l = t.layers[i];
        LayerSpec s;
        s.name = l.name;
        s.line = i + 2;  // the header is line 1
        auto i32 = [&](std::int64_t v) {
            if (v < 1 || v > (std::int64_t{1} << 24))
                throw InputError(origin, s.line, l.name, "dimension out of range");
            return static_cast<std::int32_t>(v);
        };
        if (l.kind == LayerKind::Gemm) {
            s.type = LayerType::kFc;
            s.shape = {
                LayerModel::kConv, i32(l.gemm_k()), i32(l.gemm_n()), i32(l.gemm_m()), 1, 1, 1, 1, 1, 1, 1};
        } else if (l.groups == 1) {
            s.type = LayerType::kConv;
            s.shape = {LayerModel::kConv,
                       i32(l.channels),
                       i32(l.num_filters),
                       i32(l.ofmap_h()),
                       i32(l.ofmap_w()),
                       i32(l.filter_h),
                       i32(l.filter_w),
                       i32(l.stride_h),
                       i32(l.stride_w),
                       1,
                       1};
        } else if (l.groups == l.channels && l.num_filters == l.channels) {
            // Depthwise: one window per channel, as a local-region layer (its K x R x S weights
            // are not counted).
            s.type = LayerType::kPool;
            s.shape = {LayerModel::kLocalRegion,
                       i32(l.channels),
                       i32(l.channels),
                       i32(l.ofmap_h()),
                       i32(l.ofmap_w()),
                       i32(l.filter_h),
                       i32(l.filter_w),
                       i32(l.stride_h),
                       i32(l.stride_w),
                       1,
                       1};
        } else {
            throw InputError(
                origin, s.line, l.name,
                "grouped convolutions other than depthwise (groups = channels = filters) are not modelled");
        }
        if (i == 0) {
            in_c = s.shape.C;
            in_h = static_cast<std::int32_t>(l.kind == LayerKind::Gemm ? s.shape.E : l.ifmap_h);
            in_w = static_cast<std::int32_t>(l.kind == LayerKind::Gemm ? 1 : l.ifmap_w);
            s.prevs = {"input"};
        } else if (feeds(specs.back().shape, s.shape)) {
            s.prevs = {specs.back().name};
        } else {
            s.own_input = true;
        }
        specs.push_back(s);
    }
    return build_network(t.name, origin, in_c, in_h, in_w, specs);
}

std::pair<std::int32_t, std::int32_t> pair_or_scalar(const JsonSource& src, const JsonPointer& where) {
    const Json& j = src.required(where);
    auto one = [&](const JsonPointer& w) {
        const std::int64_t v = src.required_int(w);
        if (v < 1 || v > (std::int64_t{1} << 24)) src.fail(w, "must be at least 1");
        return static_cast<std::int32_t>(v);
    };
    if (j.is_array()) {
        if (j.size() != 2) src.fail(where, "expected a number or [rows, columns]");
        return {one(where / 0), one(where / 1)};
    }
    const std::int32_t v = one(where);
    return {v, v};
}

LayerSpec read_layer(const JsonSource& src, const JsonPointer& where) {
    LayerSpec s;
    s.line = src.line_of(where);
    s.name = src.required_string(where / "name");
    const std::string type = src.required_string(where / "type");
    const Json& j = src.required(where);
    if (!j.contains("prevs") || !j["prevs"].is_array() || j["prevs"].empty())
        src.fail(where / "prevs", "expected a list of producers (\"input\" for the network input)");
    for (std::size_t i = 0; i < j["prevs"].size(); ++i)
        s.prevs.push_back(src.required_string(where / "prevs" / i));
    if (auto w = src.optional_string(where / "weights_from")) s.weights_from = *w;
    auto count = [&](const char* key) {
        const std::int64_t v = src.required_int(where / key);
        if (v < 1 || v > (std::int64_t{1} << 24)) src.fail(where / key, "must be at least 1");
        return static_cast<std::int32_t>(v);
    };
    auto optional_count = [&](const char* key, std::int32_t fallback) {
        return j.contains(key) ? count(key) : fallback;
    };
    if (type == "conv") {
        src.reject_unknown_keys(where, {"name", "type", "prevs", "weights_from", "in_channels",
                                        "out_channels", "out_size", "filter", "stride"});
        s.type = LayerType::kConv;
        const auto [e, f] = pair_or_scalar(src, where / "out_size");
        const auto [r, ss] = pair_or_scalar(src, where / "filter");
        auto [uh, uw] = j.contains("stride") ? pair_or_scalar(src, where / "stride") : std::pair{1, 1};
        s.shape = {LayerModel::kConv,
                   optional_count("in_channels", 0),
                   count("out_channels"),
                   e,
                   f,
                   r,
                   ss,
                   uh,
                   uw,
                   1,
                   1};
    } else if (type == "fc") {
        src.reject_unknown_keys(
            where, {"name", "type", "prevs", "weights_from", "in_channels", "out_channels", "in_size"});
        s.type = LayerType::kFc;
        const auto [r, ss] = j.contains("in_size") ? pair_or_scalar(src, where / "in_size") : std::pair{1, 1};
        s.shape = {LayerModel::kConv,
                   optional_count("in_channels", 0),
                   count("out_channels"),
                   1,
                   1,
                   r,
                   ss,
                   1,
                   1,
                   1,
                   1};
    } else if (type == "gemm") {
        src.reject_unknown_keys(where, {"name", "type", "prevs", "weights_from", "m", "n", "k"});
        s.type = LayerType::kFc;
        s.shape = {LayerModel::kConv, count("k"), count("n"), count("m"), 1, 1, 1, 1, 1, 1, 1};
    } else if (type == "pool") {
        src.reject_unknown_keys(where, {"name", "type", "prevs", "channels", "out_size", "window", "stride"});
        s.type = LayerType::kPool;
        const auto [e, f] = pair_or_scalar(src, where / "out_size");
        const auto [r, ss] = pair_or_scalar(src, where / "window");
        auto [uh, uw] = j.contains("stride") ? pair_or_scalar(src, where / "stride") : std::pair{r, ss};
        const std::int32_t k = count("channels");
        s.shape = {LayerModel::kLocalRegion, k, k, e, f, r, ss, uh, uw, 1, 1};
    } else if (type == "eltwise") {
        src.reject_unknown_keys(where, {"name", "type", "prevs", "channels", "out_size"});
        s.type = LayerType::kEltwise;
        const auto [e, f] = pair_or_scalar(src, where / "out_size");
        const std::int32_t k = count("channels");
        const auto n = static_cast<std::int32_t>(s.prevs.size());
        if (n < 2) src.fail(where / "prevs", "an element-wise add needs at least two producers");
        s.shape = {LayerModel::kLocalRegion, k * n, k, e, f, 1, 1, 1, 1, n, n};
    } else {
        src.fail(where / "type", "expected conv, fc, gemm, pool or eltwise, got '" + type + "'");
    }
    return s;
}

Network read_pim_network_json(const JsonSource& src) {
    const JsonPointer root;
    src.reject_unknown_keys(root, {"name", "input", "layers"});
    src.reject_unknown_keys(JsonPointer("/input"), {"channels", "height", "width"});
    auto dim = [&](const char* key) {
        const JsonPointer w = JsonPointer("/input") / key;
        const std::int64_t v = src.required_int(w);
        if (v < 1 || v > (std::int64_t{1} << 24)) src.fail(w, "must be at least 1");
        return static_cast<std::int32_t>(v);
    };
    const Json& layers = src.required(JsonPointer("/layers"));
    if (!layers.is_array() || layers.empty())
        src.fail(JsonPointer("/layers"), "expected a non-empty list of layers");
    std::vector<LayerSpec> specs;
    for (std::size_t i = 0; i < layers.size(); ++i)
        specs.push_back(read_layer(src, JsonPointer("/layers") / i));
    const std::string name = src.optional_string(JsonPointer("/name"))
                                 .value_or(std::filesystem::path(src.origin()).stem().string());
    return build_network(name, src.origin(), dim("channels"), dim("height"), dim("width"), specs);
}

}  // namespace

Network load_network(const std::string& name_or_path) {
    for (const std::string& n : bundled_network_names())
        if (n == name_or_path) return bundled_network(n);
    if (name_or_path == "alex_net" || name_or_path == "vgg_net") return bundled_network(name_or_path);
    if (!std::filesystem::exists(name_or_path))
        return bundled_network(name_or_path);  // names the bundled ones
    if (name_or_path.ends_with(".json")) {
        const JsonSource src = JsonSource::from_file(name_or_path);
        if (src.root().is_object() && src.root().contains("input")) return read_pim_network_json(src);
    }
    return chain_from_topology(read_topology(name_or_path), name_or_path);
}

}  // namespace dramsweep::pim
