#pragma once
// A configuration's fields listed once, for both the JSON loader and `--set key=value`.
//
// Each field has a dotted key ("energy.mac_pj"), a kind and a setter that throws
// std::invalid_argument for a value out of range. Loading a JSON object walks it: every leaf
// must be a known key (typos are errors), every value is checked against its kind, and the
// file and line each key came from is remembered so that later validation can point at it.

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "dramsweep/common/input_error.hpp"
#include "dramsweep/common/json_source.hpp"

namespace dramsweep {

enum class FieldKind { kUInt, kNumber, kText, kBool };

struct FieldValue {
    std::uint64_t u = 0;
    double d = 0;
    std::string s;
    bool b = false;
};

// Where a field got its value: a file and line, or "--set" (line 0).
struct FieldSource {
    std::string file;
    std::size_t line = 0;
};
using FieldSources = std::map<std::string, FieldSource>;

template <typename Config>
struct ConfigField {
    std::string key;
    FieldKind kind;
    std::function<void(Config&, const FieldValue&)> set;
};

// Parses the text of `--set key=value` as a value of `kind`; throws InputError at `origin`.
FieldValue parse_field_value(const std::string& raw, FieldKind kind, const std::string& origin,
                             const std::string& key);
// Reads the JSON value at `where` as a value of `kind`; fails through `src`.
FieldValue json_field_value(const JsonSource& src, const JsonPointer& where, FieldKind kind);
// Splits "key=value" (both trimmed); throws InputError at `origin` without '='.
std::pair<std::string, std::string> split_assignment(const std::string& assignment,
                                                     const std::string& origin);

template <typename Config>
const ConfigField<Config>* find_config_field(const std::vector<ConfigField<Config>>& table,
                                             const std::string& key) {
    for (const auto& f : table)
        if (f.key == key) return &f;
    return nullptr;
}

// Sets every leaf of the JSON object at `where` (recursively, keys joined with '.'). Objects
// whose key is one of `groups` are descended into; any other unknown key fails naming `hint`.
template <typename Config>
void load_config_object(const JsonSource& src, const Json& node, const std::string& prefix,
                        const JsonPointer& where, const std::vector<ConfigField<Config>>& table,
                        const std::vector<std::string>& groups, const std::string& hint, Config& config,
                        FieldSources& sources) {
    for (auto it = node.begin(); it != node.end(); ++it) {
        const std::string key = prefix.empty() ? it.key() : prefix + "." + it.key();
        const JsonPointer child = where / it.key();
        const ConfigField<Config>* field = find_config_field(table, key);
        if (!field && it.value().is_object()) {
            bool is_group = false;
            for (const auto& g : groups) is_group = is_group || g == key;
            if (!is_group) src.fail(child, "unknown field (" + hint + ")");
            load_config_object(src, it.value(), key, child, table, groups, hint, config, sources);
            continue;
        }
        if (!field) src.fail(child, "unknown field (" + hint + ")");
        const FieldValue v = json_field_value(src, child, field->kind);
        try {
            field->set(config, v);
        } catch (const std::invalid_argument& e) {
            src.fail(child, e.what());
        }
        sources[key] = {src.origin(), src.line_of(child)};
    }
}

// Applies one "key=value" (origin "--set"); unknown keys fail naming `hint`.
template <typename Config>
void apply_config_assignment(const std::vector<ConfigField<Config>>& table, const std::string& key,
                             const std::string& raw, const std::string& hint, Config& config,
                             FieldSources& sources) {
    const std::string origin = "--set";
    const ConfigField<Config>* field = find_config_field(table, key);
    if (!field) throw InputError(origin, 0, key, "unknown field (" + hint + ")");
    const FieldValue v = parse_field_value(raw, field->kind, origin, key);
    try {
        field->set(config, v);
    } catch (const std::invalid_argument& e) {
        throw InputError(origin, 0, key, e.what());
    }
    sources[key] = {origin, 0};
}

// Throws InputError for `key`, at the file and line it was set from (or `origin`, line 0).
[[noreturn]] void fail_config_field(const FieldSources& sources, const std::string& origin,
                                    const std::string& key, const std::string& message);

}  // namespace dramsweep
