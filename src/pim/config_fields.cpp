// The fields of a PIM configuration, listed once: the JSON loader and the --set overrides both
// go through this table, so they accept exactly the same keys with the same types.

#include <cmath>
#include <limits>
#include <set>
#include <tuple>

#include "dramsweep/common/config_paths.hpp"
#include "dramsweep/common/field_table.hpp"
#include "dramsweep/common/input_error.hpp"
#include "dramsweep/common/text.hpp"
#include "dramsweep/pim/config.hpp"

namespace dramsweep::pim {
namespace {

using Table = FieldTable<PimConfig>;

const char* const kHint = "see docs/pim.md for the keys";

// Counts and sizes: whole numbers from 0, as the design's integer types hold them (bytes and
// bits at most 2^63 / 1024, so that a size in kB converts without overflow).
constexpr double kMaxInt32 = double(std::numeric_limits<std::int32_t>::max());
constexpr double kMaxSize = double(std::numeric_limits<std::int64_t>::max() / 1024);

// "4x4" -> {4, 4}.
std::pair<std::int32_t, std::int32_t> parse_dims(const std::string& s) {
    const auto x = s.find('x');
    const std::string bad = "expected ROWSxCOLS such as 4x4, got " + text::quote(s);
    if (x == std::string::npos) throw FieldValueError(bad);
    auto part = [&](std::string_view t) -> std::int32_t {
        t = text::trim(t);
        if (t.empty() || t.size() > 6) throw FieldValueError(bad);
        std::int64_t n = 0;
        for (char c : t) {
            if (c < '0' || c > '9') throw FieldValueError(bad);
            n = n * 10 + (c - '0');
        }
        return static_cast<std::int32_t>(n);
    };
    return {part(std::string_view(s).substr(0, x)), part(std::string_view(s).substr(x + 1))};
}

std::string dims_text(std::int32_t rows, std::int32_t cols) { return std::to_string(rows) + "x" + std::to_string(cols); }

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
                throw FieldValueError("expected all, none or a list of fil, ifm, ofm, got " + text::quote(item));
        }
    }
    for (int d = 0; d < kNumData; ++d) c.mapping.gbuf_bypass[d] = set[d];
}

std::string bypass_text(const PimConfig& c) {
    const char* const names[kNumData] = {"fil", "ifm", "ofm"};
    std::string out;
    for (int d = 0; d < kNumData; ++d)
        if (c.mapping.gbuf_bypass[d]) {
            if (!out.empty()) out += ',';
            out += names[d];
        }
    return out.empty() ? "none" : out;
}

// A flag spelled by two names ("hybrid" or "naive").
Table::Field& named_flag(Table& t, const char* key, bool& (*member)(PimConfig&), const char* on, const char* off) {
    return t.add_custom(
        key, FieldKind::kText,
        [=](PimConfig& c, const Json& v) {
            const std::string name = v.get<std::string>();
            if (name == on) member(c) = true;
            else if (name == off) member(c) = false;
            else throw FieldValueError("expected " + std::string(on) + " or " + off + ", got " + text::quote(name));
        },
        [=](const PimConfig& c) { return Json(member(const_cast<PimConfig&>(c)) ? on : off); });
}

