// The fuzz-style check end to end: the dramsweep binary on mutated inputs of every bundled
// format (tests/support/mutations.hpp), under a memory limit (ulimit -v) and a time limit
// (timeout). Every run must end with exit 0 or 2: never 1 (an internal error), never a signal,
// never the time limit. DRAMSWEEP_FUZZ_INPUTS=N runs N mutants per format instead of the default.

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "dramsweep/common/text.hpp"
#include "support/mutations.hpp"
#include "support/test_support.hpp"

namespace dramsweep {
namespace {

using testing::source_dir;

constexpr const char* kLimits = "ulimit -v 2097152; timeout -s KILL 120 ";  // 2 GiB, 2 minutes

struct Format {
    std::string name;
    std::string file;   // the mutant's name in the scratch folder
    std::string valid;  // the input it mutates
    std::string args;   // the command line, FILE standing for the mutant's path
};

std::string replace_file(std::string args, const std::string& path) {
    for (std::size_t at = args.find("FILE"); at != std::string::npos; at = args.find("FILE", at + path.size()))
        args.replace(at, 4, path);
    return args;
}

TEST(CliFuzz, EveryFormatEndsWithZeroOrTwoWithinLimits) {
    testing::ScratchDir dir;
    const std::string configs = (source_dir() / "configs").string();
    const std::string accel = configs + "/accel/edge_16x16_os.json";
    const std::string tiny = configs + "/topologies/tiny_mixed.json";
    // Small valid inputs, so that a mutant that stays valid runs in well under a second.
    const std::vector<Format> formats = {
        {"DRAM preset", "p.json", text::read_file(configs + "/dram/ddr4-2400.json"),
         "trace --dram FILE --generate mix_2r1w --limit 2000 --json"},
        {"accelerator .cfg", "a.cfg", text::read_file(configs + "/accel/scalesim_32x32_os.cfg"),
         "run --accel FILE --dram ddr4-2400 --topology " + tiny + " --json"},
        {"accelerator JSON", "a.json", text::read_file(accel),
         "run --accel FILE --dram lpddr4-3200 --topology " + tiny},
        {"topology CSV", "t.csv",
         "Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides,\n"
         "c1, 18, 18, 3, 3, 3, 16, 1,\nc2, 16, 16, 3, 3, 16, 16, 2,\n",
         "scalesim -c " + configs + "/accel/scalesim_32x32_os.cfg -t FILE -o " + dir.path().string() + "/reports"},
        {"topology JSON", "t.json", text::read_file(tiny), "run --accel " + accel + " --dram hbm2 --topology FILE"},
        {"trace", "r.trace", "0x0 R\n0x40 W\n0x1f40 R\n0x2000 W\n", "trace --dram ddr4-2400 --trace FILE"},
        {"sweep spec", "s.json",
         R"({"name": "f", "workload": {"generate": "rand_read", "requests": 200},
  "base": {"preset": "ddr4-3200", "set": {"controller.row_hit_cap": 4}},
  "axes": [{"key": "org.channels", "values": [1, 2]}, {"key": "timing.tRCD", "range": {"from": 18, "to": 22, "step": 4}}]})",
         "sweep FILE --backend reference --quiet --out " + dir.path().string() + "/sweep.csv"},
        {"results (pareto)", "res.csv",
         "config,config_hash,preset,time_ns,energy_nj\n0,00000000000000aa,\"a,b\",1.5,2\n1,00000000000000bb,x,2,1\n",
         "pareto FILE --objectives latency,energy"},
        {"serve lines", "in.jsonl",
         R"({"id": 1, "accel": ")" + accel + R"(", "dram": "ddr4-2400", "topology": ")" + tiny + "\"}\n" +
             R"({"id": 2, "accel": ")" + accel + R"(", "dram": "hbm2", "dram_set": {"org.channels": 2}, "topology": ")" +
             tiny + "\"}\n",
         "serve --backend reference < FILE"},
    };
    const std::size_t count = testing::fuzz_count(24);
    std::size_t runs = 0;
    for (const Format& f : formats) {
        testing::Mutator mutator(7);
        std::size_t zero = 0, two = 0;
        for (std::size_t i = 0; i < count; ++i) {
            const std::string path = dir.write(f.file, mutator.mutate(f.valid, i));
            (void)testing::run_shell("rm -rf '" + dir.path().string() + "/sweep.csv.partial'");
            const testing::CommandResult r =
                testing::run_shell(kLimits + std::string(DRAMSWEEP_BINARY) + " " + replace_file(f.args, path));
            ++runs;
            zero += r.exit_code == 0;
            two += r.exit_code == 2;
            EXPECT_TRUE(r.exit_code == 0 || r.exit_code == 2)
                << f.name << " mutant " << i << " exited " << r.exit_code
                << " (1: internal error, 137: killed at the time limit, 128+N: signal N)\n"
                << text::printable(r.output.substr(0, 2000));
        }
        std::cout << f.name << ": " << count << " mutants, exit 0: " << zero << ", exit 2: " << two << "\n";
    }
    std::cout << runs << " runs of the binary\n";
}

}  // namespace
}  // namespace dramsweep
