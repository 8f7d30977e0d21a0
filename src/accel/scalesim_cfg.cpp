// SCALE-Sim's .cfg: an INI file read by Python's configparser (keys are case-insensitive,
// `key: value` or `key = value`, comments start with # or ;). dramsweep's own additions live in
// an optional [dramsweep] section so that the file stays readable by SCALE-Sim.

#include <algorithm>
#include <iostream>
#include <map>

#include "dramsweep/accel/accel_io.hpp"
#include "dramsweep/common/input_error.hpp"
#include "dramsweep/common/text.hpp"

namespace dramsweep {
namespace {

struct CfgValue {
    std::string value;
    std::size_t line = 0;
};

// section -> key (lower case) -> value, and the line of each section header.
struct CfgTable {
    std::map<std::string, std::map<std::string, CfgValue>> values;
    std::map<std::string, std::size_t> section_lines;
};

CfgTable parse_ini(const std::string& content, const std::string& origin) {
    CfgTable table;
    std::string section;
    for (const auto& [line_number, line] : text::numbered_lines(content)) {
        if (line.empty() || line[0] == '#' || line[0] == ';') continue;
        if (line.front() == '[') {
            if (line.back() != ']') throw InputError(origin, line_number, "section", "unterminated section header");
            section = text::to_lower(text::trim(std::string_view(line).substr(1, line.size() - 2)));
            table.section_lines[section] = line_number;
            continue;
        }
        const std::size_t sep = line.find_first_of(":=");
        if (sep == std::string::npos) {
            throw InputError(origin, line_number, std::string(line), "expected 'key: value' or 'key = value'");
        }
        if (section.empty()) throw InputError(origin, line_number, line.substr(0, sep), "key outside any [section]");
        const std::string key = text::to_lower(text::trim(std::string_view(line).substr(0, sep)));
        table.values[section][key] = CfgValue{std::string(text::trim(std::string_view(line).substr(sep + 1))), line_number};
    }
    return table;
}

class CfgReader {
public:
    CfgReader(CfgTable table, std::string origin) : table_(std::move(table)), origin_(std::move(origin)) {}

    const CfgValue* find(const std::string& section, const std::string& key) const {
        const auto s = table_.values.find(section);
        if (s == table_.values.end()) return nullptr;
        const auto k = s->second.find(text::to_lower(key));
        return k == s->second.end() ? nullptr : &k->second;
    }

    const CfgValue& required(const std::string& section, const std::string& key) const {
        if (const CfgValue* v = find(section, key)) return *v;
        // Point at the section the key belongs in (line 0 when the section is missing too).
        const auto header = table_.section_lines.find(section);
        const std::size_t line = header == table_.section_lines.end() ? 0 : header->second;
        throw InputError(origin_, line, key, "required key is missing from section [" + section + "]");
    }

    std::int64_t required_int(const std::string& section, const std::string& key) const {
        const CfgValue& v = required(section, key);
        return text::parse_int(v.value, {origin_, v.line}, key);
    }

    template <typename T, typename Parse>
    void optional(const std::string& section, const std::string& key, T& out, Parse parse) const {
        if (const CfgValue* v = find(section, key)) out = parse(v->value, text::Location{origin_, v->line}, key);
    }

    // Keys we do not read are reported, never silently dropped; SCALE-Sim's later versions
    // add sections (sparsity, layout) that have no meaning here.
    void warn_unread(const std::map<std::string, std::vector<std::string>>& known) const {
        for (const auto& [section, keys] : table_.values) {
            const auto k = known.find(section);
            for (const auto& [key, value] : keys) {
                const bool read = k != known.end() && std::find(k->second.begin(), k->second.end(), key) != k->second.end();
                if (!read) {
                    std::cerr << "dramsweep: warning: " << origin_ << ":" << value.line << ": key '" << key
                              << "' in [" << section << "] is not used by dramsweep\n";
                }
            }
        }
    }

