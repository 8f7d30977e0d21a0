// Nothing lost, nothing hangs: each class of bad input, concurrent run and output error, as a
// user meets it on the command line, one test per class.

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "dramsweep/common/text.hpp"
#include "support/test_support.hpp"

namespace dramsweep {
namespace {

namespace fs = std::filesystem;
using testing::CommandResult;
using testing::run_dramsweep;
using testing::run_shell;
using testing::ScratchDir;
using testing::source_dir;

const std::string kBinary = DRAMSWEEP_BINARY;
std::string config(const std::string& relative) { return (source_dir() / "configs" / relative).string(); }
const std::string kAccel = config("accel/edge_16x16_os.json");
const std::string kTiny = config("topologies/tiny_mixed.json");

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

std::vector<nlohmann::json> json_lines(const std::string& text) {
    std::vector<nlohmann::json> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);)
        if (!line.empty() && line[0] == '{') out.push_back(nlohmann::json::parse(line));
    return out;
}

// Bytes that are not UTF-8 never end a command or lose an answer.
TEST(Robustness, TextThatIsNotUtf8) {
    ScratchDir dir;
    const std::string good = R"({"id": "g", "accel": ")" + kAccel + R"(", "dram": "ddr4-2400", "topology": ")" + kTiny + "\"}";
    const std::string input = dir.write("in.jsonl", good + "\n{\"id\": \"a\xff\", \"accel\": 1}\n\xc3\x28\n" + good + "\n");
    CommandResult r = run_dramsweep("serve --backend reference < " + input);
    ASSERT_EQ(r.exit_code, 0) << r.output;
    const auto answers = json_lines(r.output);  // every answer parses: valid UTF-8 JSON
    ASSERT_EQ(answers.size(), 4u) << r.output;
    EXPECT_TRUE(answers[0]["ok"].get<bool>());
    EXPECT_FALSE(answers[1]["ok"].get<bool>());
    EXPECT_TRUE(contains(answers[1]["error"].get<std::string>(), "\\xff")) << "the bad byte is escaped: " << answers[1];
    EXPECT_FALSE(answers[2]["ok"].get<bool>());
    EXPECT_EQ(answers[3], answers[0]) << "the good line after the bad ones is answered too";

    // A layer name that is not UTF-8: run --json prints valid JSON (the byte becomes U+FFFD).
    const std::string topology = dir.write("t.csv", "Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, "
                                                    "Channels, Num Filter, Strides,\nc\xff" "1, 18, 18, 3, 3, 3, 16, 1,\n");
    r = run_dramsweep("run --quiet --accel " + kAccel + " --dram ddr4-2400 --topology " + topology + " --json");
    ASSERT_EQ(r.exit_code, 0) << r.output;
    const nlohmann::json result = nlohmann::json::parse(r.output.substr(r.output.find('{')), nullptr, false);
    EXPECT_FALSE(result.is_discarded()) << r.output;

    // A path and a value with bad bytes: the message escapes them.
    r = run_dramsweep("trace --dram ddr4-2400 --trace '" + dir.path().string() + "/no\xfe.trace'");
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_TRUE(contains(r.output, "no\\xfe.trace")) << r.output;
    r = run_dramsweep("trace --dram ddr4-2400 --generate seq_read --set $'controller.scheduler=fi\\x01fo'");
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_TRUE(contains(r.output, "'fi\\x01fo'")) << r.output;
}

