// The fields of a PIM configuration, listed once: the JSON loader and the --set overrides both
// go through this table, so they accept exactly the same keys with the same types.

#include <cmath>
#include <limits>
#include <stdexcept>

#include "dramsweep/common/config_paths.hpp"
#include "dramsweep/common/input_error.hpp"
#include "dramsweep/common/text.hpp"
#include "dramsweep/pim/config.hpp"

namespace dramsweep::pim {
namespace {

using Field = ConfigField<PimConfig>;

const char* const kHint = "see docs/pim.md for the keys";

std::int32_t to_i32(const FieldValue& v) {
    if (v.u > static_cast<std::uint64_t>(std::numeric_limits<std::int32_t>::max()))
        throw std::invalid_argument("value too large");
    return static_cast<std::int32_t>(v.u);
}
std::int64_t to_i64(const FieldValue& v) {
    if (v.u > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max() / 1024))
        throw std::invalid_argument("value too large");
    return static_cast<std::int64_t>(v.u);
}
double non_negative(const FieldValue& v) {
    if (!(v.d >= 0) || !std::isfinite(v.d)) throw std::invalid_argument("must be a non-negative number");
    return v.d;
}

// "4x4" -> {4, 4}.
std::pair<std::int32_t, std::int32_t> parse_dims(const std::string& s) {
    const auto x = s.find('x');
    if (x == std::string::npos)
        throw std::invalid_argument("expected ROWSxCOLS such as 4x4, got '" + s + "'");
    auto part = [&](std::string_view t) -> std::int32_t {
        t = text::trim(t);
        if (t.empty() || t.size() > 6)
            throw std::invalid_argument("expected ROWSxCOLS such as 4x4, got '" + s + "'");
        std::int64_t n = 0;
        for (char c : t) {
            if (c < '0' || c > '9')
                throw std::invalid_argument("expected ROWSxCOLS such as 4x4, got '" + s + "'");
            n = n * 10 + (c - '0');
        }
        return static_cast<std::int32_t>(n);
    };
    return {part(std::string_view(s).substr(0, x)), part(std::string_view(s).substr(x + 1))};
}

Field number(const char* key, double PimConfig::*member) {
    return {key, FieldKind::kNumber,
            [member](PimConfig& c, const FieldValue& v) { c.*member = non_negative(v); }};
}
Field area_number(const char* key, double PimArea::*member) {
    return {key, FieldKind::kNumber,
            [member](PimConfig& c, const FieldValue& v) { c.area.*member = non_negative(v); }};
}
Field int32_field(const char* key, std::int32_t PimConfig::*member) {
    return {key, FieldKind::kUInt, [member](PimConfig& c, const FieldValue& v) { c.*member = to_i32(v); }};
}
Field int64_field(const char* key, std::int64_t PimConfig::*member) {
    return {key, FieldKind::kUInt, [member](PimConfig& c, const FieldValue& v) { c.*member = to_i64(v); }};
}
Field mapping_flag(const char* key, bool PimMappingOptions::*member) {
    return {key, FieldKind::kBool, [member](PimConfig& c, const FieldValue& v) { c.mapping.*member = v.b; }};
}

// "fil,ifm,ofm" (the data allowed to bypass the buffer), "all" or "none".
void parse_bypass(PimConfig& c, const std::string& s) {
    bool set[kNumData] = {false, false, false};
    if (s == "all") {
        set[kFil] = set[kIfm] = set[kOfm] = true;
    } else if (s != "none") {
        for (const std::string& item : text::split(s, ',')) {
            if (item == "fil")
                set[kFil] = true;
            else if (item == "ifm")
                set[kIfm] = true;
            else if (item == "ofm")
                set[kOfm] = true;
            else
                throw std::invalid_argument("expected all, none or a list of fil, ifm, ofm, got '" + item +
                                            "'");
        }
    }
    for (int d = 0; d < kNumData; ++d) c.mapping.gbuf_bypass[d] = set[d];
}

const std::vector<Field>& fields() {
    static const std::vector<Field> table = [] {
        std::vector<Field> f;
        f.push_back({"name", FieldKind::kText, [](PimConfig& c, const FieldValue& v) { c.name = v.s; }});
        f.push_back({"source", FieldKind::kText, [](PimConfig& c, const FieldValue& v) { c.source = v.s; }});
        f.push_back({"mesh", FieldKind::kText, [](PimConfig& c, const FieldValue& v) {
                         std::tie(c.mesh_h, c.mesh_w) = parse_dims(v.s);
                     }});
        f.push_back(
            {"routing", FieldKind::kText, [](PimConfig& c, const FieldValue& v) { c.routing = v.s; }});
        f.push_back(int64_field("link_bits", &PimConfig::link_bits));
        f.push_back(int32_field("hop_cycles", &PimConfig::hop_cycles));
        f.push_back(int32_field("clock_mhz", &PimConfig::clock_mhz));
        f.push_back(int32_field("word_bits", &PimConfig::word_bits));
        f.push_back(int32_field("psum_bits", &PimConfig::psum_bits));
        f.push_back({"memory", FieldKind::kText, [](PimConfig& c, const FieldValue& v) {
                         if (v.s == "stacked")
                             c.memory = MemoryPlacement::kStacked;
                         else if (v.s == "corners")
                             c.memory = MemoryPlacement::kCorners;
                         else
                             throw std::invalid_argument("expected stacked or corners, got '" + v.s + "'");
                     }});
        f.push_back({"pe_array", FieldKind::kText, [](PimConfig& c, const FieldValue& v) {
                         std::tie(c.pe_rows, c.pe_cols) = parse_dims(v.s);
                     }});
        f.push_back(int64_field("regf_bytes", &PimConfig::regf_bytes));
        f.push_back(int64_field("buffer_bytes", &PimConfig::buffer_bytes));
        // Another spelling of buffer_bytes.
        f.push_back({"buffer_kb", FieldKind::kNumber, [](PimConfig& c, const FieldValue& v) {
                         const double bytes = non_negative(v) * 1024;
                         if (bytes != std::floor(bytes) || bytes > 1e15)
                             throw std::invalid_argument("must be a whole number of bytes");
                         c.buffer_bytes = static_cast<std::int64_t>(bytes);
                     }});
        f.push_back(int64_field("array_bus_words", &PimConfig::array_bus_words));
        f.push_back({"dram.preset", FieldKind::kText,
                     [](PimConfig& c, const FieldValue& v) { c.dram_preset = v.s; }});
        f.push_back(int64_field("dram.capacity_mb", &PimConfig::dram_capacity_mb));
        f.push_back(int64_field("dram.pins", &PimConfig::dram_pins));
        f.push_back(int64_field("dram.pin_mbps", &PimConfig::dram_pin_mbps));
        f.push_back({"dram.bandwidth", FieldKind::kText, [](PimConfig& c, const FieldValue& v) {
                         if (v.s == "pins")
                             c.dram_bandwidth_unlimited = false;
                         else if (v.s == "unlimited")
                             c.dram_bandwidth_unlimited = true;
                         else
                             throw std::invalid_argument("expected pins or unlimited, got '" + v.s + "'");
                     }});
        f.push_back(int32_field("router.ports", &PimConfig::router_ports));

        f.push_back(number("energy.mac_pj", &PimConfig::mac_pj));
        f.push_back(number("energy.regf_pj_per_word", &PimConfig::regf_pj_per_word));
        f.push_back(number("energy.buffer_pj_per_word", &PimConfig::buffer_pj_per_word));
        f.push_back(int64_field("energy.buffer_ref_bytes", &PimConfig::buffer_ref_bytes));
        f.push_back(
            {"energy.buffer_size_exponent", FieldKind::kNumber, [](PimConfig& c, const FieldValue& v) {
                 if (!std::isfinite(v.d) || v.d < 0 || v.d > 2)
                     throw std::invalid_argument("must be in [0, 2]");
                 c.buffer_size_exponent = v.d;
             }});
        f.push_back(number("energy.array_bus_pj_per_word", &PimConfig::array_bus_pj_per_word));
        f.push_back(number("energy.dram_pj_per_bit", &PimConfig::dram_pj_per_bit));
        f.push_back(number("energy.noc_pj_per_bit_hop", &PimConfig::noc_pj_per_bit_hop));
        f.push_back(number("energy.static_pj_per_node_cycle", &PimConfig::static_pj_per_node_cycle));

        f.push_back(area_number("area.pe_mm2", &PimArea::pe_mm2));
        f.push_back(area_number("area.sram_mm2_per_kb", &PimArea::sram_mm2_per_kb));
        f.push_back(area_number("area.regf_mm2_per_kb", &PimArea::regf_mm2_per_kb));
        f.push_back(area_number("area.dram_if_mm2_per_pin", &PimArea::dram_if_mm2_per_pin));
        f.push_back(area_number("area.router_mm2", &PimArea::router_mm2));
        f.push_back(area_number("area.dram_mbit_per_mm2", &PimArea::dram_mbit_per_mm2));
        f.push_back(area_number("area.die_budget_mm2", &PimArea::die_budget_mm2));

        f.push_back({"mapping.bypass", FieldKind::kText,
                     [](PimConfig& c, const FieldValue& v) { parse_bypass(c, v.s); }});
        f.push_back(mapping_flag("mapping.access_forwarding", &PimMappingOptions::access_forwarding));
        f.push_back({"mapping.partition", FieldKind::kText, [](PimConfig& c, const FieldValue& v) {
                         if (v.s == "hybrid")
                             c.mapping.hybrid_partition = true;
                         else if (v.s == "naive")
                             c.mapping.hybrid_partition = false;
                         else
                             throw std::invalid_argument("expected hybrid or naive, got '" + v.s + "'");
                     }});
        f.push_back(mapping_flag("mapping.batch_partition", &PimMappingOptions::batch_partition));
        f.push_back(mapping_flag("mapping.ifmaps_partition", &PimMappingOptions::ifmaps_partition));
        f.push_back({"mapping.goal", FieldKind::kText, [](PimConfig& c, const FieldValue& v) {
                         if (v.s == "energy")
                             c.mapping.goal = Goal::kEnergy;
                         else if (v.s == "latency")
                             c.mapping.goal = Goal::kLatency;
                         else if (v.s == "edp")
                             c.mapping.goal = Goal::kEdp;
                         else
                             throw std::invalid_argument("expected energy, latency or edp, got '" + v.s +
                                                         "'");
                     }});
        return f;
    }();
    return table;
}

const std::vector<std::string>& groups() {
    static const std::vector<std::string> g = {"dram", "router", "energy", "area", "mapping"};
    return g;
}

// The per-word spellings of the per-bit energies: converted with the word size once the whole
// configuration is known, so that the order of keys does not matter.
struct PerWordEnergies {
    double dram = -1;
    double noc = -1;
};

void take_per_word_energies(const JsonSource& src, PimConfig& config) {
    const Json& root = src.root();
    if (!root.contains("energy") || !root["energy"].is_object()) return;
    const Json& e = root["energy"];
    auto per_word = [&](const char* word_key, const char* bit_key, double& per_bit) {
        if (!e.contains(word_key)) return;
        const JsonPointer where = JsonPointer("/energy") / word_key;
        if (e.contains(bit_key)) src.fail(where, std::string("give either ") + word_key + " or " + bit_key);
        const double v = src.required_number(where);
        if (!(v >= 0)) src.fail(where, "must be a non-negative number");
        if (!src.root().contains("word_bits")) src.fail(where, "needs word_bits in the same file");
        const std::int64_t bits = src.required_int(JsonPointer("/word_bits"));
        if (bits <= 0) src.fail(JsonPointer("/word_bits"), "must be at least 1");
        per_bit = v / static_cast<double>(bits);
        config.sources[std::string("energy.") + bit_key] = {src.origin(), src.line_of(where)};
    };
    per_word("dram_pj_per_word", "dram_pj_per_bit", config.dram_pj_per_bit);
    per_word("noc_pj_per_word_hop", "noc_pj_per_bit_hop", config.noc_pj_per_bit_hop);
}

}  // namespace

