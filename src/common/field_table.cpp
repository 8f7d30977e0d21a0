#include "dramsweep/common/field_table.hpp"

#include "dramsweep/common/input_error.hpp"
#include "dramsweep/common/text.hpp"

namespace dramsweep {

FieldValue parse_field_value(const std::string& raw, FieldKind kind, const std::string& origin,
                             const std::string& key) {
    const text::Location loc{origin, 0};
    FieldValue v;
    switch (kind) {
        case FieldKind::kUInt: {
            const std::int64_t n = text::parse_int(raw, loc, key);
            if (n < 0) throw InputError(origin, 0, key, "expected a non-negative integer");
            v.u = static_cast<std::uint64_t>(n);
            break;
        }
        case FieldKind::kNumber:
            v.d = text::parse_double(raw, loc, key);
            break;
        case FieldKind::kText:
            v.s = raw;
            break;
        case FieldKind::kBool:
            if (raw == "true" || raw == "1")
                v.b = true;
            else if (raw == "false" || raw == "0")
                v.b = false;
            else
                throw InputError(origin, 0, key, "expected true or false");
            break;
    }
    return v;
}

FieldValue json_field_value(const JsonSource& src, const JsonPointer& where, FieldKind kind) {
    FieldValue v;
    const Json& j = src.required(where);
    switch (kind) {
        case FieldKind::kUInt:
            if (!j.is_number_integer() || j.get<std::int64_t>() < 0)
                src.fail(where, "expected a non-negative integer");
            v.u = j.get<std::uint64_t>();
            break;
        case FieldKind::kNumber:
            v.d = src.required_number(where);
            break;
        case FieldKind::kText:
            v.s = src.required_string(where);
            break;
        case FieldKind::kBool:
            if (!j.is_boolean()) src.fail(where, "expected true or false");
            v.b = j.get<bool>();
            break;
    }
    return v;
}

std::pair<std::string, std::string> split_assignment(const std::string& assignment,
                                                     const std::string& origin) {
    const auto eq = assignment.find('=');
    if (eq == std::string::npos) throw InputError(origin, 0, assignment, "expected key=value");
    return {std::string(text::trim(std::string_view(assignment).substr(0, eq))),
            std::string(text::trim(std::string_view(assignment).substr(eq + 1)))};
}

void fail_config_field(const FieldSources& sources, const std::string& origin, const std::string& key,
                       const std::string& message) {
    const auto it = sources.find(key);
    if (it != sources.end()) throw InputError(it->second.file, it->second.line, key, message);
    throw InputError(origin, 0, key, message);
}

}  // namespace dramsweep
