// The accelerator's JSON form written back, and "key=value" overrides of its fields with the
// JSON form's key names, for sweeps and serve (e.g. "array_rows=64", "dataflow=ws"). The result
// is validated like a file would be.

#include <nlohmann/json.hpp>

#include "dramsweep/accel/accel_io.hpp"
#include "dramsweep/common/input_error.hpp"
#include "dramsweep/common/text.hpp"

namespace dramsweep {

Json accel_config_json(const AccelConfig& c) {
    Json j = {{"run_name", c.run_name},
              {"array_rows", c.array_rows},
              {"array_cols", c.array_cols},
              {"ifmap_sram_kb", c.ifmap_sram_kb},
              {"filter_sram_kb", c.filter_sram_kb},
              {"ofmap_sram_kb", c.ofmap_sram_kb},
              {"ifmap_offset", c.ifmap_offset},
              {"filter_offset", c.filter_offset},
              {"ofmap_offset", c.ofmap_offset},
              {"dataflow", to_string(c.dataflow)},
              {"interface_mode", c.interface_mode == InterfaceMode::User ? "user" : "calc"},
              {"bandwidth", c.bandwidths},
              {"memory_banks", c.memory_banks},
              {"word_bytes", c.word_bytes},
              {"burst_bytes", c.burst_bytes},
              {"freq_mhz", c.freq_mhz},
              {"mac_energy_pj", c.mac_energy_pj},
              {"sram_read_energy_pj_per_word", c.sram_read_energy_pj_per_word},
              {"sram_write_energy_pj_per_word", c.sram_write_energy_pj_per_word}};
    return j;
}

AccelConfig apply_accel_overrides(const AccelConfig& base, const std::vector<std::string>& assignments,
                                  const std::string& origin) {
    Json j = accel_config_json(base);
    for (const std::string& assignment : assignments) {
        const std::size_t eq = assignment.find('=');
        if (eq == std::string::npos) throw InputError(origin, 0, assignment, "expected key=value");
        const std::string key(text::trim(std::string_view(assignment).substr(0, eq)));
        const std::string value(text::trim(std::string_view(assignment).substr(eq + 1)));
        if (!j.contains(key)) throw InputError(origin, 0, key, "unknown accelerator field");
        // Numbers stay numbers, everything else is a string (dataflow, run_name, modes).
        try {
            const Json parsed = Json::parse(value);
            j[key] = parsed.is_number() ? parsed : Json(value);
        } catch (const Json::parse_error&) {
            j[key] = value;
        }
    }
    return parse_accel_json(JsonSource::from_text(j.dump(), origin));
}

}  // namespace dramsweep
