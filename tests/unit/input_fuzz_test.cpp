// Fuzz-style checks of every parser of a bundled input format: random bytes, truncations, bit
// flips, extreme numbers and inserted or deleted bytes of a valid input. Each mutant must parse
// or throw InputError (the CLI's exit 2): never another exception (exit 1), never a crash (the
// sanitizer build of this suite reports those), each within a time bound, all within a memory
// bound. DRAMSWEEP_FUZZ_INPUTS=N tries N mutants per format instead of the default.

#include <sys/resource.h>

#include <chrono>
#include <functional>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "dramsweep/accel/accel_io.hpp"
#include "dramsweep/common/input_error.hpp"
#include "dramsweep/common/text.hpp"
#include "dramsweep/dram/config.hpp"
#include "dramsweep/dram/trace.hpp"
#include "dramsweep/explore/pareto.hpp"
#include "dramsweep/serve/serve_request.hpp"
#include "dramsweep/sweep/points.hpp"
#include "dramsweep/sweep/results.hpp"
#include "dramsweep/sweep/spec.hpp"
#include "dramsweep/workload/topology_io.hpp"
#include "support/mutations.hpp"
#include "support/test_support.hpp"

namespace dramsweep {
namespace {

using testing::source_dir;

constexpr double kSecondsPerInput = 5.0;       // far above any parse; a hang shows as a failure
constexpr long kMaxResidentKb = 2L << 20;      // 2 GiB for the whole suite, sanitizers included

std::string bundled(const std::string& relative) { return text::read_file((source_dir() / relative).string()); }

// Feeds `count` mutants of `valid` to `parse`, which must return or throw InputError.
void fuzz(const std::string& format, const std::string& valid, std::size_t count,
          const std::function<void(const std::string&)>& parse, std::uint64_t seed = 1) {
    testing::Mutator mutator(seed);
    std::size_t accepted = 0, refused = 0;
    double slowest = 0;
    // SCALE-Sim .cfg warnings about keys mutated out of recognition would flood the log.
    std::ostringstream silenced;
    std::streambuf* const saved = std::cerr.rdbuf(silenced.rdbuf());
    for (std::size_t i = 0; i < count; ++i) {
        const std::string input = mutator.mutate(valid, i);
        const auto start = std::chrono::steady_clock::now();
        try {
            parse(input);
            ++accepted;
        } catch (const InputError& e) {
            ++refused;
            // what() goes into terminals and JSON answers: it must be printable UTF-8.
            EXPECT_TRUE(text::is_utf8(e.what())) << format << " mutant " << i;
        } catch (const std::exception& e) {
            ADD_FAILURE() << format << " mutant " << i << " threw " << text::printable(e.what())
                          << " (not an InputError: the CLI would exit 1) on " << text::quote(input);
        }
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        slowest = std::max(slowest, seconds);
        EXPECT_LT(seconds, kSecondsPerInput) << format << " mutant " << i << " on " << text::quote(input);
        silenced.str("");
    }
    std::cerr.rdbuf(saved);
    std::cout << format << ": " << count << " mutants, " << accepted << " accepted, " << refused
              << " refused with InputError, slowest " << slowest * 1000 << " ms\n";
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    EXPECT_LT(usage.ru_maxrss, kMaxResidentKb) << format;
}

TEST(InputFuzz, TopologyCsvConvAndGemm) {
    const std::size_t n = testing::fuzz_count(400);
    fuzz("topology CSV (conv)", bundled("configs/topologies/resnet18.csv"), n,
         [](const std::string& t) { (void)parse_topology_csv(t, "t.csv", TopologyFormat::Auto); });
    fuzz("topology CSV (GEMM)", bundled("configs/topologies/gpt2_block.csv"), n,
         [](const std::string& t) { (void)parse_topology_csv(t, "t.csv", TopologyFormat::Auto); });
}

TEST(InputFuzz, TopologyJson) {
    fuzz("topology JSON", bundled("configs/topologies/tiny_mixed.json"), testing::fuzz_count(400),
         [](const std::string& t) { (void)parse_topology_json(t, "t.json"); });
}

TEST(InputFuzz, AcceleratorCfgAndJson) {
    const std::size_t n = testing::fuzz_count(400);
    fuzz("accelerator .cfg", bundled("configs/accel/scalesim_32x32_os.cfg"), n,
         [](const std::string& t) { (void)parse_scalesim_cfg(t, "a.cfg"); });
    fuzz("accelerator JSON", bundled("configs/accel/edge_16x16_os.json"), n,
         [](const std::string& t) { (void)parse_accel_json(JsonSource::from_text(t, "a.json")); });
    const AccelConfig base;
    fuzz("--accel-set", "array_rows=64", n, [&](const std::string& t) { (void)apply_accel_overrides(base, {t}, "--accel-set"); });
}

TEST(InputFuzz, DramPresetAndOverrides) {
    testing::ScratchDir dir;
    const std::size_t n = testing::fuzz_count(400);
    fuzz("DRAM preset JSON", bundled("configs/dram/ddr4-2400.json"), n, [&](const std::string& t) {
        (void)dram::load_dram_config(dir.write("preset.json", t));
    });
    fuzz("--set", "timing.tRCD=18", n, [](const std::string& t) { (void)dram::load_dram_config("ddr4-2400", {t}); });
}

TEST(InputFuzz, SweepSpec) {
    testing::ScratchDir dir;
    fuzz("sweep spec", bundled("configs/sweeps/small_ddr4.json"), testing::fuzz_count(400), [&](const std::string& t) {
        const sweep::SweepSpec spec = sweep::parse_sweep_spec(dir.write("spec.json", t));
        const std::vector<sweep::SweepPoint> points = sweep::expand_points(spec, 0);
        sweep::ConfigBuilder builder(spec);
        builder.check_every_setting();
        for (std::size_t i = 0; i < points.size() && i < 8; ++i) (void)builder.build(points[i]);
    });
}

TEST(InputFuzz, TraceFormats) {
    const std::size_t n = testing::fuzz_count(200);
    for (const char* trace : {"0x0 R\n0x40 W\n0x1f40 R\n", "LD 0x40\nST 0x1000\nLD 0x80\n",
                              "0x40 READ 0\n0x1000 WRITE 12\n0x80 READ 20\n", "3 64\n1 8 4096\n2 128\n"})
        fuzz("trace", trace, n, [](const std::string& t) { (void)dram::parse_trace(t, "t.trace"); });
}

TEST(InputFuzz, ResultFilesForParetoAndResume) {
    testing::ScratchDir dir;
    const std::string csv =
        "config,config_hash,preset,latency_s,energy_j\n0,00000000000000aa,\"a,b\",1.5,2\n1,00000000000000bb,x,2,1\n";
    const std::string jsonl = "{\"id\": 1, \"ok\": true, \"objectives\": {\"latency_s\": 1, \"energy_j\": 2}}\n"
                              "{\"id\": 2, \"ok\": false, \"error\": \"x\"}\n";
    const std::size_t n = testing::fuzz_count(300);
    for (const auto& [name, valid] : {std::pair<std::string, std::string>{"r.csv", csv}, {"r.jsonl", jsonl}}) {
        fuzz("results " + name + " (pareto)", valid, n, [&](const std::string& t) {
            const explore::ResultTable table = explore::read_result_table(dir.write(name, t));
            (void)explore::pareto_front(table, explore::resolve_objectives(table, "latency,energy"));
        });
        fuzz("results " + name + " (--resume)", valid, n, [&](const std::string& t) {
            (void)sweep::read_result_file(dir.write(name, t), sweep::format_for_path(name));
        });
    }
}

TEST(InputFuzz, ServeRequestLines) {
    const std::string accel = (source_dir() / "configs/accel/edge_16x16_os.json").string();
    const std::string topology = R"({"name": "g", "layers": [{"name": "g", "type": "gemm", "m": 8, "n": 8, "k": 8}]})";
    const std::string line = R"({"id": "x", "accel": ")" + accel + R"(", "dram": "ddr4-2400", "dram_set": )"
                             R"({"org.channels": 2}, "topology": )" + topology + R"(, "batch": 1})";
    serve::ServeSettings settings;
    settings.backend = backend::BackendKind::kReference;
    settings.threads = 1;
    fuzz("serve line", line, testing::fuzz_count(150), [&](const std::string& t) {
        // serve answers every line, a bad one with "ok": false: it never throws.
        const std::vector<std::string> answers = serve::answer_requests({{t, 1}}, settings);
        ASSERT_EQ(answers.size(), 1u);
        EXPECT_TRUE(text::is_utf8(answers[0])) << answers[0];
    });
}

}  // namespace
}  // namespace dramsweep
