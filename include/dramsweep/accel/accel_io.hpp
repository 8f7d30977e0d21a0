#pragma once
// Reading accelerator configs: SCALE-Sim's .cfg (INI: every key SCALE-Sim v2 reads, keys
// case-insensitive as in Python's configparser) and dramsweep's JSON form (docs/formats.md).

#include <functional>
#include <string>
#include <vector>

#include "dramsweep/accel/accel_config.hpp"
#include "dramsweep/common/json_source.hpp"

namespace dramsweep {

// Chooses the format by extension (.json) or by content (a leading '{').
AccelConfig read_accel_config(const std::string& path);
AccelConfig parse_scalesim_cfg(const std::string& text, const std::string& origin);
AccelConfig parse_accel_json(const JsonSource& source, const JsonPointer& where = JsonPointer{});
// The config in the JSON form (every key), which parse_accel_json reads back to an equal config.
// A .cfg's topology path is not part of the form.
Json accel_config_json(const AccelConfig& config);

// Where a field of AccelConfig (named as in the JSON form, e.g. "array_rows") came from: the
// name to show (a .cfg shows its own key, "ArrayHeight") and its line (0 when unknown).
struct FieldSource {
    std::string name;
    std::size_t line = 0;
};
using FieldLocator = std::function<FieldSource(const std::string& json_field)>;

// Throws InputError when the config cannot describe an accelerator (zero array dimension,
// zero SRAM, word size that does not divide the burst, ...), naming the field via `locate`.
void validate_accel_config(const AccelConfig& config, const std::string& origin,
                           const FieldLocator& locate = nullptr);

// Applies "key=value" overrides (JSON-form keys: "array_rows=64", "dataflow=ws") and validates
// the result; errors name `origin` and the key.
AccelConfig apply_accel_overrides(const AccelConfig& base, const std::vector<std::string>& assignments,
                                  const std::string& origin);

Dataflow parse_dataflow(const std::string& value, const std::string& origin, std::size_t line,
                        const std::string& field);

}  // namespace dramsweep
