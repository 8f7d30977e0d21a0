// SCALE-Sim's .cfg: an INI file read by Python's configparser (keys are case-insensitive,
// `key: value` or `key = value`, comments start with # or ;). dramsweep's own additions live in
// an optional [dramsweep] section so that the file stays readable by SCALE-Sim.

#include <algorithm>
#include <iostream>
#include <map>

#include "dramsweep/accel/accel_fields.hpp"
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
            throw InputError(origin, line_number, line.size() <= 80 ? line : line.substr(0, 80) + "...",
                             "expected 'key: value' or 'key = value'");
        }
        if (section.empty())
            throw InputError(origin, line_number, std::string(text::trim(std::string_view(line).substr(0, sep))),
                             "key outside any [section]");
        const std::string key = text::to_lower(text::trim(std::string_view(line).substr(0, sep)));
        table.values[section][key] = CfgValue{std::string(text::trim(std::string_view(line).substr(sep + 1))), line_number};
    }
    return table;
}

// Reads every field the table maps to a .cfg key; SCALE-Sim's own keys are required (as
// SCALE-Sim requires them), dramsweep's additions in [dramsweep] are optional.
class CfgReader {
public:
    CfgReader(CfgTable table, std::string origin) : table_(std::move(table)), origin_(std::move(origin)) {}

    const CfgValue* find(const std::string& section, const std::string& key) const {
        const auto s = table_.values.find(section);
        if (s == table_.values.end()) return nullptr;
        const auto k = s->second.find(text::to_lower(key));
        return k == s->second.end() ? nullptr : &k->second;
    }

    [[noreturn]] void missing(const std::string& section, const std::string& key) const {
        // Point at the section the key belongs in (line 0 when the section is missing too).
        const auto header = table_.section_lines.find(section);
        const std::size_t line = header == table_.section_lines.end() ? 0 : header->second;
        throw InputError(origin_, line, key, "required key is missing from section [" + section + "]");
    }

    void read_fields(AccelConfig& c) const {
        const AccelFieldTable& fields = accel_fields();
        for (const auto& field : fields.fields()) {
            if (!field.meta()) continue;
            const CfgKey& where = *field.meta();
            const CfgValue* v = find(where.section, where.name);
            if (!v) {
                if (where.required) missing(where.section, where.name);
                continue;
            }
            try {
                fields.set(c, field, field.parse_text(v->value));
            } catch (const FieldValueError& e) {
                throw InputError(origin_, v->line, where.name, e.what());
            }
            c.sources.record_base(field.key(), {origin_, v->line, where.name, 0});
        }
    }

    // [dramsweep] is ours: an unknown key there is an error, like one in the JSON form. Keys in
    // SCALE-Sim's sections that dramsweep does not read are reported, never silently dropped;
    // SCALE-Sim's later versions add sections (sparsity, layout) that have no meaning here.
    void check_unread() const {
        for (const auto& [section, keys] : table_.values) {
            for (const auto& [key, value] : keys) {
                if (is_read(section, key)) continue;
                if (section == kOurSection)
                    throw InputError(origin_, value.line, key, "unknown key in [dramsweep] (keys: " + our_keys() + ")");
                std::cerr << "dramsweep: warning: " << text::printable(origin_) << ":" << value.line << ": key "
                          << text::quote(key) << " in [" << text::printable(section) << "] is not used by dramsweep\n";
            }
        }
    }

private:
    static constexpr const char* kOurSection = "dramsweep";

    static bool is_read(const std::string& section, const std::string& key) {
        if (section == "network_presets" && key == "topologycsvloc") return true;
        for (const auto& field : accel_fields().fields())
            if (field.meta() && section == field.meta()->section && key == text::to_lower(field.meta()->name))
                return true;
        return false;
    }

    static std::string our_keys() {
        std::string out;
        for (const auto& field : accel_fields().fields())
            if (field.meta() && std::string(field.meta()->section) == kOurSection)
                out += (out.empty() ? "" : ", ") + std::string(field.meta()->name);
        return out;
    }

    CfgTable table_;
    std::string origin_;
};

}  // namespace

AccelConfig parse_scalesim_cfg(const std::string& content, const std::string& origin) {
    const CfgReader cfg(parse_ini(content, origin), origin);
    AccelConfig c;
    c.origin = origin;
    cfg.read_fields(c);
    // SCALE-Sim's USER mode takes the bandwidth from the file; CALC derives it.
    if (c.interface_mode == InterfaceMode::User && !cfg.find("architecture_presets", "Bandwidth"))
        cfg.missing("architecture_presets", "Bandwidth");
    if (const CfgValue* topo = cfg.find("network_presets", "TopologyCsvLoc")) {
        std::string path = topo->value;
        if (path.size() >= 2 && path.front() == '"' && path.back() == '"') path = path.substr(1, path.size() - 2);
        c.topology_path = path;
    }
    cfg.check_unread();
    validate_accel_config(c, origin);
    return c;
}

}  // namespace dramsweep
