// Merging the files of a sweep's shards (merge.hpp).

#include "dramsweep/sweep/merge.hpp"

#include <algorithm>
#include <filesystem>
#include <map>
#include <optional>

#include "dramsweep/common/input_error.hpp"
#include "dramsweep/common/text.hpp"
#include "dramsweep/sweep/results.hpp"
#include "dramsweep/sweep/runner.hpp"
#include "dramsweep/sweep/shard.hpp"

namespace dramsweep::sweep {
namespace {

namespace fs = std::filesystem;

// Where a configuration's row was found, for the message about a duplicate.
struct Found {
    std::string file;
    std::size_t line = 0;
};

bool ends_with(const std::string& text, const std::string& suffix) {
    return text.size() >= suffix.size() &&
           text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// The complete lines of a JSON Lines file, as read_result_file counts them.
std::vector<std::string> complete_lines(const std::string& path) {
    const std::string content = text::read_file(path);
    std::vector<std::string> lines;
    for (std::size_t start = 0, end; (end = content.find('\n', start)) != std::string::npos; start = end + 1)
        lines.push_back(content.substr(start, end - start));
    return lines;
}

std::string first_of(const std::vector<std::size_t>& configs, std::size_t n) {
    std::string text;
    for (std::size_t k = 0; k < std::min(n, configs.size()); ++k)
        text += (k ? ", " : "") + std::to_string(configs[k]);
    if (configs.size() > n) text += ", ...";
    return text;
}

}  // namespace

MergeReport merge_shards(const std::vector<std::string>& inputs, const std::string& out) {
    if (inputs.empty()) throw InputError("<command line>", 0, "shards", "no shard files given");
    const Format format = format_for_path(out);
    std::vector<std::string> columns;  // of the shards, the shard columns last
    std::string first_file;
    std::optional<std::string> hash;
    std::size_t configs = 0;
    std::map<std::size_t, Found> found;
    std::map<std::size_t, Row> rows;
    const std::vector<std::string> shard_keys = shard_columns();

    for (const std::string& path : inputs) {
        if (ends_with(path, ".partial"))
            throw InputError(path, 0, "",
                             "an unfinished shard: finish it with `dramsweep sweep ... --resume` first");
        if (!fs::exists(path)) throw InputError(path, 0, "", "no such file");
        if (format_for_path(path) != format)
            throw InputError(path, 0, "--out",
                             "the shards and the merged file must have the same format (.csv or .jsonl)");
        const ResultTable table = read_result_file(path, format);
        const std::size_t first_line = format == Format::kCsv ? 2 : 1;
        if (table.columns.empty() && table.rows.empty()) continue;  // an empty JSON Lines shard
        if (table.columns.size() < shard_keys.size() ||
            !std::equal(shard_keys.begin(), shard_keys.end(), table.columns.end() - 2))
            throw InputError(
                path, 1, kSpecHashColumn,
                "not a shard's output (no spec_hash, spec_configs columns): run the sweep with --shard I/N");
        if (columns.empty()) {
            columns = table.columns;
            first_file = path;
        } else if (table.columns != columns) {
            throw InputError(path, 1, "",
                             "its columns differ from " + first_file + "'s: it belongs to another sweep");
        }
        const std::vector<std::string> lines =
            format == Format::kJsonl ? complete_lines(path) : std::vector<std::string>{};
        for (std::size_t r = 0; r < table.rows.size(); ++r) {
            const auto& cells = table.rows[r];
            const std::size_t line = first_line + r;
            if (!hash) {
                hash = cells.at(kSpecHashColumn);
                configs = static_cast<std::size_t>(
                    text::parse_int(cells.at(kSpecConfigsColumn), {path, line}, kSpecConfigsColumn));
            }
            if (cells.at(kSpecHashColumn) != *hash || cells.at(kSpecConfigsColumn) != std::to_string(configs))
                throw InputError(path, line, kSpecHashColumn,
                                 "written by another spec (spec " + cells.at(kSpecHashColumn) + " with " +
                                     cells.at(kSpecConfigsColumn) + " configurations; " + first_file +
                                     " has spec " + *hash + " with " + std::to_string(configs) + ")");
            const std::int64_t config = text::parse_int(cells.at("config"), {path, line}, "config");
            if (config < 0 || static_cast<std::size_t>(config) >= configs)
                throw InputError(path, line, "config",
                                 "configuration " + cells.at("config") + " is not in the spec (" +
                                     std::to_string(configs) + " configurations)");
            const auto index = static_cast<std::size_t>(config);
            if (const auto it = found.find(index); it != found.end())
                throw InputError(path, line, "config",
                                 "configuration " + cells.at("config") + " appears twice (also " +
                                     it->second.file + " line " + std::to_string(it->second.line) +
                                     "): the same shard given twice, or shards of different counts");
            found[index] = {path, line};
            Row row;
            if (format == Format::kJsonl) {
                row = Row::parse(lines[r]);
                for (const std::string& column : shard_keys) row.erase(column);
            } else {
                for (std::size_t c = 0; c + 2 < columns.size(); ++c) row[columns[c]] = cells.at(columns[c]);
            }
            rows.emplace(index, std::move(row));
        }
    }
    if (!hash) throw InputError(inputs.front(), 0, "", "no rows in any shard");
    if (rows.size() != configs) {
        std::vector<std::size_t> missing;
        for (std::size_t i = 0; i < configs; ++i)
            if (!rows.count(i)) missing.push_back(i);
        throw InputError(inputs.front(), 0, "config",
                         std::to_string(missing.size()) + " of " + std::to_string(configs) +
                             " configurations are in none of the " + std::to_string(inputs.size()) +
                             " shard files (a shard missing or unfinished): " + first_of(missing, 10));
    }

    const std::string partial = partial_path(out);
    fs::remove(partial);
    {
        ResultWriter writer(partial, format, {columns.begin(), columns.end() - 2});
        for (const auto& [index, row] : rows) writer.write(row);
        writer.flush();
    }
    fs::rename(partial, out);
    return {inputs.size(), rows.size()};
}

}  // namespace dramsweep::sweep
