// Sweeps past one process: shards (--shard I/N) joined by `dramsweep merge`, and mpirun with
// rank 0 handing out batches. Each must give the rows of a one-process run, refuse what does not
// add up, and lose no more than the batches in flight when a process is killed.

#include <gtest/gtest.h>

#include <filesystem>

#include "dramsweep/common/text.hpp"
#include "dramsweep/sweep/results.hpp"
#include "support/test_support.hpp"

namespace dramsweep::sweep {
namespace {

namespace fs = std::filesystem;
using dramsweep::testing::run_shell;
using dramsweep::testing::run_dramsweep;
using dramsweep::testing::ScratchDir;
using dramsweep::testing::source_dir;

using RowsByConfig = std::map<std::string, std::map<std::string, std::string>>;

// 16 request-stream configurations; `requests` sets how long each one takes.
std::string trace_spec(int channels_top = 2, int requests = 2000) {
    return R"({"name": "scale",
  "workload": {"generate": "rand_read", "requests": )" +
           std::to_string(requests) + R"(},
  "base": "ddr4-3200",
  "axes": [{"key": "org.channels", "values": [1, )" +
           std::to_string(channels_top) + R"(]},
           {"key": "org.ranks", "values": [1, 2]},
           {"key": "controller.page_policy", "values": ["open", "closed"]},
           {"key": "controller.scheduler", "values": ["fcfs", "frfcfs"]}]})";
}

// 8 closed-loop configurations: rows come in accelerator order, not in configuration order.
std::string network_spec() {
    const auto config = [](const std::string& relative) {
        return (source_dir() / "configs" / relative).string();
    };
    return R"({"name": "net",
  "workload": {"network": ")" +
           config("topologies/tiny_mixed.json") + R"(",
               "accel": ")" +
           config("accel/scalesim_32x32_os.cfg") + R"("},
  "base": {"preset": "ddr4-3200", "set": {"accel.ofmap_sram_kb": 8}},
  "axes": [{"key": "org.channels", "values": [1, 2]},
           {"keys": ["accel.array_rows", "accel.array_cols", "accel.dataflow"],
            "values": [[8, 8, "os"], [16, 16, "ws"]]},
           {"key": "controller.page_policy", "values": ["open", "closed"]}]})";
}

RowsByConfig rows_by_config(const std::string& path) {
    RowsByConfig rows;
    for (auto& row : read_result_file(path, format_for_path(path)).rows) rows[row.at("config")] = row;
    return rows;
}

std::vector<std::string> columns_of(const std::string& path) {
    return read_result_file(path, format_for_path(path)).columns;
}

std::string sweep_args(const std::string& spec, const fs::path& out, const std::string& extra = "") {
    return "sweep " + spec + " --backend reference --threads 1 --quiet --out " + out.string() + " " + extra;
}

// The one-process run everything else is compared with.
std::string one_process(const ScratchDir& dir, const std::string& spec, const std::string& name) {
    const fs::path out = dir.path() / name;
    const auto r = run_dramsweep(sweep_args(spec, out));
    EXPECT_EQ(r.exit_code, 0) << r.output;
    return out.string();
}

void expect_same_rows(const std::string& expected, const std::string& actual) {
    EXPECT_EQ(columns_of(actual), columns_of(expected));
    const RowsByConfig want = rows_by_config(expected);
    const RowsByConfig got = rows_by_config(actual);
    ASSERT_EQ(got.size(), want.size());
    EXPECT_EQ(got, want);
}

// Runs the shards, each to SHARD_I.EXT, and returns their paths.
std::vector<std::string> run_shards(const ScratchDir& dir, const std::string& spec, int count,
                                    const std::string& ext) {
    std::vector<std::string> paths;
    for (int i = 0; i < count; ++i) {
        const fs::path out = dir.path() / ("shard_" + std::to_string(i) + ext);
        const auto r = run_dramsweep(
            sweep_args(spec, out, "--shard " + std::to_string(i) + "/" + std::to_string(count)));
        EXPECT_EQ(r.exit_code, 0) << r.output;
        paths.push_back(out.string());
    }
    return paths;
}

std::string joined(const std::vector<std::string>& paths) {
    std::string text;
    for (const std::string& p : paths) text += p + " ";
    return text;
}

TEST(ScaleOut, ShardsMergedEqualOneProcessCsv) {
    ScratchDir dir;
    const std::string spec = dir.write("scale.json", trace_spec());
    const std::string whole = one_process(dir, spec, "whole.csv");
    const auto shards = run_shards(dir, spec, 3, ".csv");
    // Round robin: shard 1 of 3 holds configurations 1, 4, 7, ...
    const RowsByConfig middle = rows_by_config(shards[1]);
    ASSERT_EQ(middle.size(), 5u);
    EXPECT_EQ(middle.begin()->first, "1");
    EXPECT_EQ(middle.at("1").at("spec_configs"), "16");
    const fs::path merged = dir.path() / "merged.csv";
    const auto r = run_dramsweep("merge " + joined(shards) + "--out " + merged.string());
    ASSERT_EQ(r.exit_code, 0) << r.output;
    EXPECT_NE(r.output.find("16 configurations from 3 shard files"), std::string::npos) << r.output;
    // The trace mode writes in configuration order, so the files are the same to the byte.
    EXPECT_EQ(text::read_file(merged.string()), text::read_file(whole));
}

