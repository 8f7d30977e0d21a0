#pragma once
// Reading accelerator configs: SCALE-Sim's .cfg (INI: every key SCALE-Sim v2 reads, keys
// case-insensitive as in Python's configparser) and dramsweep's JSON form (docs/formats.md).
// Both, and the overrides, set fields through the accelerator's field table (accel_fields.hpp).

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

// Throws InputError when the config cannot describe an accelerator (a word size that does not
// divide the burst, an SRAM smaller than one burst, ...), naming the field at fault where it was
// set (config.sources), or `origin` when it kept its default.
void validate_accel_config(const AccelConfig& config, const std::string& origin);

// Applies "key=value" overrides (JSON-form keys: "array_rows=64", "dataflow=ws") and validates
// the result; errors name `origin` and the key.
AccelConfig apply_accel_overrides(const AccelConfig& base, const std::vector<std::string>& assignments,
                                  const std::string& origin);

}  // namespace dramsweep
