// dramsweep's JSON accelerator form (docs/formats.md). Keys are the AccelConfig field names.

#include <filesystem>

#include "dramsweep/accel/accel_io.hpp"
#include "dramsweep/common/input_error.hpp"
#include "dramsweep/common/text.hpp"

namespace dramsweep {

AccelConfig parse_accel_json(const JsonSource& s, const JsonPointer& at) {
    s.reject_unknown_keys(at, {"run_name", "array_rows", "array_cols", "ifmap_sram_kb", "filter_sram_kb",
                               "ofmap_sram_kb", "ifmap_offset", "filter_offset", "ofmap_offset", "dataflow",
                               "interface_mode", "bandwidth", "memory_banks", "word_bytes", "burst_bytes", "freq_mhz",
                               "mac_energy_pj", "sram_read_energy_pj_per_word", "sram_write_energy_pj_per_word"});
    AccelConfig c;
    c.run_name = s.optional_string(at / "run_name").value_or(c.run_name);
    c.array_rows = s.required_int(at / "array_rows");
    c.array_cols = s.required_int(at / "array_cols");
    c.ifmap_sram_kb = s.required_int(at / "ifmap_sram_kb");
    c.filter_sram_kb = s.required_int(at / "filter_sram_kb");
    c.ofmap_sram_kb = s.required_int(at / "ofmap_sram_kb");
    c.ifmap_offset = s.optional_int(at / "ifmap_offset").value_or(c.ifmap_offset);
    c.filter_offset = s.optional_int(at / "filter_offset").value_or(c.filter_offset);
    c.ofmap_offset = s.optional_int(at / "ofmap_offset").value_or(c.ofmap_offset);
    c.dataflow = parse_dataflow(s.required_string(at / "dataflow"), s.origin(), s.line_of(at / "dataflow"), "dataflow");
    if (const auto mode = s.optional_string(at / "interface_mode")) {
        const std::string m = text::to_lower(*mode);
        if (m != "calc" && m != "user") s.fail(at / "interface_mode", "expected calc or user");
        c.interface_mode = m == "user" ? InterfaceMode::User : InterfaceMode::Calc;
    }
    if (s.root().contains(at / "bandwidth")) {
        const Json& bw = s.root().at(at / "bandwidth");
        c.bandwidths.clear();
        if (bw.is_array()) {
            for (std::size_t i = 0; i < bw.size(); ++i) c.bandwidths.push_back(s.required_int(at / "bandwidth" / i));
        } else {
            c.bandwidths.push_back(s.required_int(at / "bandwidth"));
        }
    }
    c.memory_banks = s.optional_int(at / "memory_banks").value_or(c.memory_banks);
    c.word_bytes = s.optional_int(at / "word_bytes").value_or(c.word_bytes);
    c.burst_bytes = s.optional_int(at / "burst_bytes").value_or(c.burst_bytes);
    c.freq_mhz = s.optional_int(at / "freq_mhz").value_or(c.freq_mhz);
    c.mac_energy_pj = s.optional_number(at / "mac_energy_pj").value_or(c.mac_energy_pj);
    c.sram_read_energy_pj_per_word =
        s.optional_number(at / "sram_read_energy_pj_per_word").value_or(c.sram_read_energy_pj_per_word);
    c.sram_write_energy_pj_per_word =
        s.optional_number(at / "sram_write_energy_pj_per_word").value_or(c.sram_write_energy_pj_per_word);
    validate_accel_config(c, s.origin(), [&](const std::string& field) {
        const JsonPointer key = at / field;
        return FieldSource{json_path_string(key), s.line_of(s.root().contains(key) ? key : at)};
    });
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