Table make_table() {
    Table t;
    using C = PimConfig;
    auto count32 = [&](const char* key, auto access) -> Table::Field& {
        return t.add(key, access).at_least(0).at_most(kMaxInt32);
    };
    auto size = [&](const char* key, auto access) -> Table::Field& {
        return t.add(key, access).at_least(0).at_most(kMaxSize);
    };
    auto number = [&](const char* key, auto access) -> Table::Field& { return t.add(key, access).at_least(0); };
    t.add("name", [](C& c) -> auto& { return c.name; });
    t.add("source", [](C& c) -> auto& { return c.source; });
    t.add_custom("mesh", FieldKind::kText,
                 [](C& c, const Json& v) { std::tie(c.mesh_h, c.mesh_w) = parse_dims(v.get<std::string>()); },
                 [](const C& c) { return Json(dims_text(c.mesh_h, c.mesh_w)); })
        .required();
    t.add("routing", [](C& c) -> auto& { return c.routing; });
    size("link_bits", [](C& c) -> auto& { return c.link_bits; }).required();
    count32("hop_cycles", [](C& c) -> auto& { return c.hop_cycles; });
    count32("clock_mhz", [](C& c) -> auto& { return c.clock_mhz; }).required();
    count32("word_bits", [](C& c) -> auto& { return c.word_bits; }).required();
    count32("psum_bits", [](C& c) -> auto& { return c.psum_bits; }).required();
    t.add("memory", [](C& c) -> auto& { return c.memory; })
        .choices<MemoryPlacement>({{"stacked", MemoryPlacement::kStacked}, {"corners", MemoryPlacement::kCorners}})
        .required();
    t.add_custom("pe_array", FieldKind::kText,
                 [](C& c, const Json& v) { std::tie(c.pe_rows, c.pe_cols) = parse_dims(v.get<std::string>()); },
                 [](const C& c) { return Json(dims_text(c.pe_rows, c.pe_cols)); })
        .required();
    size("regf_bytes", [](C& c) -> auto& { return c.regf_bytes; }).required();
    size("buffer_bytes", [](C& c) -> auto& { return c.buffer_bytes; }).required("or buffer_kb");
    // Another spelling of buffer_bytes.
    t.add_custom("buffer_kb", FieldKind::kNumber,
                 [](C& c, const Json& v) {
                     const double bytes = v.get<double>() * 1024;
                     if (bytes != std::floor(bytes) || bytes > 1e15)
                         throw FieldValueError("must be a whole number of bytes");
                     c.buffer_bytes = static_cast<std::int64_t>(bytes);
                 },
                 [](const C& c) { return Json(static_cast<double>(c.buffer_bytes) / 1024); })
        .at_least(0)
        .stands_for({"buffer_bytes"});
    size("array_bus_words", [](C& c) -> auto& { return c.array_bus_words; }).required();
    t.add("dram.preset", [](C& c) -> auto& { return c.dram_preset; }).required();
    size("dram.capacity_mb", [](C& c) -> auto& { return c.dram_capacity_mb; }).required();
    size("dram.pins", [](C& c) -> auto& { return c.dram_pins; }).required();
    size("dram.pin_mbps", [](C& c) -> auto& { return c.dram_pin_mbps; }).required();
    named_flag(t, "dram.bandwidth", [](C& c) -> bool& { return c.dram_bandwidth_unlimited; }, "unlimited", "pins");
    count32("router.ports", [](C& c) -> auto& { return c.router_ports; });

    number("energy.mac_pj", [](C& c) -> auto& { return c.mac_pj; }).required();
    number("energy.regf_pj_per_word", [](C& c) -> auto& { return c.regf_pj_per_word; }).required();
    number("energy.buffer_pj_per_word", [](C& c) -> auto& { return c.buffer_pj_per_word; }).required();
    size("energy.buffer_ref_bytes", [](C& c) -> auto& { return c.buffer_ref_bytes; });
    number("energy.buffer_size_exponent", [](C& c) -> auto& { return c.buffer_size_exponent; }).at_most(2);
    number("energy.array_bus_pj_per_word", [](C& c) -> auto& { return c.array_bus_pj_per_word; }).required();
    // Required, or given per word (take_per_word_energies).
    number("energy.dram_pj_per_bit", [](C& c) -> auto& { return c.dram_pj_per_bit; });
    number("energy.noc_pj_per_bit_hop", [](C& c) -> auto& { return c.noc_pj_per_bit_hop; });
    number("energy.static_pj_per_node_cycle", [](C& c) -> auto& { return c.static_pj_per_node_cycle; }).required();

    number("area.pe_mm2", [](C& c) -> auto& { return c.area.pe_mm2; }).required();
    number("area.sram_mm2_per_kb", [](C& c) -> auto& { return c.area.sram_mm2_per_kb; }).required();
    number("area.regf_mm2_per_kb", [](C& c) -> auto& { return c.area.regf_mm2_per_kb; }).required();
    number("area.dram_if_mm2_per_pin", [](C& c) -> auto& { return c.area.dram_if_mm2_per_pin; }).required();
    number("area.router_mm2", [](C& c) -> auto& { return c.area.router_mm2; }).required();
    number("area.dram_mbit_per_mm2", [](C& c) -> auto& { return c.area.dram_mbit_per_mm2; }).required();
    number("area.die_budget_mm2", [](C& c) -> auto& { return c.area.die_budget_mm2; });

    t.add_custom("mapping.bypass", FieldKind::kText, [](C& c, const Json& v) { parse_bypass(c, v.get<std::string>()); },
                 [](const C& c) { return Json(bypass_text(c)); });
    t.add("mapping.access_forwarding", [](C& c) -> auto& { return c.mapping.access_forwarding; });
    named_flag(t, "mapping.partition", [](C& c) -> bool& { return c.mapping.hybrid_partition; }, "hybrid", "naive");
    t.add("mapping.batch_partition", [](C& c) -> auto& { return c.mapping.batch_partition; });
    t.add("mapping.ifmaps_partition", [](C& c) -> auto& { return c.mapping.ifmaps_partition; });
    t.add("mapping.goal", [](C& c) -> auto& { return c.mapping.goal; })
        .choices<Goal>({{"energy", Goal::kEnergy}, {"latency", Goal::kLatency}, {"edp", Goal::kEdp}});
    return t;
}

