// The C++ generator against ../shared/reference/dram/gen_traces.py, line for line (when Python
// is installed), and the readers of the other trace formats.

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>

#include "dramsweep/common/text.hpp"
#include "dramsweep/dram/trace.hpp"

namespace dramsweep::dram {
namespace {

namespace fs = std::filesystem;

TEST(DramTraceGenerator, MatchesGenTracesPy) {
    if (std::system("python3 --version > /dev/null 2>&1") != 0) GTEST_SKIP() << "python3 not installed";
    const fs::path dir = fs::temp_directory_path() / ("dramsweep_gen_" + std::to_string(::getpid()));
    const std::string script = std::string(DRAMSWEEP_SHARED_DIR) + "/reference/dram/gen_traces.py";
    ASSERT_TRUE(fs::exists(script)) << script;
    constexpr std::size_t kCount = 100'000;
    const std::string command = "python3 " + script + " " + dir.string() + " " + std::to_string(kCount);
    ASSERT_EQ(std::system(command.c_str()), 0);
    for (const char* name : {"seq_read", "rand_read", "mix_2r1w"}) {
        const std::string python = text::read_file((dir / (std::string(name) + ".trace")).string());
        EXPECT_EQ(format_trace(generate_reference_trace(name, kCount)), python) << name;
    }
    fs::remove_all(dir);
}

TEST(DramTraceReader, ReadsEachFormat) {
    auto same = [](const std::vector<TraceRequest>& a, const std::vector<TraceRequest>& b) {
        if (a.size() != b.size()) return false;
        for (std::size_t i = 0; i < a.size(); ++i)
            if (a[i].addr != b[i].addr || a[i].is_write != b[i].is_write) return false;
        return true;
    };
    const std::vector<TraceRequest> expected = {{0x40, false}, {0x1000, true}};
    EXPECT_TRUE(same(parse_trace("0x40 R\n# comment\n\n0x1000 W\n", "t"), expected));
    EXPECT_TRUE(same(parse_trace("LD 0x40\nST 0x1000\n", "t"), expected));
    EXPECT_TRUE(same(parse_trace("0x40 READ 0\n0x1000 WRITE 12\n", "t"), expected));
    EXPECT_TRUE(same(parse_trace("3 64\n1 8 4096\n", "t"), (std::vector<TraceRequest>{{64, false}, {8, false}, {4096, true}})));
}

}  // namespace
}  // namespace dramsweep::dram