// Two processes writing one output: the second is refused at once, --resume included, and
// --resume refuses a file in which a configuration appears twice.
TEST(Robustness, TwoProcessesWritingTheSameOutput) {
    ScratchDir dir;
    const std::string spec = dir.write("slow.json", R"({"name": "slow",
  "workload": {"generate": "rand_read", "requests": 400000},
  "base": "ddr4-3200", "axes": [{"key": "org.channels", "values": [1, 2, 4, 8]}]})");
    const std::string out = (dir.path() / "out.csv").string();
    const std::string partial = out + ".partial";
    // The first sweep runs in the background; the others start once it holds its output.
    const std::string first = kBinary + " sweep " + spec + " --backend reference --threads 1 --batch-size 1 --out " + out;
    const CommandResult r = run_shell(
        first + " > /dev/null 2>&1 & pid=$!; "
        "for i in $(seq 200); do [ -e " + partial + " ] && break; sleep 0.05; done; " +
        kBinary + " sweep " + spec + " --out " + out + "; echo \"second=$?\"; " +
        kBinary + " sweep " + spec + " --resume --out " + out + "; echo \"resume=$?\"; "
        "kill -9 $pid; wait $pid 2>/dev/null; true");
    EXPECT_TRUE(contains(r.output, "second=2")) << r.output;
    EXPECT_TRUE(contains(r.output, "resume=2")) << r.output;
    EXPECT_TRUE(contains(r.output, "another dramsweep process is writing this file now")) << r.output;

    // The killed run left OUT.partial: without --resume it is refused, never overwritten.
    ASSERT_TRUE(fs::exists(partial));
    CommandResult again = run_dramsweep("sweep " + spec + " --out " + out);
    EXPECT_EQ(again.exit_code, 2);
    EXPECT_TRUE(contains(again.output, "--resume")) << again.output;

    // A partial with one configuration twice was written by two runs at once: refused.
    const std::string small = dir.write("small.json", R"({"name": "small",
  "workload": {"generate": "rand_read", "requests": 500},
  "base": "ddr4-3200", "axes": [{"key": "org.channels", "values": [1, 2]}]})");
    const std::string twice = (dir.path() / "twice.csv").string();
    ASSERT_EQ(run_dramsweep("sweep " + small + " --backend reference --out " + twice).exit_code, 0);
    std::string content = text::read_file(twice);
    const std::size_t second_row = content.find('\n', content.find('\n') + 1) + 1;
    content = content.substr(0, second_row) + content.substr(content.find('\n') + 1);  // row 0 again
    std::ofstream(twice + ".partial") << content;
    fs::remove(twice);
    again = run_dramsweep("sweep " + small + " --resume --out " + twice);
    EXPECT_EQ(again.exit_code, 2);
    EXPECT_TRUE(contains(again.output, "appears twice")) << again.output;
}

// A full disk or a closed pipe is an error (exit 3, a message); an unwritable output is refused
// before anything runs; nothing half-written is left that looks complete.
TEST(Robustness, OutputErrorsAreErrors) {
    ScratchDir dir;
    const std::string run = "run --quiet --accel " + kAccel + " --dram ddr4-2400 --topology " + kTiny;
    const std::pair<std::string, std::string> to_stdout[] = {
        {"run", run + " --json"},
        {"trace", "trace --quiet --dram ddr4-2400 --generate seq_read --limit 1000 --json"},
        {"scalesim", "scalesim -c " + config("accel/scalesim_32x32_os.cfg") + " -t " + kTiny + " -o " +
                         (dir.path() / "reports").string()},
        {"serve", "serve --backend reference < " +
                      dir.write("in.jsonl", R"({"accel": ")" + kAccel + R"(", "dram": "ddr4-2400", "topology": ")" +
                                                kTiny + "\"}\n")},
        {"pareto", "pareto " + dir.write("r.csv", "a,time_ns,energy_nj\nx,1,2\ny,2,1\n") + " --out " +
                       (dir.path() / "front.csv").string()},
    };
    for (const auto& [name, args] : to_stdout) {
        CommandResult r = run_shell(kBinary + " " + args + " > /dev/full");
        EXPECT_EQ(r.exit_code, 3) << name << ": " << r.output;
        EXPECT_TRUE(contains(r.output, "cannot write to stdout")) << name << ": " << r.output;
        r = run_shell("(sleep 0.2; exec " + kBinary + " " + args + ") | true; echo \"status=${PIPESTATUS[0]}\"");
        EXPECT_TRUE(contains(r.output, "status=3") && contains(r.output, "Broken pipe")) << name << ": " << r.output;
    }
    // A pipe closed before the output is written: true reads nothing and exits while the
    // command still waits to start.
    CommandResult r = run_shell("(sleep 0.3; exec " + kBinary + " " + run + " --json) | true; echo \"status=${PIPESTATUS[0]}\"");
    EXPECT_TRUE(contains(r.output, "status=3")) << r.output;
    EXPECT_TRUE(contains(r.output, "Broken pipe")) << r.output;

    // --out naming a directory or a folder that does not exist: refused at once, exit 2.
    const std::string spec = dir.write("s.json", R"({"workload": {"generate": "rand_read", "requests": 10}, "base": "ddr4-3200"})");
    fs::create_directory(dir.path() / "taken.csv");
    for (const std::string& out : {(dir.path() / "taken.csv").string(), (dir.path() / "no/such.csv").string()}) {
        r = run_dramsweep("sweep " + spec + " --out " + out);
        EXPECT_EQ(r.exit_code, 2) << r.output;
        r = run_dramsweep("pareto " + dir.path().string() + "/r.csv --out " + out);
        EXPECT_EQ(r.exit_code, 2) << r.output;
    }
    r = run_dramsweep("scalesim -c " + config("accel/scalesim_32x32_os.cfg") + " -t " + kTiny + " -o " +
                      dir.write("a-file", "x") + "/sub");
    EXPECT_EQ(r.exit_code, 2) << r.output;

    // A file that cannot be written whole (a size limit standing in for a full disk): exit 3,
    // and neither the file nor its .tmp is left.
    r = run_shell("ulimit -f 8; " + kBinary + " scalesim -c " + config("accel/scalesim_32x32_os.cfg") + " -t " +
                  config("topologies/resnet18.csv") + " -o " + (dir.path() / "r18").string() + " --dram-trace " +
                  (dir.path() / "r18/trace.txt").string());
    EXPECT_EQ(r.exit_code, 3) << r.output;
    EXPECT_FALSE(fs::exists(dir.path() / "r18/trace.txt"));
    EXPECT_FALSE(fs::exists(dir.path() / "r18/trace.txt.tmp"));
}