const Table& fields() {
    static const Table table = make_table();
    return table;
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
        config.sources.record_base(std::string("energy.") + bit_key,
                                   {src.origin(), src.line_of(where), std::string("energy.") + word_key, 0});
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
    const auto eq = assignment.find('=');
    if (eq == std::string::npos) throw InputError("--set", 0, text::quote(assignment), "expected key=value");
    std::string key(text::trim(std::string_view(assignment).substr(0, eq)));
    const std::string raw(text::trim(std::string_view(assignment).substr(eq + 1)));
    if (key.starts_with("pim.")) key = key.substr(4);
    if (key == "energy.dram_pj_per_word" || key == "energy.noc_pj_per_word_hop") {
        const double v = text::parse_double(raw, {"--set", 0}, key);
        if (!(v >= 0)) throw InputError("--set", 0, key, "must be a non-negative number");
        const double per_bit = v / static_cast<double>(config.word_bits > 0 ? config.word_bits : 1);
        const std::string bit_key =
            key == "energy.dram_pj_per_word" ? "energy.dram_pj_per_bit" : "energy.noc_pj_per_bit_hop";
        (key == "energy.dram_pj_per_word" ? config.dram_pj_per_bit : config.noc_pj_per_bit_hop) = per_bit;
        config.sources.record_override(bit_key, {"--set", 0, key, 0});
        return;
    }
    fields().apply_assignment(config, config.sources, key + "=" + raw, "--set", kHint);
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
    std::set<std::string> given;
    fields().load_json(src, without_aliases, JsonPointer(), config, config.sources, given, kHint);
    take_per_word_energies(src, config);
    // A field a file must give and does not would silently be zero.
    if (const Table::Field* missing = fields().first_missing(given)) {
        std::string pointer = "/";
        for (const char ch : missing->key()) pointer += ch == '.' ? '/' : ch;
        const JsonPointer where(pointer);
        const std::string hint = missing->required_hint().empty() ? "" : " (" + missing->required_hint() + ")";
        throw InputError(path, src.line_of(src.root().contains(where.parent_pointer()) ? where.parent_pointer() : JsonPointer()),
                         json_path_string(where), "required field is missing" + hint);
    }
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
