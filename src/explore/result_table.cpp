#include <algorithm>
#include <fstream>

#include "dramsweep/common/input_error.hpp"
#include "dramsweep/common/json_source.hpp"
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
        out.emplace_back(prefix, value.dump());
    }
}

ResultTable read_jsonl(const std::string& content, const std::string& origin) {
    ResultTable table;
    table.origin = origin;
    for (const auto& [line_number, line] : text::numbered_lines(content)) {
        if (line.empty()) continue;
        const JsonSource source = JsonSource::from_text(line, origin + ":" + std::to_string(line_number));
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
        table.rows.push_back(std::move(row));
        table.lines.push_back(line_number);
    }
    return table;
}

ResultTable read_csv(const std::string& content, const std::string& origin) {
    ResultTable table;
    table.origin = origin;
    for (const auto& [line_number, line] : text::numbered_lines(content)) {
        if (line.empty()) continue;
        std::vector<std::string> cells = text::split(line, ',');
        if (table.columns.empty()) {
            table.columns = cells;
            continue;
        }
        if (cells.size() != table.columns.size()) {
            throw InputError(origin, line_number, "row", "expected " + std::to_string(table.columns.size()) +
                                                            " cells as in the header, got " + std::to_string(cells.size()));
        }
        table.rows.push_back(std::move(cells));
        table.lines.push_back(line_number);
    }
    return table;
}

}  // namespace

ResultTable read_result_table(const std::string& path) {
    const std::string content = text::read_file(path);
    const std::string_view trimmed = text::trim(content);
    ResultTable table = trimmed.starts_with("{") ? read_jsonl(content, path) : read_csv(content, path);
    if (table.rows.empty()) throw InputError(path, 0, "", "no results in the file");
    return table;
}

}  // namespace dramsweep::explore