    // Maps an AccelConfig field (JSON name) to the .cfg key it was read from, for messages.
    FieldSource locate(const std::string& json_field) const {
        static const std::map<std::string, std::pair<std::string, std::string>> keys = {
            {"array_rows", {"architecture_presets", "ArrayHeight"}},
            {"array_cols", {"architecture_presets", "ArrayWidth"}},
            {"ifmap_sram_kb", {"architecture_presets", "IfmapSramSzkB"}},
            {"filter_sram_kb", {"architecture_presets", "FilterSramSzkB"}},
            {"ofmap_sram_kb", {"architecture_presets", "OfmapSramSzkB"}},
            {"ifmap_offset", {"architecture_presets", "IfmapOffset"}},
            {"filter_offset", {"architecture_presets", "FilterOffset"}},
            {"ofmap_offset", {"architecture_presets", "OfmapOffset"}},
            {"memory_banks", {"architecture_presets", "MemoryBanks"}},
            {"bandwidth", {"architecture_presets", "Bandwidth"}},
            {"word_bytes", {"dramsweep", "WordBytes"}},
            {"burst_bytes", {"dramsweep", "BurstBytes"}},
            {"freq_mhz", {"dramsweep", "FreqMHz"}},
            {"mac_energy_pj", {"dramsweep", "MacEnergyPj"}},
            {"sram_read_energy_pj_per_word", {"dramsweep", "SramReadEnergyPjPerWord"}},
            {"sram_write_energy_pj_per_word", {"dramsweep", "SramWriteEnergyPjPerWord"}},
        };
        const auto k = keys.find(json_field);
        if (k == keys.end()) return {json_field, 0};
        const CfgValue* v = find(k->second.first, k->second.second);
        return {k->second.second, v ? v->line : 0};
    }

private:
    CfgTable table_;
    std::string origin_;
};

std::vector<std::int64_t> parse_bandwidths(const CfgValue& v, const std::string& origin) {
    std::vector<std::int64_t> out;
    for (const std::string& piece : text::split(v.value, ',')) {
        out.push_back(text::parse_int(piece, {origin, v.line}, "Bandwidth"));
    }
    return out;
}

std::int64_t as_int(const std::string& s, const text::Location& at, const std::string& key) {
    return text::parse_int(s, at, key);
}
double as_double(const std::string& s, const text::Location& at, const std::string& key) {
    return text::parse_double(s, at, key);
}

}  // namespace

AccelConfig parse_scalesim_cfg(const std::string& content, const std::string& origin) {
    const CfgReader cfg(parse_ini(content, origin), origin);
    AccelConfig c;
    c.run_name = cfg.required("general", "run_name").value;

    const CfgValue& mode = cfg.required("run_presets", "InterfaceBandwidth");
    if (mode.value == "CALC") {
        c.interface_mode = InterfaceMode::Calc;
    } else if (mode.value == "USER") {
        c.interface_mode = InterfaceMode::User;
    } else {
        throw InputError(origin, mode.line, "InterfaceBandwidth", "expected CALC or USER, got '" + mode.value + "'");
    }

    const std::string arch = "architecture_presets";
    c.array_rows = cfg.required_int(arch, "ArrayHeight");
    c.array_cols = cfg.required_int(arch, "ArrayWidth");
    c.ifmap_sram_kb = cfg.required_int(arch, "IfmapSramSzkB");
    c.filter_sram_kb = cfg.required_int(arch, "FilterSramSzkB");
    c.ofmap_sram_kb = cfg.required_int(arch, "OfmapSramSzkB");
    c.ifmap_offset = cfg.required_int(arch, "IfmapOffset");
    c.filter_offset = cfg.required_int(arch, "FilterOffset");
    c.ofmap_offset = cfg.required_int(arch, "OfmapOffset");
    const CfgValue& dataflow = cfg.required(arch, "Dataflow");
    c.dataflow = parse_dataflow(dataflow.value, origin, dataflow.line, "Dataflow");
    cfg.optional(arch, "MemoryBanks", c.memory_banks, as_int);
    if (c.interface_mode == InterfaceMode::User) {
        c.bandwidths = parse_bandwidths(cfg.required(arch, "Bandwidth"), origin);
    } else if (const CfgValue* bw = cfg.find(arch, "Bandwidth")) {
        c.bandwidths = parse_bandwidths(*bw, origin);
    }
    if (const CfgValue* topo = cfg.find("network_presets", "TopologyCsvLoc")) {
        std::string path = topo->value;
        if (path.size() >= 2 && path.front() == '"' && path.back() == '"') path = path.substr(1, path.size() - 2);
        c.topology_path = path;
    }

    const std::string ours = "dramsweep";
    cfg.optional(ours, "WordBytes", c.word_bytes, as_int);
    cfg.optional(ours, "BurstBytes", c.burst_bytes, as_int);
    cfg.optional(ours, "FreqMHz", c.freq_mhz, as_int);
    cfg.optional(ours, "MacEnergyPj", c.mac_energy_pj, as_double);
    cfg.optional(ours, "SramReadEnergyPjPerWord", c.sram_read_energy_pj_per_word, as_double);
    cfg.optional(ours, "SramWriteEnergyPjPerWord", c.sram_write_energy_pj_per_word, as_double);

    cfg.warn_unread({{"general", {"run_name"}},
                     {"run_presets", {"interfacebandwidth"}},
                     {arch,
                      {"arrayheight", "arraywidth", "ifmapsramszkb", "filtersramszkb", "ofmapsramszkb", "ifmapoffset",
                       "filteroffset", "ofmapoffset", "dataflow", "memorybanks", "bandwidth"}},
                     {"network_presets", {"topologycsvloc"}},
                     {ours,
                      {"wordbytes", "burstbytes", "freqmhz", "macenergypj", "sramreadenergypjperword",
                       "sramwriteenergypjperword"}}});
    validate_accel_config(c, origin, [&](const std::string& field) { return cfg.locate(field); });
    return c;
}

}  // namespace dramsweep
