// Reading a results file for `pareto`: every file `sweep` and `serve` write. CSV as RFC 4180
// quotes it (the sweep's writer, common/csv.hpp), or JSON Lines with nested objects flattened;
// answers of `serve` that failed ("ok": false) hold no results and are skipped, and counted.

#include <algorithm>

#include "dramsweep/common/csv.hpp"
#include "dramsweep/common/input_error.hpp"
#include "dramsweep/common/json_source.hpp"
#include "dramsweep/common/json_text.hpp"
#include "dramsweep/common/text.hpp"
#include "dramsweep/explore/pareto.hpp"

namespace dramsweep::explore {
namespace {

void flatten(const Json& value, const std::string& prefix, std::vector<std::pair<std::string, std::string>>& out) {
    if (value.is_object()) {
        for (const auto& item : value.items()) flatten(item.value(), prefix.empty() ? item.key() : prefix + "." + item.key(), out);
    } else if (value.is_string()) {
        out.emplace_back(prefix, value.get<std::string>());
    } else {
        out.emplace_back(prefix, json_text(value));
    }
}

// A row that reports a failure rather than results: serve's {"ok": false, "error": ...}.
bool is_failed_answer(const ResultTable& table, const std::vector<std::string>& row) {
    const auto ok = std::find(table.columns.begin(), table.columns.end(), "ok");
    return ok != table.columns.end() && row[static_cast<std::size_t>(ok - table.columns.begin())] == "false";
}

void add_row(ResultTable& table, std::vector<std::string> row, std::size_t line) {
    if (is_failed_answer(table, row)) {
        ++table.skipped_failures;
        return;
    }
    table.rows.push_back(std::move(row));
    table.lines.push_back(line);
}

ResultTable read_jsonl(const std::string& content, const std::string& origin) {
    ResultTable table;
    table.origin = origin;
    for (const auto& [line_number, line] : text::numbered_lines(content)) {
        if (line.empty()) continue;
        const JsonSource source = JsonSource::from_text(line, origin + ":" + std::to_string(line_number));
        if (!source.root().is_object()) source.fail(JsonPointer(), "expected one JSON object per line");
        std::vector<std::pair<std::string, std::string>> cells;
        flatten(source.root(), "", cells);
        std::vector<std::string> row(table.columns.size());
        for (const auto& [key, value] : cells) {
            auto it = std::find(table.columns.begin(), table.columns.end(), key);
            if (it == table.columns.end()) {
                table.columns.push_back(key);
                for (auto& r : table.rows) r.emplace_back();
                row.emplace_back();
                it = table.columns.end() - 1;
            }
            row[static_cast<std::size_t>(it - table.columns.begin())] = value;
        }
        add_row(table, std::move(row), line_number);
    }
    return table;
}

ResultTable read_csv(const std::string& content, const std::string& origin) {
    ResultTable table;
    table.origin = origin;
    csv::RecordReader records(content);
    std::vector<std::string> cells;
    while (records.next(cells)) {
        if (records.open_quote()) throw InputError(origin, records.line(), "", "a quoted cell is not closed");
        for (std::string& cell : cells) cell = std::string(text::trim(cell));
        if (cells.size() == 1 && cells[0].empty()) continue;  // a blank line
        if (table.columns.empty()) {
            table.columns = cells;
            continue;
        }
        if (cells.size() != table.columns.size()) {
            throw InputError(origin, records.line(), "row", "expected " + std::to_string(table.columns.size()) +
                                                               " cells as in the header, got " +
                                                               std::to_string(cells.size()));
        }
        add_row(table, std::move(cells), records.line());
    }
    return table;
}

}  // namespace

ResultTable read_result_table(const std::string& path) {
    const std::string content = text::read_file(path);
    const std::string_view trimmed = text::trim(content);
    ResultTable table = trimmed.starts_with("{") ? read_jsonl(content, path) : read_csv(content, path);
    if (table.rows.empty())
        throw InputError(path, 0, "", table.skipped_failures > 0 ? "every line is a failed answer (\"ok\": false)"
                                                                 : "no results in the file");
    return table;
}

}  // namespace dramsweep::explore
