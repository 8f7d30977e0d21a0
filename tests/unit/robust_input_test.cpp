// The one place each class of bad input goes through, tested where it lives (this suite also
// runs under ASan and UBSan): text that is not UTF-8, quoting, files that are not inputs, numbers
// beyond range in JSON, CSV as RFC 4180 writes it, the field tables' bounds, defaults, required
// fields and blame, and the topology and spec readers' messages.

#include <sys/stat.h>

#include <filesystem>
#include <string>

#include <gtest/gtest.h>

#include "dramsweep/accel/accel_fields.hpp"
#include "dramsweep/accel/accel_io.hpp"
#include "dramsweep/common/csv.hpp"
#include "dramsweep/common/input_error.hpp"
#include "dramsweep/common/input_file.hpp"
#include "dramsweep/common/json_source.hpp"
#include "dramsweep/common/json_text.hpp"
#include "dramsweep/common/text.hpp"
#include "dramsweep/dram/config.hpp"
#include "dramsweep/dram/trace_stream.hpp"
#include "dramsweep/workload/topology_io.hpp"
#include "support/test_support.hpp"

namespace dramsweep {
namespace {

template <typename F>
InputError input_error_of(F&& f) {
    try {
        f();
    } catch (const InputError& e) {
        return e;
    }
    ADD_FAILURE() << "no InputError";
    return InputError("", 0, "", "");
}

TEST(RobustInput, PrintableEscapesWhatIsNotUtf8AndQuoteCutsLongValues) {
    EXPECT_EQ(text::printable("caf\xc3\xa9"), "caf\xc3\xa9");  // UTF-8 stays
    EXPECT_EQ(text::printable("a\xff" "b\x01\n"), "a\\xffb\\x01\\n");
    EXPECT_EQ(text::printable("\xed\xa0\x80"), "\\xed\\xa0\\x80") << "a surrogate is not UTF-8";
    EXPECT_EQ(text::printable(text::printable("a\xff")), text::printable("a\xff")) << "idempotent";
    EXPECT_FALSE(text::is_utf8("\xc0\xaf")) << "an overlong form";
    EXPECT_TRUE(text::is_utf8("\xf0\x9f\x99\x82"));
    EXPECT_EQ(text::quote("x"), "'x'");
    const std::string quoted = text::quote(std::string(1000, 'y'));
    EXPECT_LT(quoted.size(), 110u);
    EXPECT_NE(quoted.find("(1000 bytes)"), std::string::npos);
    // An error's text is always printable, whatever bytes it was given.
    const InputError e("f\xfe", 3, "k\xff", "bad \x02 value");
    EXPECT_TRUE(text::is_utf8(e.what()));
    EXPECT_EQ(std::string(e.what()), "f\\xfe:3: field 'k\\xff': bad \\x02 value");
    EXPECT_EQ(e.message(), "bad \x02 value") << "the bare message, for re-issuing elsewhere";
    // JSON output never throws on bad bytes.
    EXPECT_EQ(json_text(Json("a\xff")), "\"a\xef\xbf\xbd\"");
}

TEST(RobustInput, FilesThatAreNotInputsAreRefusedWithoutBlocking) {
    testing::ScratchDir dir;
    const std::string fifo = (dir.path() / "fifo").string();
    ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
    EXPECT_NE(input_error_of([&] { InputFile f(fifo); }).message().find("FIFO"), std::string::npos);
    EXPECT_NE(input_error_of([&] { InputFile f(dir.path().string()); }).message().find("directory"), std::string::npos);
    EXPECT_NE(input_error_of([&] { InputFile f("/dev/null"); }).message().find("device"), std::string::npos);
    EXPECT_NE(input_error_of([&] { InputFile f((dir.path() / "none").string()); }).message().find("no such file"),
              std::string::npos);
    const std::string empty = dir.write("empty", "");
    EXPECT_NE(input_error_of([&] { (void)text::read_file(empty); }).message().find("empty"), std::string::npos);
    EXPECT_EQ(text::read_file(empty, true), "");
    // Lines come back one by one, the last one without its newline too.
    InputFile lines(dir.write("l", "a\nbb\n\nccc"));
    std::string line;
    std::vector<std::string> got;
    while (lines.next_line(line)) got.push_back(line);
    EXPECT_EQ(got, (std::vector<std::string>{"a", "bb", "", "ccc"}));
}

TEST(RobustInput, JsonNumbersBeyondRangeNameTheirLineAndPath) {
    const InputError flat = input_error_of([] { (void)JsonSource::from_text("{\n\"a\": 1,\n\"b\": 1e400}", "x.json"); });
    EXPECT_EQ(flat.line(), 3u);
    EXPECT_EQ(flat.field(), "b");
    // The same token earlier in a string does not mislead it; array indices count every element.
    const InputError nested = input_error_of([] {
        (void)JsonSource::from_text("{\"name\": \"1e400\",\n \"layers\": [{\"a\": [1, {}, 2]}, 7,\n {\"ifmap_h\": 1e400}]}",
                                    "x.json");
    });
    EXPECT_EQ(nested.line(), 3u);
    EXPECT_EQ(nested.field(), "layers[2].ifmap_h");
    EXPECT_EQ(input_error_of([] { (void)JsonSource::from_text("-1e400", "x.json"); }).field(), "(document)");
    const JsonSource s = JsonSource::from_text(R"({"big": 18446744073709551615, "f": 1e300, "ok": 64.0})", "x.json");
    EXPECT_NE(input_error_of([&] { (void)s.required_int(JsonPointer("/big")); }).message().find("out of range"),
              std::string::npos);
    EXPECT_NE(input_error_of([&] { (void)s.required_int(JsonPointer("/f")); }).message().find("out of range"),
              std::string::npos);
    EXPECT_EQ(s.required_int(JsonPointer("/ok")), 64);
    EXPECT_EQ(json_path_string(JsonPointer("/layers/2/ifmap_h")), "layers[2].ifmap_h");
    EXPECT_EQ(json_path_string(JsonPointer("/base/set/org.channels")), "base.set[\"org.channels\"]");
}

TEST(RobustInput, CsvRecordsAsRfc4180WritesThem) {
    const std::string cells[] = {"plain", "a,b", "say \"hi\"", "two\nlines"};
    std::string text;
    for (const std::string& c : cells) {
        if (!text.empty()) text += ',';
        text += csv::escape(c);
    }
    text += "\nnext,row\n";
    csv::RecordReader reader(text);
    std::vector<std::string> record;
    ASSERT_TRUE(reader.next(record));
    EXPECT_EQ(record, std::vector<std::string>(std::begin(cells), std::end(cells)));
    EXPECT_TRUE(reader.complete());
    ASSERT_TRUE(reader.next(record));
    EXPECT_EQ(reader.line(), 3u) << "the quoted newline counts as a line";
    EXPECT_FALSE(reader.next(record));
    csv::RecordReader cut("a,\"b,c");
    ASSERT_TRUE(cut.next(record));
    EXPECT_TRUE(cut.open_quote());
    EXPECT_FALSE(cut.complete());
}

TEST(RobustInput, FieldTablesHoldBoundsDefaultsAndBlame) {
    // Defaults come from the table: the controller's (DRAM) and the accelerator's.
    const dram::DramConfig d = dram::load_dram_config("ddr4-2400");
    EXPECT_EQ(d.controller.read_queue, 32u);
    EXPECT_EQ(d.controller.write_high, 26u);
    const AccelConfig a;
    EXPECT_EQ(a.array_rows, 32);
    EXPECT_EQ(a.filter_offset, 10000000);
    EXPECT_EQ(a.bandwidths, std::vector<std::int64_t>{10});
    EXPECT_DOUBLE_EQ(a.mac_energy_pj, 0.23);
    // Bounds name the field and its source.
    InputError e = input_error_of([] { (void)dram::load_dram_config("ddr4-2400", {"org.channels=4096"}); });
    EXPECT_EQ(e.file(), "--set");
    EXPECT_EQ(e.field(), "org.channels");
    // A rule between fields blames the one set last: here the override of ranks.
    e = input_error_of([] { (void)dram::load_dram_config("ddr4-2400", {"org.ranks=32"}); });
    EXPECT_EQ(e.field(), "org.ranks") << e.what();
    e = input_error_of([] { (void)dram::load_dram_config("ddr4-2400", {"controller.write_queue=16"}); });
    EXPECT_EQ(e.field(), "controller.write_queue") << e.what();
    // Required fields: a preset without tRCD (or tRCD_RD and tRCD_WR).
    testing::ScratchDir dir;
    std::string preset = text::read_file((testing::source_dir() / "configs/dram/ddr4-2400.json").string());
    preset.replace(preset.find("\"tRCD\": 16, "), 12, "");
    e = input_error_of([&] { (void)dram::load_dram_config(dir.write("p.json", preset)); });
    EXPECT_EQ(e.field(), "timing.tRCD_RD");
    EXPECT_NE(e.message().find("timing.tRCD"), std::string::npos);
    // One table for the accelerator: a .cfg key, a JSON key and an override are the same field.
    EXPECT_NE(accel_fields().find("sram_read_energy_pj_per_word"), nullptr);
    EXPECT_EQ(accel_fields().find("array_rows")->meta()->name, std::string("ArrayHeight"));
    e = input_error_of([&] { (void)apply_accel_overrides(a, {"word_bytes=3"}, "--accel-set"); });
    EXPECT_EQ(e.field(), "word_bytes") << "the override, not the default burst size: " << e.what();
    e = input_error_of([&] { (void)apply_accel_overrides(a, {"ifmap_sram_kb=9223372036854775807"}, "x"); });
    EXPECT_NE(e.message().find("at most"), std::string::npos) << "no overflow into 'smaller than one burst'";
}

TEST(RobustInput, TopologyMessagesNameTheirFormatsFields) {
    // A JSON layer names its JSON path; a CSV row its column; a CSV without its header is refused.
    InputError e = input_error_of([] {
        (void)parse_topology_json(R"({"layers": [{"name": "a", "type": "gemm", "m": 0, "n": 2, "k": 2}]})", "t.json");
    });
    EXPECT_EQ(e.field(), "layers[0].m");
    e = input_error_of([] {
        (void)parse_topology_csv("name, H, W, R, S, C, N, stride\nc, 8, 8, 3, 3, 4, 4, 0\n", "t.csv", TopologyFormat::Auto);
    });
    EXPECT_EQ(e.field(), "Strides");
    EXPECT_EQ(e.line(), 2u);
    e = input_error_of([] { (void)parse_topology_csv("c, 8, 8, 3, 3, 4, 4, 1\n", "t.csv", TopologyFormat::Auto); });
    EXPECT_EQ(e.field(), "header");
    // Dimensions whose product overflows 64 bits are refused, not wrapped.
    e = input_error_of([] {
        (void)parse_topology_json(R"({"layers": [{"name": "a", "ifmap_h": 4611686018427387904, "ifmap_w": 4611686018427387904,
          "filter_h": 1, "filter_w": 1, "channels": 1, "num_filters": 1}]})", "t.json");
    });
    EXPECT_EQ(e.field(), "layers[0].ifmap_h");
}

TEST(RobustInput, TraceFilesAreStreamedAndStopAtTheLimit) {
    testing::ScratchDir dir;
    const std::string path = dir.write("t.trace", "0x0 R\n0x40 W\nnot a trace line\n");
    dram::TraceFileReader reader(path, 2);
    dram::TraceRequest r{};
    EXPECT_TRUE(reader.next(r));
    EXPECT_TRUE(reader.next(r));
    EXPECT_TRUE(r.is_write);
    EXPECT_FALSE(reader.next(r)) << "the limit is reached before the bad line is read";
    EXPECT_EQ(dram::count_trace_requests(path, 2), 2u);
    EXPECT_EQ(input_error_of([&] { (void)dram::count_trace_requests(path); }).line(), 3u);
}

}  // namespace
}  // namespace dramsweep
