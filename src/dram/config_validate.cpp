// Validation of a DRAM configuration after overrides, and the address-mapping parser.

#include <bit>
#include <string>

#include "dramsweep/common/input_error.hpp"
#include "dramsweep/common/text.hpp"
#include "dramsweep/dram/config.hpp"

namespace dramsweep::dram {
namespace {

bool is_pow2(std::uint32_t v) { return v != 0 && (v & (v - 1)) == 0; }

std::uint32_t log2_u32(std::uint32_t v) { return static_cast<std::uint32_t>(std::countr_zero(v)); }

}  // namespace

void validate(const DramConfig& c) {
    // Errors name the field at fault where its value came from: its line in the file, or --set.
    // A rule between several fields blames the one set last (FieldSources::blame): the user's
    // override, not the preset value it contradicts.
    auto fail = [&](std::initializer_list<std::string> fields, const std::string& message) {
        c.sources.fail(c.sources.blame(fields), c.origin, message);
    };
    check_field_values(c);
    const Organization& o = c.org;
    // Sizes that the address mapping slices out of address bits must be powers of two.
    const std::pair<const char*, std::uint32_t> pow2_fields[] = {
        {"org.channels", o.channels}, {"org.ranks", o.ranks}, {"org.bank_groups", o.bank_groups},
        {"org.banks_per_group", o.banks_per_group}, {"org.rows", o.rows}, {"org.columns", o.columns},
        {"org.burst_length", o.burst_length}, {"org.bus_width", o.bus_width}, {"org.device_width", o.device_width}};
    for (const auto& [name, value] : pow2_fields) {
        if (value == 0) fail({name}, "must be at least 1");
        if (!is_pow2(value)) fail({name}, "must be a power of two (the address mapping slices it from address bits), got " +
                                              std::to_string(value));
    }
    const auto n = [](std::uint64_t v) { return std::to_string(v); };
    if (o.device_width > o.bus_width)
        fail({"org.device_width", "org.bus_width"},
             "org.device_width (" + n(o.device_width) + ") wider than org.bus_width (" + n(o.bus_width) + ")");
    if (o.burst_length > o.columns)
        fail({"org.burst_length", "org.columns"},
             "org.burst_length (" + n(o.burst_length) + ") longer than a row (org.columns " + n(o.columns) + ")");
    if (o.burst_bytes() < 8)
        fail({"org.bus_width", "org.burst_length"},
             "a burst (org.bus_width x org.burst_length / 8) must carry at least 8 bytes, got " + n(o.burst_bytes()));
    if (std::uint64_t{o.ranks} * o.bank_groups * o.banks_per_group > 256)
        fail({"org.banks_per_group", "org.bank_groups", "org.ranks"},
             "at most 256 banks per channel are modelled (ranks x bank groups x banks per group = " +
                 std::to_string(std::uint64_t{o.ranks} * o.bank_groups * o.banks_per_group) + ")");

    const TimingParams& t = c.timing;
    const std::pair<const char*, std::uint32_t> nonzero[] = {
        {"timing.tBL", t.nBL}, {"timing.tCL", t.nCL}, {"timing.tRCD_RD", t.nRCD_RD}, {"timing.tRCD_WR", t.nRCD_WR},
        {"timing.tRP", t.nRP}, {"timing.tRAS", t.nRAS}, {"timing.tRC", t.nRC}, {"timing.tCCD_S", t.nCCD_S},
        {"timing.tCCD_L", t.nCCD_L}, {"timing.tRRD_S", t.nRRD_S}, {"timing.tRRD_L", t.nRRD_L},
        {"timing.tRFC", t.nRFC}, {"timing.tREFI", t.nREFI}};
    for (const auto& [name, value] : nonzero)
        if (value == 0) fail({name}, "must be at least 1 clock");
    if (t.nRAS > t.nRC)
        fail({"timing.tRAS", "timing.tRC"}, "tRAS (" + std::to_string(t.nRAS) + ") > tRC (" + std::to_string(t.nRC) + ")");
    if (std::uint64_t{t.nRAS} + t.nRP > t.nRC)
        fail({"timing.tRC", "timing.tRAS", "timing.tRP"}, "tRC (" + std::to_string(t.nRC) + ") < tRAS + tRP (" +
                                                             std::to_string(std::uint64_t{t.nRAS} + t.nRP) + ")");
    if (t.nCCD_S > t.nCCD_L)
        fail({"timing.tCCD_S", "timing.tCCD_L"}, "tCCD_S (" + n(t.nCCD_S) + ") > tCCD_L (" + n(t.nCCD_L) + ")");
    if (t.nRPab != 0 && t.nRPab < t.nRP)
        fail({"timing.tRPab", "timing.tRP"},
             "tRPab (" + n(t.nRPab) + ") < tRP (" + n(t.nRP) +
                 "): all-bank precharge is never faster than per-bank (0: tRP)");
    if (t.nCCD_L_WR != 0 && t.nCCD_L_WR < t.nCCD_L)
        fail({"timing.tCCD_L_WR", "timing.tCCD_L"},
             "tCCD_L_WR (" + n(t.nCCD_L_WR) + ") < tCCD_L (" + n(t.nCCD_L) + ") (0: tCCD_L)");
    if (t.nRRD_S > t.nRRD_L)
        fail({"timing.tRRD_S", "timing.tRRD_L"}, "tRRD_S (" + n(t.nRRD_S) + ") > tRRD_L (" + n(t.nRRD_L) + ")");
    if (t.nWTR_S > t.nWTR_L)
        fail({"timing.tWTR_S", "timing.tWTR_L"}, "tWTR_S (" + n(t.nWTR_S) + ") > tWTR_L (" + n(t.nWTR_L) + ")");
    if (t.nCCD_S < t.nBL)
        fail({"timing.tCCD_S", "timing.tBL"}, "tCCD_S (" + n(t.nCCD_S) + ") shorter than a burst (tBL " + n(t.nBL) +
                                                   "): data bursts would overlap");
    if (t.nRFC >= t.nREFI)
        fail({"timing.tRFC", "timing.tREFI"}, "tRFC (" + n(t.nRFC) + ") >= tREFI (" + n(t.nREFI) +
                                                   "): the rank would never be available");

    const ControllerConfig& q = c.controller;
    if (q.read_queue == 0) fail({"controller.read_queue"}, "must be at least 1");
    if (q.write_queue == 0) fail({"controller.write_queue"}, "must be at least 1");
    if (q.write_high > q.write_queue)
        fail({"controller.write_high", "controller.write_queue"}, "controller.write_high (" + n(q.write_high) +
                                                                      ") above controller.write_queue (" +
                                                                      n(q.write_queue) + ")");
    if (q.write_high == 0) fail({"controller.write_high"}, "must be at least 1");
    if (q.write_low >= q.write_high)
        fail({"controller.write_low", "controller.write_high"}, "controller.write_low (" + n(q.write_low) +
                                                                    ") must be below controller.write_high (" +
                                                                    n(q.write_high) + ")");
    if (q.page_policy == PagePolicy::kTimeout && q.page_timeout == 0)
        fail({"controller.page_timeout", "controller.page_policy"},
             "the timeout page policy needs controller.page_timeout > 0");
    if (q.page_policy == PagePolicy::kCloseAfter && q.close_after == 0)
        fail({"controller.close_after", "controller.page_policy"},
             "the close_after page policy needs controller.close_after > 0");
    if (q.refresh == RefreshMode::kPerBank && t.nRFCpb == 0)
        fail({"controller.refresh", "timing.tRFCpb"},
             "per_bank refresh needs timing.tRFCpb (this standard has no per-bank refresh)");
    if (q.refresh == RefreshMode::kPerBank && t.nREFI / o.banks_per_rank() <= t.nRFCpb)
        fail({"timing.tRFCpb", "timing.tREFI", "controller.refresh", "org.banks_per_group", "org.bank_groups"},
             "per-bank refresh interval (tREFI / banks) not above tRFCpb");
    if (q.queues == QueueArrangement::kPerLegacyChannel) {
        // The rank level holds the two pseudo-channels of a legacy channel (docs/dram.md).
        if (c.standard.rfind("HBM", 0) != 0)
            fail({"controller.queues", "standard"},
                 "per_legacy_channel is for HBM pseudo-channels; standard " + text::quote(c.standard) +
                     " has none (use per_channel)");
        if (o.ranks != 2)
            fail({"org.ranks", "controller.queues"},
                 "under controller.queues=per_legacy_channel org.ranks counts the pseudo-channels of a legacy "
                 "channel and must be 2, got " + n(o.ranks));
    }
    if (q.command_buses == CommandBuses::kRowColumn && c.standard.rfind("HBM", 0) != 0)
        fail({"controller.command_buses", "standard"}, "row_column command buses are HBM's; standard " +
                                                           text::quote(c.standard) +
                                                           " has one command bus (use one)");
    if (q.command_buses == CommandBuses::kRowColumn && t.nACT_clocks > 1)
        fail({"timing.act_clocks", "controller.command_buses"},
             "a two-part ACT holds the one command bus for its second clock; with row_column command "
             "buses use timing.act_clocks 1");
    if (q.wck_sync == WckSync::kOnDemand && c.standard.rfind("LPDDR5", 0) != 0)
        fail({"controller.wck_sync", "standard"}, "on_demand WCK synchronisation is LPDDR5's; standard " +
                                                      text::quote(c.standard) +
                                                      " has no WCK to synchronise (use always_on)");
    if (!(c.clock_mhz > 0)) fail({"clock_mhz"}, "must be > 0");
    try {
        parse_mapping(c.mapping, o, c.xor_bank_hash, c.origin);
    } catch (const InputError& e) {
        // The mapping names fields of the organisation: blame whichever was set last.
        fail({"mapping", "org.rows", "org.columns", "org.channels", "org.ranks", "org.bank_groups",
              "org.banks_per_group", "org.bus_width", "org.burst_length"},
             e.message());
    }
}

AddressMapping parse_mapping(const std::string& order, const Organization& o, bool xor_bank_hash,
                             const std::string& origin) {
    auto fail = [&](const std::string& message) {
        throw InputError(origin, 0, "mapping", message + " in " + text::quote(order));
    };
    if (order.empty() || order.size() % 2 != 0) fail("expected two-letter fields such as RoBaRaCoCh");
    AddressMapping m{};
    m.xor_bank_hash = xor_bank_hash;
    m.offset_bits = log2_u32(o.burst_bytes());
    m.bank_group_bits = log2_u32(o.bank_groups);
    const std::uint32_t column_bits = log2_u32(o.columns / o.burst_length);
    bool seen_ch = false, seen_ra = false, seen_bg = false, seen_ba = false, seen_ro = false, seen_co = false;
    for (std::size_t i = 0; i < order.size(); i += 2) {
        const std::string f = order.substr(i, 2);
        bool* seen = f == "Ch" ? &seen_ch : f == "Ra" ? &seen_ra : f == "Bg" ? &seen_bg : f == "Ba" ? &seen_ba
                   : f == "Ro" ? &seen_ro : f == "Co" ? &seen_co : nullptr;
        if (!seen) fail("unknown field " + text::quote(f) + " (fields: Ch Ra Bg Ba Ro Co)");
        if (*seen) fail("field '" + f + "' appears twice");
        *seen = true;
    }
    if (!(seen_ch && seen_ra && seen_ba && seen_ro && seen_co)) fail("needs each of Ch, Ra, Ba, Ro, Co");
    // Walk from the least significant field (the end of the string) upwards.
    std::uint32_t shift = m.offset_bits;
    auto place = [&](BitField& field, std::uint32_t bits) {
        field.shift = shift;
        field.mask = bits == 0 ? 0 : ((std::uint64_t{1} << bits) - 1);
        shift += bits;
    };
    for (std::size_t i = order.size(); i >= 2; i -= 2) {
        const std::string f = order.substr(i - 2, 2);
        if (f == "Ch") place(m.channel, log2_u32(o.channels));
        else if (f == "Ra") place(m.rank, log2_u32(o.ranks));
        else if (f == "Ro") place(m.row, log2_u32(o.rows));
        else if (f == "Co") place(m.column, column_bits);
        else if (f == "Bg") place(m.bank_group, log2_u32(o.bank_groups));
        else if (seen_bg) place(m.bank, log2_u32(o.banks_per_group));
        else {
            // "Ba" without "Bg" covers both, bank group in the lower bits.
            place(m.bank_group, log2_u32(o.bank_groups));
            place(m.bank, log2_u32(o.banks_per_group));
        }
    }
    if (shift > 63) fail("the fields need more than 63 address bits");
    return m;
}

}  // namespace dramsweep::dram
