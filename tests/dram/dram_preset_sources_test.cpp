// The bundled presets hold the timings docs/dram.md ("Presets and their sources") lists: each
// value there (ns, or max(n nCK, t ns)) rounded up to the preset's clock, the way the standards
// round. A preset edited away from its documented source fails here, naming the field.

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "dramsweep/dram/config.hpp"

namespace dramsweep::dram {
namespace {

struct Cited {
    const char* field;
    double ns;              // the cited time (0: a clock count only)
    std::uint32_t min_nck;  // the cited clock minimum
};

struct PresetSource {
    const char* preset;
    std::vector<Cited> timings;
};

std::uint32_t field_of(const TimingParams& t, const std::string& f) {
    if (f == "tCL") return t.nCL;
    if (f == "tCWL") return t.nCWL;
    if (f == "tRCD") return t.nRCD_RD;
    if (f == "tRP") return t.nRP;
    if (f == "tRPab") return t.nRPab;
    if (f == "tRAS") return t.nRAS;
    if (f == "tCCD_S") return t.nCCD_S;
    if (f == "tCCD_L") return t.nCCD_L;
    if (f == "tCCD_L_WR") return t.nCCD_L_WR;
    if (f == "tRRD_S") return t.nRRD_S;
    if (f == "tRRD_L") return t.nRRD_L;
    if (f == "tFAW") return t.nFAW;
    if (f == "tWTR_S") return t.nWTR_S;
    if (f == "tWTR_L") return t.nWTR_L;
    if (f == "tRTP") return t.nRTP;
    if (f == "tWR") return t.nWR;
    if (f == "tRFC") return t.nRFC;
    if (f == "tRFCpb") return t.nRFCpb;
    if (f == "tRREFD") return t.nRREFD;
    if (f == "tREFI") return t.nREFI;
    ADD_FAILURE() << "no field " << f;
    return 0;
}

// max(min_nck, ceil(ns / tCK)); the 1e-6 keeps a quotient that is a whole number in exact
// arithmetic (7800 ns at 0.8333 ns is 9360 clocks) from rounding up in floating point.
std::uint32_t clocks(const Cited& c, double tck_ns) {
    const double n = c.ns > 0 ? std::ceil(c.ns / tck_ns - 1e-6) : 0;
    return std::max(c.min_nck, static_cast<std::uint32_t>(n));
}

const std::vector<PresetSource>& sources() {
    static const std::vector<PresetSource> all = {
        {"ddr4-2400", {{"tCL", 0, 16}, {"tRCD", 13.32, 0}, {"tRP", 13.32, 0}, {"tRAS", 32, 0}, {"tCCD_L", 5, 5},
                       {"tRRD_S", 3.3, 4}, {"tRRD_L", 4.9, 4}, {"tFAW", 21, 20}, {"tWTR_S", 2.5, 2},
                       {"tWTR_L", 7.5, 4}, {"tRTP", 7.5, 4}, {"tWR", 15, 0}, {"tRFC", 350, 0}, {"tREFI", 7800, 0}}},
        {"ddr4-2400-x16", {{"tCL", 0, 16}, {"tRAS", 32, 0}, {"tCCD_L", 5, 5}, {"tRRD_S", 5.3, 4}, {"tRRD_L", 6.4, 4},
                           {"tFAW", 30, 28}, {"tWTR_S", 2.5, 2}, {"tWTR_L", 7.5, 4}, {"tRTP", 7.5, 4}, {"tWR", 15, 0},
                           {"tRFC", 350, 0}, {"tREFI", 7800, 0}}},
        {"ddr4-3200", {{"tCL", 0, 22}, {"tRCD", 13.75, 0}, {"tRP", 13.75, 0}, {"tRAS", 32, 0}, {"tCCD_L", 5, 5},
                       {"tRRD_S", 2.5, 4}, {"tRRD_L", 4.9, 4}, {"tFAW", 21, 16}, {"tWTR_S", 2.5, 2},
                       {"tWTR_L", 7.5, 4}, {"tRTP", 7.5, 4}, {"tWR", 15, 0}, {"tRFC", 350, 0}, {"tREFI", 7800, 0}}},
        {"ddr4-3200-x16", {{"tCL", 0, 22}, {"tRAS", 32, 0}, {"tCCD_L", 5, 5}, {"tRRD_S", 5.3, 4}, {"tRRD_L", 6.4, 4},
                           {"tFAW", 30, 28}, {"tWTR_S", 2.5, 2}, {"tWTR_L", 7.5, 4}, {"tRTP", 7.5, 4}, {"tWR", 15, 0},
                           {"tRFC", 350, 0}, {"tREFI", 7800, 0}}},
        {"ddr5-4800", {{"tCL", 0, 40}, {"tCWL", 0, 38}, {"tRCD", 16, 0}, {"tRP", 16, 0}, {"tRAS", 32, 0},
                       {"tCCD_S", 0, 8}, {"tCCD_L", 5, 8}, {"tCCD_L_WR", 10, 16}, {"tRRD_S", 0, 8}, {"tRRD_L", 5, 8}, {"tFAW", 13.333, 32},
                       {"tWTR_S", 2.5, 4}, {"tWTR_L", 10, 16}, {"tRTP", 7.5, 12}, {"tWR", 30, 0}, {"tRFC", 295, 0},
                       {"tRFCpb", 130, 0}, {"tREFI", 3900, 0}}},
        {"lpddr4-3200", {{"tCL", 0, 28}, {"tCWL", 0, 14}, {"tRCD", 18, 0}, {"tRP", 18, 0}, {"tRAS", 42, 0},
                         {"tCCD_S", 0, 8}, {"tRRD_S", 10, 0}, {"tFAW", 40, 0}, {"tWTR_S", 10, 0}, {"tRTP", 7.5, 0},
                         {"tWR", 18, 0}, {"tRFC", 280, 0}, {"tRFCpb", 140, 0}, {"tREFI", 3900, 0}}},
        {"lpddr5-6400", {{"tCL", 0, 17}, {"tCWL", 0, 9}, {"tRCD", 18, 0}, {"tRP", 18, 0}, {"tRPab", 21, 0}, {"tRAS", 42, 0},
                         {"tRRD_S", 5, 0}, {"tFAW", 20, 0}, {"tWTR_S", 6.25, 0}, {"tWTR_L", 12, 0},
                         {"tRTP", 7.5, 0}, {"tWR", 34, 0}, {"tRFC", 210, 0}, {"tRFCpb", 120, 0}, {"tREFI", 3900, 0}}},
        {"hbm2", {{"tCL", 14, 0}, {"tRCD", 14, 0}, {"tRP", 14, 0}, {"tRRD_S", 4, 0}, {"tRRD_L", 6, 0}, {"tFAW", 16, 0},
                  {"tWTR_L", 8, 0}, {"tWR", 16, 0}, {"tRFC", 350, 0}, {"tRFCpb", 160, 0}, {"tREFI", 3900, 0}}},
        {"hbm3", {{"tCL", 18, 0}, {"tRCD", 14, 0}, {"tRP", 14, 0}, {"tRAS", 29, 0}, {"tCCD_L", 2.5, 4},
                  {"tFAW", 12, 0}, {"tWTR_S", 4, 0}, {"tWTR_L", 9, 0}, {"tRTP", 7.5, 0}, {"tWR", 14, 0},
                  {"tRFC", 350, 0}, {"tRFCpb", 200, 0}, {"tRREFD", 8, 3}, {"tREFI", 3900, 0}}},
        {"gddr6", {{"tCL", 0, 24}, {"tRTP", 2, 0}, {"tFAW", 16, 0}, {"tRFCpb", 60, 0}, {"tREFI", 1900, 0}}},
    };
    return all;
}

TEST(DramPresetSources, EveryCitedTimingIsItsValueRoundedUpToThePresetsClock) {
    for (const PresetSource& s : sources()) {
        const DramConfig c = load_dram_config(s.preset);
        for (const Cited& t : s.timings) {
            EXPECT_EQ(field_of(c.timing, t.field), clocks(t, c.tck_ns()))
                << s.preset << " " << t.field << " (" << t.ns << " ns, min " << t.min_nck << " nCK)";
        }
    }
}

TEST(DramPresetSources, RowCycleIsActiveTimePlusPrechargeInEveryPreset) {
    for (const PresetSource& s : sources()) {
        const DramConfig c = load_dram_config(s.preset);
        EXPECT_EQ(c.timing.nRC, c.timing.nRAS + c.timing.nRP) << s.preset;
    }
}

}  // namespace
}  // namespace dramsweep::dram
