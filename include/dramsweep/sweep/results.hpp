#pragma once
// Result rows of a sweep, one per configuration: its key ("config", "config_hash"), its
// parameters, and every statistic of the trace mode (request streams) or the network totals of
// the closed loop (network workloads). Written as CSV or JSON Lines with the same
// columns and the same text for every value, and read back (for --resume and --validate).

#include <cstdint>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include <memory>

#include <nlohmann/json.hpp>

#include "dramsweep/common/output_file.hpp"

#include "dramsweep/coupled/network_run.hpp"
#include "dramsweep/dram/config.hpp"
#include "dramsweep/results/run_summary.hpp"
#include "dramsweep/sweep/points.hpp"

namespace dramsweep::sweep {

using Row = nlohmann::ordered_json;  // one flat object: column -> value

enum class Format { kCsv, kJsonl };
// .csv -> CSV; .jsonl, .ndjson -> JSON Lines; anything else throws InputError (--out).
Format format_for_path(const std::string& path);

// The statistic columns, in order (after "config", "config_hash" and the parameters).
std::vector<std::string> statistic_columns();
// The statistic columns of a network sweep, in order.
std::vector<std::string> network_statistic_columns();
// Every column of a sweep's rows (trace statistics), or with the given statistic columns.
std::vector<std::string> all_columns(const std::vector<std::string>& parameter_columns);
std::vector<std::string> all_columns(const std::vector<std::string>& parameter_columns,
                                     const std::vector<std::string>& statistics);

// "config", "config_hash" and the parameters (the spec's value, or "" where the configuration
// leaves the key at its base value): the start of every row.
Row row_key_and_parameters(const SweepSpec& spec, const SweepPoint& point,
                           const std::vector<std::string>& parameter_columns);

Row make_row(const SweepSpec& spec, const SweepPoint& point, const std::vector<std::string>& parameter_columns,
             const dram::DramConfig& config, const results::RunSummary& summary);

// A network configuration's row: the totals of coupled::network_result, which derives them.
Row make_network_row(const SweepSpec& spec, const SweepPoint& point, const std::vector<std::string>& parameter_columns,
                     const coupled::NetworkRunResult& result);
// The statistic columns of such a row alone (network_statistic_columns(), in order).
Row network_statistics(const coupled::NetworkRunResult& result);

// The text of a cell: strings as they are, numbers and booleans as JSON writes them (shortest
// form that reads back exactly). CSV cells and JSON Lines values read back to the same text.
std::string cell_text(const nlohmann::ordered_json& value);
// Every value of a row as its cell text, as read_result_file gives a row back.
std::map<std::string, std::string> row_cells(const Row& row);

// Appends rows to a result file. The header (CSV) is written when the file is empty.
class ResultWriter {
public:
    ResultWriter(const std::string& path, Format format, std::vector<std::string> columns);
    void write(const Row& row);
    void flush();  // after each batch: what is flushed survives an interruption

private:
    std::string path_;
    Format format_;
    std::vector<std::string> columns_;
    std::ofstream out_;
};

// The output of one sweep run, claimed when the run starts and held (an exclusive lock) until it
// ends, so that a second process writing the same output is refused at once (exit 2) instead of
// interleaving rows. Rows go to OUT.partial, renamed to OUT by complete(). Without --resume,
// OUT.partial must not exist (a leftover is resumed or deleted, never overwritten); with it,
// the rows to continue from are OUT.partial's, else a finished OUT's, else none. A run that fails
// before its first row leaves no file it created.
class SweepOutput {
public:
    SweepOutput(const std::string& out, Format format, bool resume);
    ~SweepOutput();

    bool resumed() const { return resumed_; }  // path() holds rows of an earlier run
    const std::string& path() const { return file_->path(); }
    void make_partial();  // a finished OUT being resumed becomes OUT.partial again
    void complete();      // renames OUT.partial to OUT

private:
    std::string out_;
    Format format_;
    std::unique_ptr<LockedFile> file_;
    bool created_ = false;
    bool resumed_ = false;
    bool completed_ = false;
};

// A result file read back: its columns and rows as cell text. A last line without its newline
// (an interrupted write) is left out; `complete_bytes` is where the complete lines end.
struct ResultTable {
    std::vector<std::string> columns;
    std::vector<std::map<std::string, std::string>> rows;
    std::vector<std::size_t> row_lines;  // the line each row starts on
    std::uint64_t complete_bytes = 0;
};
ResultTable read_result_file(const std::string& path, Format format);

}  // namespace dramsweep::sweep
