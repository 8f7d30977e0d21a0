// Fast unit tests of the DRAM building blocks: the constraint table, address decoding, the
// Python-compatible random generator, configuration overrides.

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>

#include "dramsweep/common/input_error.hpp"
#include "dramsweep/common/text.hpp"
#include "dramsweep/dram/config.hpp"
#include "dramsweep/dram/python_random.hpp"
#include "dramsweep/dram/timing.hpp"

namespace dramsweep::dram {
namespace {

TEST(DramConstraints, Ddr4_2400Table) {
    const DramConfig c = load_dram_config("ddr4-2400");
    const ConstraintTable t = derive_constraints(c);
    EXPECT_EQ(t.min_gap[kAct][kRd][kSameBank], 16u);            // tRCD
    EXPECT_EQ(t.min_gap[kAct][kRd][kSameBankGroup], 0u);         // other bank: no tRCD
    EXPECT_EQ(t.min_gap[kAct][kAct][kSameBank], 55u);           // tRC
    EXPECT_EQ(t.min_gap[kAct][kAct][kSameBankGroup], 6u);       // tRRD_L
    EXPECT_EQ(t.min_gap[kAct][kAct][kSameRank], 4u);            // tRRD_S
    EXPECT_EQ(t.min_gap[kAct][kAct][kOtherRank], 0u);
    EXPECT_EQ(t.min_gap[kRd][kRd][kSameBankGroup], 6u);         // tCCD_L
    EXPECT_EQ(t.min_gap[kRd][kRd][kSameRank], 4u);              // tCCD_S
    EXPECT_EQ(t.min_gap[kRd][kRd][kOtherRank], 6u);             // tBL + tRTRS
    EXPECT_EQ(t.min_gap[kWr][kRd][kSameBankGroup], 12u + 4 + 9);  // CWL + BL + tWTR_L
    EXPECT_EQ(t.min_gap[kWr][kRd][kSameRank], 12u + 4 + 3);       // CWL + BL + tWTR_S
    EXPECT_EQ(t.min_gap[kRd][kWr][kSameRank], 16u + 4 + 2 - 12);  // CL + BL + turnaround - CWL
    EXPECT_EQ(t.min_gap[kWr][kPre][kSameBank], 12u + 4 + 18);     // CWL + BL + tWR
    EXPECT_EQ(t.min_gap[kRda][kAct][kSameBank], 9u + 16);         // tRTP + tRP
    EXPECT_EQ(t.min_gap[kPrea][kAct][kSameRank], 16u);            // PREA closes every bank
    EXPECT_EQ(t.min_gap[kAct][kPrea][kSameRank], 39u);            // any bank's tRAS
    EXPECT_EQ(t.min_gap[kRef][kAct][kSameRank], 420u);            // tRFC
    EXPECT_EQ(t.min_gap[kRef][kAct][kOtherRank], 0u);
    EXPECT_EQ(t.faw_clocks, 26u);
}

TEST(DramMapping, RoBaRaCoChDecodesLowToHigh) {
    const DramConfig c = load_dram_config("ddr4-2400");
    const AddressMapping m = parse_mapping("RoBaRaCoCh", c.org, false, "test");
    // 6 offset bits, 7 column bits, 2 bank-group bits, 2 bank bits, 16 row bits.
    const std::uint64_t addr = (std::uint64_t{0x1234} << 17) | (2u << 15) | (3u << 13) | (77u << 6) | 0x3f;
    const DecodedAddress d = decode_address(m, addr);
    EXPECT_EQ(d.column, 77u);
    EXPECT_EQ(d.bank_group, 3u);
    EXPECT_EQ(d.bank, 2u);
    EXPECT_EQ(d.row, 0x1234u);
    EXPECT_EQ(d.channel, 0u);
    EXPECT_EQ(d.rank, 0u);
    // Bits above the row are dropped (folding).
    EXPECT_EQ(decode_address(m, addr | (std::uint64_t{1} << 40)).row, 0x1234u);
}

TEST(DramMapping, BankGroupFirstAndXorHash) {
    const DramConfig c = load_dram_config("ddr4-2400");
    const AddressMapping m = parse_mapping("RoRaBaCoBgCh", c.org, false, "test");
    EXPECT_EQ(decode_address(m, 64).bank_group, 1u);
    EXPECT_EQ(decode_address(m, 128).bank_group, 2u);
    EXPECT_EQ(decode_address(m, 256).column, 1u);
    const AddressMapping x = parse_mapping("RoBaRaCoCh", c.org, true, "test");
    const std::uint64_t row5 = std::uint64_t{5} << 17;  // row 5 = 0b101: bank group ^= 1, bank ^= 1
    EXPECT_EQ(decode_address(x, row5).bank_group, 1u);
    EXPECT_EQ(decode_address(x, row5).bank, 1u);
}

TEST(DramPythonRandom, MatchesCPython) {
    // Values printed by CPython 3.11: random.Random(1).randrange(2**33) three times, and
    // Random(2): randrange then random().
    PythonRandom a(1);
    EXPECT_EQ(a.randrange(std::uint64_t{1} << 33), 0xc386bbc4u);
    EXPECT_EQ(a.randrange(std::uint64_t{1} << 33), 0x414c343cu);
    EXPECT_EQ(a.randrange(std::uint64_t{1} << 33), 0x17311d8a3u);
    PythonRandom b(2);
    EXPECT_EQ(b.randrange(std::uint64_t{1} << 33) & ~std::uint64_t{63}, 0xe7a2680u);
    EXPECT_DOUBLE_EQ(b.random(), 0.08487199515892163);
}

TEST(DramConfigOverrides, SetAndReject) {
    DramConfig c = load_dram_config("ddr4-2400", {"timing.tRCD=18", "org.channels=2", "controller.scheduler=fcfs",
                                                  "controller.page_policy=closed", "mapping=ChRaBaRoCo"});
    EXPECT_EQ(c.timing.nRCD_RD, 18u);
    EXPECT_EQ(c.timing.nRCD_WR, 18u);
    EXPECT_EQ(c.org.channels, 2u);
    EXPECT_EQ(c.controller.scheduler, Scheduler::kFcfs);
    EXPECT_EQ(c.controller.page_policy, PagePolicy::kClosed);
    EXPECT_THROW(apply_override(c, "timing.nope=1"), InputError);
    EXPECT_THROW(apply_override(c, "timing.tRP=-1"), InputError);
    EXPECT_THROW(apply_override(c, "no_equals_sign"), InputError);
    EXPECT_THROW(load_dram_config("ddr4-2400", {"timing.tRC=10"}), InputError);
    EXPECT_THROW(load_dram_config("ddr4-2400", {"org.channels=3"}), InputError);
}

TEST(DramConstraints, PseudoChannelsOfOneLegacyChannelRelateOnlyThroughTheCommandBus) {
    const DramConfig legacy = load_dram_config("hbm2");
    ASSERT_EQ(legacy.controller.queues, QueueArrangement::kPerLegacyChannel);
    const ConstraintTable shared = derive_constraints(legacy);
    for (Command a : {kRd, kWr})
        for (Command b : {kRd, kWr}) EXPECT_EQ(shared.min_gap[a][b][kOtherRank], 0u) << a << " " << b;
    // Within a pseudo-channel the data bus rules stay: tCCD_S, and tWTR_S after a write.
    EXPECT_EQ(shared.min_gap[kRd][kRd][kSameRank], legacy.timing.nCCD_S);
    EXPECT_EQ(shared.min_gap[kWr][kRd][kSameRank], legacy.timing.nCWL + legacy.timing.nBL + legacy.timing.nWTR_S);
    // Two ranks of one channel share the data bus: a burst, then the rank switch.
    const DramConfig ranks = load_dram_config("hbm2", {"controller.queues=per_channel"});
    EXPECT_EQ(derive_constraints(ranks).min_gap[kRd][kRd][kOtherRank], ranks.timing.nBL + ranks.timing.nRTRS);
}

TEST(DramConstraints, ATwoPartActCountsItsTimingsFromItsSecondPartAndHoldsTheBusForIt) {
    // lpddr5-6400: ACT-1 at the logged clock, ACT-2 on the next (timing.act_clocks 2).
    const DramConfig two = load_dram_config("lpddr5-6400");
    const DramConfig one = load_dram_config("lpddr5-6400", {"timing.act_clocks=1"});
    ASSERT_EQ(two.timing.nACT_clocks, 2u);
    const ConstraintTable a = derive_constraints(two), b = derive_constraints(one);
    EXPECT_EQ(a.min_gap[kAct][kRd][kSameBank], two.timing.nRCD_RD + 1);  // tRCD from ACT-2
    EXPECT_EQ(a.min_gap[kAct][kPre][kSameBank], two.timing.nRAS + 1);    // tRAS from ACT-2
    EXPECT_EQ(a.min_gap[kAct][kAct][kSameRank], two.timing.nRRD_S);      // ACT-1 to ACT-1
    EXPECT_EQ(a.min_gap[kAct][kAct][kSameBank], two.timing.nRC);
    // ACT-2 takes the command bus: nothing else issues in the clock after an ACT.
    for (const Command n : {kRd, kWr, kPre, kAct})
        for (const Scope s : {kSameBankGroup, kSameRank, kOtherRank})
            EXPECT_GE(a.min_gap[kAct][n][s], 2u) << n << s;
    EXPECT_EQ(b.min_gap[kAct][kRd][kSameRank], 0u);
    EXPECT_EQ(b.min_gap[kAct][kRd][kSameBank], one.timing.nRCD_RD);
    EXPECT_EQ(a.faw_clocks, b.faw_clocks);
    EXPECT_THROW(load_dram_config("lpddr5-6400", {"timing.act_clocks=3"}), InputError);
}

TEST(DramConfigValidation, TheLegacyChannelArrangementIsForHbmWithTwoPseudoChannels) {
    const InputError other_standard = [] {
        try {
            (void)load_dram_config("ddr4-2400", {"controller.queues=per_legacy_channel", "org.ranks=2"});
        } catch (const InputError& e) {
            return e;
        }
        return InputError("", 0, "", "no error");
    }();
    EXPECT_EQ(other_standard.field(), "controller.queues") << other_standard.what();
    EXPECT_NE(std::string(other_standard.what()).find("DDR4"), std::string::npos) << other_standard.what();
    const InputError one_rank = [] {
        try {
            (void)load_dram_config("hbm3", {"org.ranks=1"});
        } catch (const InputError& e) {
            return e;
        }
        return InputError("", 0, "", "no error");
    }();
    EXPECT_EQ(one_rank.field(), "org.ranks") << one_rank.what();
    EXPECT_NE(std::string(one_rank.what()).find("must be 2"), std::string::npos) << one_rank.what();
    EXPECT_EQ(load_dram_config("hbm3", {"org.ranks=1", "controller.queues=per_channel"}).org.ranks, 1u);
}

TEST(DramConfigPresets, EveryPresetLoadsAndNamesItsSource) {
    for (const char* name : {"ddr4-2400", "ddr4-2400-x16", "ddr4-3200", "ddr4-3200-x16", "ddr5-4800", "lpddr4-3200",
                             "lpddr5-6400", "hbm2", "hbm3", "gddr6"}) {
        const DramConfig c = load_dram_config(name);
        EXPECT_EQ(c.name, name);
        EXPECT_GT(c.source.size(), 40u) << name;
    }
}

TEST(DramConfigPresets, ConfigDirFromTheEnvironmentComesFirst) {
    namespace fs = std::filesystem;
    const fs::path dir = fs::temp_directory_path() / ("dramsweep_cfg_" + std::to_string(::getpid()));
    fs::create_directories(dir / "dram");
    const std::string original = text::read_file(resolve_preset_path("ddr4-2400"));
    const std::string renamed = std::regex_replace(original, std::regex("\"name\": \"ddr4-2400\""),
                                                   "\"name\": \"my-ddr4\"");
    std::ofstream(dir / "dram" / "my-ddr4.json") << renamed;
    ::setenv("DRAMSWEEP_CONFIG_DIR", dir.string().c_str(), 1);
    EXPECT_EQ(load_dram_config("my-ddr4").name, "my-ddr4");
    ::unsetenv("DRAMSWEEP_CONFIG_DIR");
    EXPECT_THROW(load_dram_config("my-ddr4"), InputError);
    fs::remove_all(dir);
}

TEST(DramConfigJson, EveryPresetWrittenReadsBackEqualAndInlineErrorsNameThePath) {
    for (const std::string& name : known_presets()) {
        const DramConfig c =
            load_dram_config(name, {"controller.page_policy=timeout", "controller.page_timeout=50"});
        const Json written = dram_config_json(c);
        const JsonSource source = JsonSource::from_text(Json{{"dram", written}}.dump(2), "inline");
        const DramConfig back = parse_dram_config(source, JsonPointer("/dram"));
        EXPECT_EQ(dram_config_json(back), written) << name;
        EXPECT_EQ(back.timing.nRCD_WR, c.timing.nRCD_WR) << name;
        EXPECT_EQ(written.at("controller").at("page_policy"), "timeout") << name;
    }
    const JsonSource bad = JsonSource::from_text("{\"dram\": {\"org\": {\"channels\": -1}}}", "req");
    try {
        parse_dram_config(bad, JsonPointer("/dram"));
        FAIL();
    } catch (const InputError& e) {
        EXPECT_EQ(e.field(), "dram.org.channels") << e.what();
    }
    try {
        load_dram_config("ddr4-2400", {"org.channels=3"}, "dram_set");
        FAIL();
    } catch (const InputError& e) {
        EXPECT_EQ(e.file(), "dram_set") << e.what();
        EXPECT_EQ(e.field(), "org.channels") << e.what();
    }
}

}  // namespace
}  // namespace dramsweep::dram