std::string resolve_pim_path(const std::string& name_or_path) {
    return resolve_config_path("pim", name_or_path, "--pim");
}
std::vector<std::string> known_pim_presets() {
    return known_configs("pim");
}

void apply_pim_override(PimConfig& config, const std::string& assignment) {
    auto [key, raw] = split_assignment(assignment, "--set");
    if (key.starts_with("pim.")) key = key.substr(4);
    if (key == "energy.dram_pj_per_word" || key == "energy.noc_pj_per_word_hop") {
        const double v = text::parse_double(raw, {"--set", 0}, key);
        if (!(v >= 0)) throw InputError("--set", 0, key, "must be a non-negative number");
        const double per_bit = v / static_cast<double>(config.word_bits > 0 ? config.word_bits : 1);
        const std::string bit_key =
            key == "energy.dram_pj_per_word" ? "energy.dram_pj_per_bit" : "energy.noc_pj_per_bit_hop";
        (key == "energy.dram_pj_per_word" ? config.dram_pj_per_bit : config.noc_pj_per_bit_hop) = per_bit;
        config.sources[bit_key] = {"--set", 0};
        return;
    }
    apply_config_assignment(fields(), key, raw, kHint, config, config.sources);
}

PimConfig load_pim_config(const std::string& name_or_path, const std::vector<std::string>& overrides) {
    const std::string path = resolve_pim_path(name_or_path);
    const JsonSource src = JsonSource::from_file(path);
    if (!src.root().is_object()) src.fail(JsonPointer(), "a PIM configuration is a JSON object");
    PimConfig config;
    config.origin = path;
    // The per-word spellings are read by take_per_word_energies, not the table.
    Json without_aliases = src.root();
    if (without_aliases.contains("energy") && without_aliases["energy"].is_object()) {
        without_aliases["energy"].erase("dram_pj_per_word");
        without_aliases["energy"].erase("noc_pj_per_word_hop");
    }
    load_config_object(src, without_aliases, "", JsonPointer(), fields(), groups(), kHint, config,
                       config.sources);
    take_per_word_energies(src, config);
    for (const char* required : {"/mesh",
                                 "/link_bits",
                                 "/clock_mhz",
                                 "/word_bits",
                                 "/psum_bits",
                                 "/memory",
                                 "/pe_array",
                                 "/regf_bytes",
                                 "/array_bus_words",
                                 "/dram/preset",
                                 "/dram/capacity_mb",
                                 "/dram/pins",
                                 "/dram/pin_mbps",
                                 "/energy/mac_pj",
                                 "/energy/regf_pj_per_word",
                                 "/energy/buffer_pj_per_word",
                                 "/energy/array_bus_pj_per_word",
                                 "/energy/static_pj_per_node_cycle",
                                 "/area/pe_mm2",
                                 "/area/sram_mm2_per_kb",
                                 "/area/regf_mm2_per_kb",
                                 "/area/dram_if_mm2_per_pin",
                                 "/area/router_mm2",
                                 "/area/dram_mbit_per_mm2"})
        src.required(JsonPointer(required));
    if (!src.root().contains("buffer_bytes") && !src.root().contains("buffer_kb"))
        src.fail(JsonPointer(), "needs buffer_bytes or buffer_kb");
    for (const auto& [bit_key, word_key] : {std::pair{"dram_pj_per_bit", "dram_pj_per_word"},
                                            std::pair{"noc_pj_per_bit_hop", "noc_pj_per_word_hop"}}) {
        const Json& e = src.root()["energy"];
        if (!e.contains(bit_key) && !e.contains(word_key))
            src.fail(JsonPointer("/energy"), std::string("needs ") + bit_key + " (or " + word_key + ")");
    }
    for (const std::string& o : overrides) apply_pim_override(config, o);
    validate(config);
    return config;
}

}  // namespace dramsweep::pim