TEST(ScaleOut, ShardsMergedEqualOneProcessJsonLinesOnANetwork) {
    ScratchDir dir;
    const std::string spec = dir.write("net.json", network_spec());
    const std::string whole = one_process(dir, spec, "whole.jsonl");
    const auto shards = run_shards(dir, spec, 2, ".jsonl");
    const fs::path merged = dir.path() / "merged.jsonl";
    const auto r = run_dramsweep("merge " + joined(shards) + "--out " + merged.string());
    ASSERT_EQ(r.exit_code, 0) << r.output;
    expect_same_rows(whole, merged.string());
}

void expect_merge_refused(const std::vector<std::string>& shards, const std::vector<std::string>& parts,
                          const fs::path& merged) {
    const auto r = run_dramsweep("merge " + joined(shards) + "--out " + merged.string());
    EXPECT_EQ(r.exit_code, 2) << r.output;
    for (const std::string& part : parts)
        EXPECT_NE(r.output.find(part), std::string::npos) << part << "\n" << r.output;
    EXPECT_FALSE(fs::exists(merged)) << "a refused merge must leave no output";
    EXPECT_FALSE(fs::exists(merged.string() + ".partial"));
}

TEST(ScaleOut, MergeRefusesAMissingADuplicateAndAForeignShard) {
    ScratchDir dir;
    const std::string spec = dir.write("scale.json", trace_spec());
    const auto shards = run_shards(dir, spec, 3, ".csv");
    const fs::path merged = dir.path() / "merged.csv";
    expect_merge_refused({shards[0], shards[2]},
                         {shards[0], "5 of 16 configurations are in none", ": 1, 4, 7, 10, 13"}, merged);
    expect_merge_refused({shards[0], shards[1], shards[2], shards[1]},
                         {shards[1] + ":2: field 'config'", "configuration 1 appears twice", "line 2"},
                         merged);

    // The same shard of a spec that differs in one value: same columns, another spec hash.
    ScratchDir other;
    const auto foreign = run_shards(other, other.write("scale.json", trace_spec(4)), 3, ".csv");
    expect_merge_refused({shards[0], foreign[1], shards[2]},
                         {foreign[1] + ":2: field 'spec_hash'", "another spec"}, merged);
    // A one-process result carries no spec hash.
    const std::string whole = one_process(dir, spec, "whole.csv");
    expect_merge_refused({whole}, {whole + ":1: field 'spec_hash'", "not a shard's output"}, merged);
    expect_merge_refused({shards[0] + ".partial"}, {"an unfinished shard"}, merged);
}

TEST(ScaleOut, ShardRefusesBadSpecificationsAndTheFileOfAnotherShard) {
    ScratchDir dir;
    const std::string spec = dir.write("scale.json", trace_spec());
    for (const std::string bad : {"3/3", "1", "-1/2", "a/b", "0/0"}) {
        const auto r = run_dramsweep(sweep_args(spec, dir.path() / "s.csv", "--shard " + bad));
        EXPECT_EQ(r.exit_code, 2) << bad << r.output;
        EXPECT_NE(r.output.find("field '--shard'"), std::string::npos) << r.output;
    }
    const fs::path out = dir.path() / "s.csv";
    ASSERT_EQ(run_dramsweep(sweep_args(spec, out, "--shard 0/2 --stop-after 3")).exit_code, 0);
    const auto r = run_dramsweep(sweep_args(spec, out, "--shard 1/2 --resume"));
    EXPECT_EQ(r.exit_code, 2) << r.output;
    EXPECT_NE(r.output.find("is not in shard 1/2"), std::string::npos) << r.output;
}

// Starts `command` in the background, waits until OUT.partial holds more than `rows` rows, kills
// the process whose environment has `marker` (the command itself when empty) with SIGKILL, and
// returns whether it was still running then (the test means nothing otherwise).
bool kill_midway(const ScratchDir& dir, const std::string& command, const fs::path& out, int rows,
                 const std::string& marker) {
    const std::string partial = out.string() + ".partial";
    const std::string victim =
        marker.empty() ? "$pid"
                       : "$(for p in $(pgrep -P $pid); do tr '\\0' '\\n' < /proc/$p/environ | grep -qx '" +
                             marker + "' && echo $p; done)";
    const std::string script = dir.write(
        "kill_midway.sh", command + " > /dev/null 2>&1 &\npid=$!\nfor i in $(seq 1 3000); do\n  [ -f " +
                              partial + " ] && [ $(wc -l < " + partial + ") -gt " + std::to_string(rows) +
                              " ] && break\n  sleep 0.01\ndone\nv=" + victim +
                              "\n[ -n \"$v\" ] && kill -9 $v && echo killed\nwait $pid\ntrue\n");
    const auto r = run_shell("bash " + script);
    return r.output.find("killed") != std::string::npos && fs::exists(partial) && !fs::exists(out);
}

