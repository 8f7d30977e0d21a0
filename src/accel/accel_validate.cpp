#include "dramsweep/accel/accel_io.hpp"
#include "dramsweep/common/input_error.hpp"

namespace dramsweep {
namespace {

class Checker {
public:
    Checker(const std::string& origin, const FieldLocator& locate) : origin_(origin), locate_(locate) {}

    [[noreturn]] void fail(const std::string& field, const std::string& message) const {
        const FieldSource where = locate_ ? locate_(field) : FieldSource{field, 0};
        throw InputError(origin_, where.line, where.name, message);
    }

    void positive(std::int64_t value, const std::string& field) const {
        if (value <= 0) fail(field, "must be positive, got " + std::to_string(value));
    }

private:
    const std::string& origin_;
    const FieldLocator& locate_;
};

}  // namespace

void validate_accel_config(const AccelConfig& c, const std::string& origin, const FieldLocator& locate) {
    const Checker check(origin, locate);
    check.positive(c.array_rows, "array_rows");
    check.positive(c.array_cols, "array_cols");
    check.positive(c.ifmap_sram_kb, "ifmap_sram_kb");
    check.positive(c.filter_sram_kb, "filter_sram_kb");
    check.positive(c.ofmap_sram_kb, "ofmap_sram_kb");
    check.positive(c.memory_banks, "memory_banks");
    check.positive(c.word_bytes, "word_bytes");
    check.positive(c.burst_bytes, "burst_bytes");
    check.positive(c.freq_mhz, "freq_mhz");
    if (c.array_rows > 65536) check.fail("array_rows", "array dimensions above 65536 are not supported");
    if (c.array_cols > 65536) check.fail("array_cols", "array dimensions above 65536 are not supported");
    if (c.ifmap_offset < 0) check.fail("ifmap_offset", "must not be negative");
    if (c.filter_offset < 0) check.fail("filter_offset", "must not be negative");
    if (c.ofmap_offset < 0) check.fail("ofmap_offset", "must not be negative");
    if (c.burst_bytes % c.word_bytes != 0) {
        check.fail("burst_bytes", "a burst of " + std::to_string(c.burst_bytes) + " bytes is not a whole number of " +
                                      std::to_string(c.word_bytes) + "-byte words");
    }
    if ((c.burst_bytes & (c.burst_bytes - 1)) != 0) {
        check.fail("burst_bytes", "must be a power of two, got " + std::to_string(c.burst_bytes));
    }
    if (c.ifmap_sram_kb * 1024 < c.burst_bytes) check.fail("ifmap_sram_kb", "smaller than one burst");
    if (c.filter_sram_kb * 1024 < c.burst_bytes) check.fail("filter_sram_kb", "smaller than one burst");
    if (c.ofmap_sram_kb * 1024 < c.burst_bytes) check.fail("ofmap_sram_kb", "smaller than one burst");
    for (std::int64_t bw : c.bandwidths) check.positive(bw, "bandwidth");
    if (c.interface_mode == InterfaceMode::User && static_cast<std::int64_t>(c.bandwidths.size()) != c.memory_banks) {
        check.fail("bandwidth", "USER mode needs one bandwidth per memory bank");
    }
    if (c.mac_energy_pj < 0) check.fail("mac_energy_pj", "must not be negative");
    if (c.sram_read_energy_pj_per_word < 0) check.fail("sram_read_energy_pj_per_word", "must not be negative");
    if (c.sram_write_energy_pj_per_word < 0) check.fail("sram_write_energy_pj_per_word", "must not be negative");
}

}  // namespace dramsweep
