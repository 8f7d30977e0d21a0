// Writing result rows as CSV or JSON Lines, and reading them back (results.hpp).

#include <filesystem>
#include <fstream>

#include "dramsweep/common/csv.hpp"
#include "dramsweep/common/input_error.hpp"
#include "dramsweep/common/json_text.hpp"
#include "dramsweep/common/text.hpp"
#include "dramsweep/sweep/results.hpp"

namespace dramsweep::sweep {
SweepOutput::SweepOutput(const std::string& out, Format format, bool resume) : out_(out), format_(format) {
    namespace fs = std::filesystem;
    check_output_path(out, "--out");
    const std::string partial = out + ".partial";
    std::error_code ec;
    if (resume && fs::exists(partial, ec)) {
        file_ = std::make_unique<LockedFile>(partial, LockedFile::Mode::kOpenExisting, "--resume");
        resumed_ = true;
    } else if (resume && fs::exists(out, ec)) {
        file_ = std::make_unique<LockedFile>(out, LockedFile::Mode::kOpenExisting, "--resume");
        resumed_ = true;
    } else {
        file_ = std::make_unique<LockedFile>(partial, LockedFile::Mode::kCreateNew, "--out");
        created_ = true;
    }
}

SweepOutput::~SweepOutput() {
    if (!created_ || completed_) return;
    // Failed before its first row (bad input found by the checks): leave nothing behind.
    std::ifstream in(file_->path(), std::ios::binary);
    std::size_t lines = 0;
    for (std::string line; std::getline(in, line);) ++lines;
    if (lines <= (format_ == Format::kCsv ? 1u : 0u)) file_->remove();
}

void SweepOutput::make_partial() {
    if (file_->path() != out_ + ".partial") file_->rename_to(out_ + ".partial");
}

void SweepOutput::complete() {
    file_->rename_to(out_);
    completed_ = true;
}

ResultWriter::ResultWriter(const std::string& path, Format format, std::vector<std::string> columns)
    : path_(path), format_(format), columns_(std::move(columns)), out_(path, std::ios::binary | std::ios::app) {
    if (!out_) throw InputError(path, 0, "--out", "cannot open for writing");
    out_.seekp(0, std::ios::end);
    if (format_ == Format::kCsv && out_.tellp() == 0) {
        for (std::size_t i = 0; i < columns_.size(); ++i) out_ << (i ? "," : "") << csv::escape(columns_[i]);
        out_ << '\n';
    }
}

void ResultWriter::write(const Row& row) {
    if (format_ == Format::kJsonl) {
        out_ << json_text(row) << '\n';
        return;
    }
    for (std::size_t i = 0; i < columns_.size(); ++i)
        out_ << (i ? "," : "") << csv::escape(cell_text(row.at(columns_[i])));
    out_ << '\n';
}

void ResultWriter::flush() {
    out_.flush();
    if (!out_) throw OutputError(path_ + ": write failed (disk full?)");
}

std::map<std::string, std::string> row_cells(const Row& row) {
    std::map<std::string, std::string> cells;
    for (auto it = row.begin(); it != row.end(); ++it) cells[it.key()] = cell_text(it.value());
    return cells;
}

ResultTable read_result_file(const std::string& path, Format format) {
    const std::string content = text::read_file(path, /*allow_empty=*/true);
    ResultTable table;
    if (format == Format::kCsv) {
        csv::RecordReader records(content);
        std::vector<std::string> cells;
        // A last record without its newline was cut off by an interruption: it is redone.
        while (records.next(cells) && records.complete()) {
            const std::size_t line_no = records.line();
            if (table.columns.empty() && line_no == 1) {
                table.columns = std::move(cells);
            } else {
                if (cells.size() != table.columns.size())
                    throw InputError(path, line_no, "", "expected " + std::to_string(table.columns.size()) +
                                                            " cells, found " + std::to_string(cells.size()));
                std::map<std::string, std::string> row;
                for (std::size_t i = 0; i < cells.size(); ++i) row[table.columns[i]] = cells[i];
                table.rows.push_back(std::move(row));
                table.row_lines.push_back(line_no);
            }
            table.complete_bytes = records.offset();
        }
        return table;
    }
    std::size_t start = 0;
    std::size_t line_no = 0;
    while (start < content.size()) {
        const std::size_t end = content.find('\n', start);
        if (end == std::string::npos) break;  // an interrupted write: the row is redone
        const std::string line = content.substr(start, end - start);
        ++line_no;
        nlohmann::ordered_json j;
        try {
            j = nlohmann::ordered_json::parse(line);
        } catch (const nlohmann::json::exception& e) {
            throw InputError(path, line_no, "", std::string("not a JSON object: ") + e.what());
        }
        if (!j.is_object()) throw InputError(path, line_no, "", "not a JSON object");
        std::vector<std::string> columns;
        std::map<std::string, std::string> row;
        for (auto it = j.begin(); it != j.end(); ++it) {
            columns.push_back(it.key());
            row[it.key()] = cell_text(it.value());
        }
        if (table.columns.empty()) table.columns = columns;
        else if (columns != table.columns) throw InputError(path, line_no, "", "its keys differ from line 1");
        table.rows.push_back(std::move(row));
        table.row_lines.push_back(line_no);
        start = end + 1;
        table.complete_bytes = start;
    }
    return table;
}

}  // namespace dramsweep::sweep