// Sizes that cannot be simulated are refused up front, naming the field.
TEST(Robustness, SizesThatCannotBeSimulated) {
    ScratchDir dir;
    const std::string trace = "trace --dram ddr4-2400 --generate seq_read --limit 10 --set ";
    const std::pair<std::string, std::string> cases[] = {
        {trace + "org.channels=2048", "'org.channels': must be at most 1024"},
        {trace + "org.ranks=512", "'org.ranks': must be at most 256"},
        {trace + "controller.read_queue=100000", "'controller.read_queue': must be at most 4096"},
        {trace + "clock_mhz=1000000", "'clock_mhz': must be at most 10000"},
        {trace + "timing.tREFI=99999999999", "'timing.tREFI': must be at most"},
        {"run --accel " + kAccel + " --accel-set ifmap_sram_kb=1099511627776 --dram ddr4-2400 --topology " + kTiny,
         "'ifmap_sram_kb': must be at most"},
        {"run --accel " + kAccel + " --accel-set freq_mhz=0 --dram ddr4-2400 --topology " + kTiny, "'freq_mhz': must be at least 1"},
        {"run --accel " + kAccel + " --dram ddr4-2400 --topology " + kTiny + " --batch 1099511627776", "--batch"},
        {"run --accel " + kAccel + " --dram ddr4-2400 --topology " +
             dir.write("huge.json", R"({"layers": [{"name": "h", "type": "gemm", "m": 4194304, "n": 2, "k": 4194304}]})"),
         "layers[0].m"},
        {"sweep " + dir.write("big.json", R"({"workload": {"generate": "rand_read", "requests": 1000000000000}, "base": "ddr4-3200"})") +
             " --out " + (dir.path() / "big.csv").string(),
         "workload.requests"},
    };
    for (const auto& [args, message] : cases) {
        const CommandResult r = run_dramsweep(args);
        EXPECT_EQ(r.exit_code, 2) << args << "\n" << r.output;
        EXPECT_TRUE(contains(r.output, message)) << args << "\n" << r.output;
    }
    // A layer whose stream needs more memory than the machine allows: refused with an estimate.
    const std::string big = dir.write("big_layer.csv", "Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, "
                                                       "Channels, Num Filter, Strides,\nbig, 2048, 2048, 3, 3, 64, 64, 1,\n");
    const CommandResult r = run_shell("ulimit -v 1048576; " + kBinary + " run --accel " + kAccel +
                                      " --dram ddr4-2400 --topology " + big);
    EXPECT_EQ(r.exit_code, 2) << r.output;
    EXPECT_TRUE(contains(r.output, "layer 'big'") && contains(r.output, "needs about") &&
                contains(r.output, "more than the 1.0 GiB"))
        << r.output;
    // scalesim estimates every layer before it computes any (the compute model grows with the
    // layer too): refused at once, not after minutes without progress.
    const std::string scalesim = "scalesim -c " + config("accel/scalesim_32x32_os.cfg") + " -o " +
                                 (dir.path() / "reports").string() + " -t ";
    const std::string small = dir.write("small.csv", "Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, "
                                                     "Channels, Num Filter, Strides,\nc, 8, 8, 3, 3, 4, 8, 1,\n");
    for (const std::string& args : {scalesim + big, scalesim + small + " --batch 100000000000"}) {
        const CommandResult s = run_shell("ulimit -v 1048576; timeout 20 " + kBinary + " " + args);
        EXPECT_EQ(s.exit_code, 2) << args << "\n" << s.output;
        EXPECT_TRUE(contains(s.output, "needs about")) << args << "\n" << s.output;
    }
}

