#pragma once
// Reading accelerator configs: SCALE-Sim's .cfg (INI: every key SCALE-Sim v2 reads, keys
// case-insensitive as in Python's configparser) and dramsweep's JSON form (docs/formats.md).

#include <string>

#include "dramsweep/accel/accel_config.hpp"
#include "dramsweep/common/json_source.hpp"

namespace dramsweep {

// Chooses the format by extension (.json) or by content (a leading '{').
AccelConfig read_accel_config(const std::string& path);
AccelConfig parse_scalesim_cfg(const std::string& text, const std::string& origin);
AccelConfig parse_accel_json(const JsonSource& source, const JsonPointer& where = JsonPointer{});

// Throws InputError when the config cannot describe an accelerator (zero array dimension,
// zero SRAM, word size that does not divide the burst, ...). `line` is 0 when unknown.
void validate_accel_config(const AccelConfig& config, const std::string& origin);

Dataflow parse_dataflow(const std::string& value, const std::string& origin, std::size_t line,
                        const std::string& field);

}  // namespace dramsweep