TEST(ScaleOut, AShardKilledMidwayIsFinishedByResume) {
    ScratchDir dir;
    const std::string spec = dir.write("scale.json", trace_spec(2, 20000));
    const std::string whole = one_process(dir, spec, "whole.csv");
    const fs::path out = dir.path() / "shard_0.csv";
    const std::string shard_args = sweep_args(spec, out, "--shard 0/2 --batch-size 1");
    ASSERT_TRUE(kill_midway(dir, std::string(DRAMSWEEP_BINARY) + " " + shard_args, out, 2, ""));
    const auto done_before = read_result_file(out.string() + ".partial", Format::kCsv).rows.size();
    EXPECT_GE(done_before, 2u);
    EXPECT_LT(done_before, 8u);
    const auto r = run_dramsweep(shard_args + " --resume");
    ASSERT_EQ(r.exit_code, 0) << r.output;
    EXPECT_NE(r.output.find(std::to_string(done_before) + " already done"), std::string::npos) << r.output;
    const auto other = run_shards(dir, spec, 2, ".csv")[1];
    const fs::path merged = dir.path() / "merged.csv";
    ASSERT_EQ(run_dramsweep("merge " + out.string() + " " + other + " --out " + merged.string()).exit_code,
              0);
    EXPECT_EQ(text::read_file(merged.string()), text::read_file(whole));
}

#ifdef DRAMSWEEP_MPIEXEC
std::string mpirun(int ranks) {
    return std::string(DRAMSWEEP_MPIEXEC) + " --oversubscribe --allow-run-as-root -n " +
           std::to_string(ranks) + " " + DRAMSWEEP_BINARY + " ";
}

TEST(ScaleOut, MpiTwoAndFourRanksEqualOneProcess) {
    ScratchDir dir;
    for (const auto& [name, text, ext] :
         {std::tuple{"scale.json", trace_spec(), ".csv"}, std::tuple{"net.json", network_spec(), ".jsonl"}}) {
        const std::string spec = dir.write(name, text);
        const std::string whole = one_process(dir, spec, std::string("whole") + ext);
        for (const int ranks : {2, 4}) {
            const fs::path out = dir.path() / ("mpi_" + std::to_string(ranks) + ext);
            const auto r = run_shell(mpirun(ranks) + sweep_args(spec, out));
            ASSERT_EQ(r.exit_code, 0) << r.output;
            EXPECT_NE(r.output.find("MPI: " + std::to_string(ranks - 1) + " worker ranks"), std::string::npos)
                << r.output;
            // Every worker says where it computed (the host here: the spec asks for it).
            EXPECT_NE(r.output.find("MPI workers: rank 1 on host"), std::string::npos) << r.output;
            EXPECT_NE(r.output.find("rank " + std::to_string(ranks - 1) + " on host"), std::string::npos)
                << r.output;
            expect_same_rows(whole, out.string());
        }
    }
}

TEST(ScaleOut, MpiRefusesShards) {
    ScratchDir dir;
    const std::string spec = dir.write("scale.json", trace_spec());
    const auto r = run_shell(mpirun(2) + sweep_args(spec, dir.path() / "o.csv", "--shard 0/2"));
    EXPECT_NE(r.exit_code, 0) << r.output;
    EXPECT_NE(r.output.find("field '--shard'"), std::string::npos) << r.output;
    EXPECT_FALSE(fs::exists(dir.path() / "o.csv"));
}

TEST(ScaleOut, AKilledRankLosesOnlyItsBatchAndResumeFinishes) {
    ScratchDir dir;
    const std::string spec = dir.write("scale.json", trace_spec(2, 20000));
    const std::string whole = one_process(dir, spec, "whole.csv");
    const fs::path out = dir.path() / "mpi.csv";
    const std::string args = sweep_args(spec, out, "--batch-size 1");
    ASSERT_TRUE(kill_midway(dir, mpirun(3) + args, out, 3, "OMPI_COMM_WORLD_RANK=1"));
    const auto done_before = read_result_file(out.string() + ".partial", Format::kCsv).rows.size();
    EXPECT_GE(done_before, 3u);
    EXPECT_LT(done_before, 16u);
    const auto r = run_shell(mpirun(2) + args + " --resume");
    ASSERT_EQ(r.exit_code, 0) << r.output;
    EXPECT_NE(r.output.find(std::to_string(16 - done_before) + " configurations on"), std::string::npos)
        << r.output;
    expect_same_rows(whole, out.string());
}
#endif

}  // namespace
}  // namespace dramsweep::sweep