// Numbers beyond range are input errors naming the field, in JSON readers and CLI options.
TEST(Robustness, NumbersBeyondRange) {
    ScratchDir dir;
    std::string preset = text::read_file(config("dram/ddr4-2400.json"));
    preset.replace(preset.find("\"tRP\": 16"), 9, "\"tRP\": 1e400");
    const std::string spec = dir.write("s.json", R"({"workload": {"generate": "rand_read", "requests": -5}, "base": "ddr4-3200"})");
    const std::pair<std::string, std::string> cases[] = {
        {"trace --dram " + dir.write("p.json", preset) + " --generate seq_read", "field 'timing.tRP': a number out of range"},
        {"run --accel " + dir.write("a.json", R"({"array_rows": 1e400, "array_cols": 8, "ifmap_sram_kb": 8,
          "filter_sram_kb": 8, "ofmap_sram_kb": 8, "dataflow": "os"})") + " --dram ddr4-2400 --topology " + kTiny,
         "a.json:1: field 'array_rows': a number out of range"},
        {"run --accel " + kAccel + " --dram ddr4-2400 --topology " +
             dir.write("t.json", R"({"layers": [{"name": "c", "ifmap_h": 8, "ifmap_w": 8, "filter_h": 3, "filter_w": 3,
               "channels": 4, "num_filters": 4, "stride": -1}]})"),
         "'layers[0].stride': must be positive"},
        {"sweep " + spec + " --out " + (dir.path() / "o.csv").string(), "'workload.requests': must be at least 0"},
        {"trace --dram ddr4-2400 --generate seq_read --limit -5", "--limit"},
        {"trace --dram ddr4-2400 --generate seq_read --limit 1e400", "--limit"},
        {"trace --dram ddr4-2400 --generate seq_read --max-outstanding -1", "--max-outstanding"},
        {"sweep " + spec + " --stop-after -1", "--stop-after"},
        {"sweep " + spec + " --threads -1", "--threads"},
        {"sweep " + spec + " --batch-size 2.5", "--batch-size"},
        {"serve --max-batch 0", "--max-batch"},
        {"trace --dram ddr4-2400 --generate seq_read --set org.channels=-2", "'org.channels': expected a non-negative"},
    };
    for (const auto& [args, message] : cases) {
        const CommandResult r = run_dramsweep(args + " < /dev/null");
        EXPECT_EQ(r.exit_code, 2) << args << "\n" << r.output;
        EXPECT_TRUE(contains(r.output, message)) << args << "\n" << r.output;
    }
}

// A directory, an empty file, a FIFO or a device where a file is read: exit 2, never a wait.
TEST(Robustness, FilesThatAreNotInputs) {
    ScratchDir dir;
    const std::string fifo = (dir.path() / "fifo").string();
    ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
    const std::string empty = dir.write("empty", "");
    for (const std::string& bad : {dir.path().string(), empty, fifo, std::string("/dev/zero")}) {
        const std::string cases[] = {
            "trace --dram ddr4-2400 --trace " + bad,
            "trace --dram " + bad + ".json --generate seq_read",
            "run --accel " + bad + " --dram ddr4-2400 --topology " + kTiny,
            "run --accel " + kAccel + " --dram ddr4-2400 --topology " + bad,
            "scalesim -c " + bad + " -t " + kTiny + " -o " + (dir.path() / "o").string(),
            "sweep " + bad + " --out " + (dir.path() / "o.csv").string(),
            "pareto " + bad,
        };
        for (const std::string& args : cases) {
            const CommandResult r = run_shell("timeout -s KILL 20 " + kBinary + " " + args);
            EXPECT_EQ(r.exit_code, 2) << args << "\n" << r.output;
        }
    }
    // serve never blocks on such a path: the request is answered with an error, the next one too.
    const std::string line = R"({"accel": ")" + kAccel + R"(", "dram": "ddr4-2400", "topology": ")" + fifo + "\"}\n";
    const CommandResult r = run_shell("printf '%s%s' '" + line + "' '" + line + "' | timeout -s KILL 20 " + kBinary +
                                      " serve --backend reference");
    ASSERT_EQ(r.exit_code, 0) << r.output;
    const auto answers = json_lines(r.output);
    ASSERT_EQ(answers.size(), 2u) << r.output;
    EXPECT_TRUE(contains(answers[0]["error"].get<std::string>(), "FIFO")) << answers[0];

    // A topology CSV without its header line is an error, not a network missing its first layer.
    const std::string headless = dir.write("headless.csv", "c1, 18, 18, 3, 3, 3, 16, 1,\nc2, 16, 16, 3, 3, 16, 16, 1,\n");
    const CommandResult h = run_dramsweep("run --accel " + kAccel + " --dram ddr4-2400 --topology " + headless);
    EXPECT_EQ(h.exit_code, 2) << h.output;
    EXPECT_TRUE(contains(h.output, headless + ":1: field 'header'")) << h.output;
}

