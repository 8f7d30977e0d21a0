// The rules between an accelerator's fields (each field's own bounds are in its table).

#include "dramsweep/accel/accel_fields.hpp"
#include "dramsweep/accel/accel_io.hpp"
#include "dramsweep/common/input_error.hpp"

namespace dramsweep {

void validate_accel_config(const AccelConfig& c, const std::string& origin) {
    // A rule between fields blames the one set last (FieldSources::blame), where it was set.
    auto fail = [&](std::initializer_list<std::string> fields, const std::string& message) {
        c.sources.fail(c.sources.blame(fields), c.origin.empty() ? origin : c.origin, message);
    };
    accel_fields().check_values(c, [&](const AccelFieldTable::Field& field, const std::string& message) {
        fail({field.key()}, message);
    });
    if (c.burst_bytes % c.word_bytes != 0) {
        fail({"burst_bytes", "word_bytes"}, "a burst of " + std::to_string(c.burst_bytes) +
                                                " bytes is not a whole number of " + std::to_string(c.word_bytes) +
                                                "-byte words");
    }
    if ((c.burst_bytes & (c.burst_bytes - 1)) != 0)
        fail({"burst_bytes"}, "must be a power of two, got " + std::to_string(c.burst_bytes));
    const std::pair<const char*, std::int64_t> srams[] = {
        {"ifmap_sram_kb", c.ifmap_sram_kb}, {"filter_sram_kb", c.filter_sram_kb}, {"ofmap_sram_kb", c.ofmap_sram_kb}};
    for (const auto& [field, kb] : srams)
        if (kb * 1024 < c.burst_bytes)
            fail({field, "burst_bytes"}, "smaller than one burst (" + std::to_string(c.burst_bytes) + " bytes)");
    if (c.interface_mode == InterfaceMode::User && static_cast<std::int64_t>(c.bandwidths.size()) != c.memory_banks)
        fail({"bandwidth", "memory_banks", "interface_mode"}, "USER mode needs one bandwidth per memory bank");
}

}  // namespace dramsweep
