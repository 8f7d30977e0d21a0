// Writing result rows as CSV or JSON Lines, and reading them back (results.hpp).

#include <sstream>

#include "dramsweep/common/input_error.hpp"
#include "dramsweep/common/text.hpp"
#include "dramsweep/sweep/results.hpp"

namespace dramsweep::sweep {
namespace {

std::string csv_escape(const std::string& cell) {
    if (cell.find_first_of(",\"\n\r") == std::string::npos) return cell;
    std::string out = "\"";
    for (const char c : cell) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

// One CSV record (RFC 4180 quoting; our cells never hold newlines).
std::vector<std::string> csv_split(const std::string& line, const std::string& file, std::size_t line_no) {
    std::vector<std::string> cells(1);
    bool quoted = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (quoted) {
            if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
                cells.back() += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                cells.back() += c;
            }
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            cells.emplace_back();
        } else {
            cells.back() += c;
        }
    }
    if (quoted) throw InputError(file, line_no, "", "unterminated quoted cell");
    return cells;
}

}  // namespace

ResultWriter::ResultWriter(const std::string& path, Format format, std::vector<std::string> columns)
    : path_(path), format_(format), columns_(std::move(columns)), out_(path, std::ios::binary | std::ios::app) {
    if (!out_) throw InputError(path, 0, "--out", "cannot open for writing");
    out_.seekp(0, std::ios::end);
    if (format_ == Format::kCsv && out_.tellp() == 0) {
        for (std::size_t i = 0; i < columns_.size(); ++i) out_ << (i ? "," : "") << csv_escape(columns_[i]);
        out_ << '\n';
    }
}

void ResultWriter::write(const Row& row) {
    if (format_ == Format::kJsonl) {
        out_ << row.dump() << '\n';
        return;
    }
    for (std::size_t i = 0; i < columns_.size(); ++i)
        out_ << (i ? "," : "") << csv_escape(cell_text(row.at(columns_[i])));
    out_ << '\n';
}

void ResultWriter::flush() {
    out_.flush();
    if (!out_) throw InputError(path_, 0, "--out", "write failed (disk full?)");
}

std::map<std::string, std::string> row_cells(const Row& row) {
    std::map<std::string, std::string> cells;
    for (auto it = row.begin(); it != row.end(); ++it) cells[it.key()] = cell_text(it.value());
    return cells;
}

ResultTable read_result_file(const std::string& path, Format format) {
    const std::string content = text::read_file(path);
    ResultTable table;
    std::size_t start = 0;
    std::size_t line_no = 0;
    while (start < content.size()) {
        const std::size_t end = content.find('\n', start);
        if (end == std::string::npos) break;  // an interrupted write: the row is redone
        const std::string line = content.substr(start, end - start);
        ++line_no;
        if (format == Format::kCsv) {
            std::vector<std::string> cells = csv_split(line, path, line_no);
            if (line_no == 1) {
                table.columns = std::move(cells);
            } else {
                if (cells.size() != table.columns.size())
                    throw InputError(path, line_no, "", "expected " + std::to_string(table.columns.size()) +
                                                            " cells, found " + std::to_string(cells.size()));
                std::map<std::string, std::string> row;
                for (std::size_t i = 0; i < cells.size(); ++i) row[table.columns[i]] = cells[i];
                table.rows.push_back(std::move(row));
            }
        } else {
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
        }
        start = end + 1;
        table.complete_bytes = start;
    }
    return table;
}

}  // namespace dramsweep::sweep