// Messages name the field the user set and where, and quote at most about 80 characters.
TEST(Robustness, MessagesNameTheFieldTheUserSet) {
    ScratchDir dir;
    // ranks x bank groups x banks is above 256: the user set org.ranks, not the preset's banks.
    CommandResult r = run_dramsweep("trace --dram ddr4-2400 --generate seq_read --set org.ranks=32");
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_TRUE(contains(r.output, "--set: field 'org.ranks': at most 256 banks per channel")) << r.output;
    r = run_dramsweep("run --accel " + kAccel + " --accel-set word_bytes=3 --dram ddr4-2400 --topology " + kTiny);
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_TRUE(contains(r.output, "--accel-set: field 'word_bytes'")) << r.output;
    // A long bad value is cut, its control characters escaped.
    const std::string long_value(300, 'x');
    r = run_dramsweep("trace --dram ddr4-2400 --generate seq_read --set controller.scheduler=" + long_value);
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_TRUE(contains(r.output, "...' (300 bytes)")) << r.output;
    EXPECT_FALSE(contains(r.output, long_value)) << r.output;
    // JSON inputs name JSON paths, with the value's line.
    const std::string topology = dir.write("t.json", "{\"layers\": [\n"
                                                     R"({"name": "a", "type": "gemm", "m": 4, "n": 4, "k": 4},)" "\n"
                                                     R"({"name": "b", "type": "gemm", "m": 4, "n": 4, "k": 4},)" "\n"
                                                     R"({"name": "c", "ifmap_h": 0, "ifmap_w": 8, "filter_h": 1,)" "\n"
                                                     R"( "filter_w": 1, "channels": 2, "num_filters": 2}]})");
    r = run_dramsweep("run --accel " + kAccel + " --dram ddr4-2400 --topology " + topology);
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_TRUE(contains(r.output, topology + ":4: field 'layers[2].ifmap_h': must be positive")) << r.output;
    // A SCALE-Sim .cfg names its own key and line; an unknown [dramsweep] key is an error.
    std::string cfg = text::read_file(config("accel/scalesim_32x32_os.cfg"));
    const std::string bad_cfg = dir.write("a.cfg", cfg + "\n[dramsweep]\nWordBites = 2\n");
    r = run_dramsweep("run --accel " + bad_cfg + " --dram ddr4-2400 --topology " + kTiny);
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_TRUE(contains(r.output, "field 'wordbites': unknown key in [dramsweep]")) << r.output;
}

