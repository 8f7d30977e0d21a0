// The accelerator's JSON form written back, and "key=value" overrides of its fields with the
// JSON form's key names, for sweeps and serve (e.g. "array_rows=64", "dataflow=ws"), both
// through the field table. The result of overrides is validated like a file would be.

#include "dramsweep/accel/accel_fields.hpp"
#include "dramsweep/accel/accel_io.hpp"

namespace dramsweep {

Json accel_config_json(const AccelConfig& c) {
    Json j = Json::object();
    for (const auto& field : accel_fields().fields()) j[field.key()] = field.get(c);
    return j;
}

AccelConfig apply_accel_overrides(const AccelConfig& base, const std::vector<std::string>& assignments,
                                  const std::string& origin) {
    const AccelFieldTable& table = accel_fields();
    AccelConfig c = base;
    for (const std::string& assignment : assignments)
        table.apply_assignment(c, c.sources, assignment, origin, "accelerator fields: " + table.key_list());
    validate_accel_config(c, origin);
    return c;
}

}  // namespace dramsweep
