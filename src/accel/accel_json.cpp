// dramsweep's JSON accelerator form (docs/formats.md): one key per field of the field table.

#include <filesystem>

#include "dramsweep/accel/accel_fields.hpp"
#include "dramsweep/accel/accel_io.hpp"
#include "dramsweep/common/input_error.hpp"
#include "dramsweep/common/text.hpp"

namespace dramsweep {

AccelConfig parse_accel_json(const JsonSource& s, const JsonPointer& at) {
    const Json& object = s.required(at);
    if (!object.is_object()) s.fail(at, "an accelerator is a JSON object");
    const AccelFieldTable& table = accel_fields();
    AccelConfig c;
    c.origin = s.origin();
    for (const auto& item : object.items()) {
        const JsonPointer where = at / item.key();
        const AccelFieldTable::Field* field = table.find(item.key());
        if (!field) s.fail(where, "unknown field (accelerator fields: " + table.key_list() + ")");
        try {
            table.set(c, *field, item.value());
        } catch (const FieldValueError& e) {
            s.fail(where, e.what());
        }
        c.sources.record_base(item.key(), {s.origin(), s.line_of(where), json_path_string(where), 0});
    }
    for (const auto& field : table.fields())
        if (field.is_required() && !object.contains(field.key())) (void)s.required(at / field.key());
    validate_accel_config(c, s.origin());
    return c;
}

AccelConfig read_accel_config(const std::string& path) {
    const std::string content = text::read_file(path);
    if (std::filesystem::path(path).extension() == ".json" || text::trim(content).starts_with("{")) {
        return parse_accel_json(JsonSource::from_text(content, path));
    }
    return parse_scalesim_cfg(content, path);
}

}  // namespace dramsweep