// pareto reads what sweep and serve write; a trace sweep's latency is time, not clocks.
TEST(Robustness, ParetoReadsEverySweepAndServeOutput) {
    ScratchDir dir;
    // A preset whose path holds a comma: the sweep quotes that cell (RFC 4180).
    fs::copy_file(config("dram/ddr4-3200.json"), dir.path() / "fast,ddr4.json");
    const std::string spec = dir.write("s.json", R"({"name": "clocks",
  "workload": {"generate": "rand_read", "requests": 3000}, "base": "ddr4-2400",
  "axes": [{"key": "preset", "values": ["ddr4-2400", "fast,ddr4.json", "lpddr4-3200", "hbm2"]}]})");
    const std::string out = (dir.path() / "r.csv").string();
    ASSERT_EQ(run_dramsweep("sweep " + spec + " --backend reference --out " + out).exit_code, 0);
    EXPECT_TRUE(contains(text::read_file(out), ",\"fast,ddr4.json\",")) << text::read_file(out);
    CommandResult r = run_dramsweep("pareto " + out + " --objectives latency,energy");
    ASSERT_EQ(r.exit_code, 0) << r.output;
    EXPECT_TRUE(contains(r.output, "min time_ns")) << "latency across clocks is time: " << r.output;

    const std::string answers = dir.write("a.jsonl", R"({"id": 1, "ok": true, "objectives": {"latency_s": 1, "energy_j": 2}})"
                                                     "\n" R"({"id": 2, "ok": false, "error": "bad line"})" "\n"
                                                     R"({"id": 3, "ok": true, "objectives": {"latency_s": 2, "energy_j": 1}})" "\n");
    r = run_dramsweep("pareto " + answers);
    ASSERT_EQ(r.exit_code, 0) << r.output;
    EXPECT_TRUE(contains(r.output, "2 results (1 failed answers")) << r.output;
}

// Progress shows on a stderr that is not a terminal: plain lines, no carriage returns. The
// interval is shortened so that the test needs no long run.
TEST(Robustness, ProgressWhenStderrIsNotATerminal) {
    ScratchDir dir;
    const std::string binary = "DRAMSWEEP_PROGRESS_INTERVAL=0.1 " + kBinary;
    CommandResult r = run_shell(binary + " trace --dram ddr4-2400 --generate rand_read --limit 300000 --json 2>&1 >/dev/null");
    ASSERT_EQ(r.exit_code, 0) << r.output;
    EXPECT_TRUE(contains(r.output, "trace: ") && contains(r.output, "/300000 requests")) << r.output;
    EXPECT_FALSE(contains(r.output, "\r")) << r.output;
    r = run_shell(binary + " run --accel " + config("accel/scalesim_32x32_os.cfg") + " --dram ddr4-2400 --topology " +
                  config("topologies/resnet18.csv") + " --json 2>&1 >/dev/null");
    ASSERT_EQ(r.exit_code, 0) << r.output;
    EXPECT_TRUE(contains(r.output, "run: simulating") && contains(r.output, "elapsed")) << r.output;
    const std::string spec = dir.write("s.json", R"({"name": "p", "workload": {"generate": "rand_read", "requests": 20000},
  "base": "ddr4-3200", "axes": [{"key": "org.channels", "values": [1, 2, 4, 8]}]})");
    r = run_shell(binary + " sweep " + spec + " --backend reference --threads 1 --batch-size 1 --out " +
                  (dir.path() / "o.csv").string() + " 2>&1 >/dev/null");
    ASSERT_EQ(r.exit_code, 0) << r.output;
    EXPECT_TRUE(contains(r.output, "sweep p: ") && contains(r.output, "/4 configs")) << r.output;
}

// Trace files are streamed: memory stays flat in the trace length, --limit reads only as far as
// it needs.
TEST(Robustness, TracesAreStreamed) {
    ScratchDir dir;
    const std::string path = (dir.path() / "long.trace").string();
    {
        std::ofstream out(path);
        for (std::uint64_t i = 0; i < 2'000'000; ++i) out << "0x" << std::hex << i * 64 << " R\n";
        out << "this line is not a trace line\n";
    }
    // --limit stops before the bad last line.
    CommandResult r = run_dramsweep("trace --dram ddr4-2400 --trace " + path + " --limit 100 --json");
    ASSERT_EQ(r.exit_code, 0) << r.output;
    EXPECT_TRUE(contains(r.output, "\"requests\":100")) << r.output;
    // Without it, the bad line is found in the checking pass, before any simulation.
    r = run_dramsweep("trace --quiet --dram ddr4-2400 --trace " + path);
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_TRUE(contains(r.output, ":2000001: field 'line'")) << r.output;
    // 2 million requests (30 MB of text) in 50 MB of address space: nothing is held per request.
    std::ofstream(path, std::ios::app).flush();
    fs::resize_file(path, fs::file_size(path) - std::string("this line is not a trace line\n").size());
    r = run_shell("ulimit -v 51200; " + kBinary + " trace --quiet --dram ddr4-2400 --trace " + path + " --json");
    ASSERT_EQ(r.exit_code, 0) << r.output;
    EXPECT_TRUE(contains(r.output, "\"requests\":2000000")) << r.output;
}

}  // namespace
}  // namespace dramsweep
