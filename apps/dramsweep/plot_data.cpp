#include "plot_data.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <map>

#include "dramsweep/common/input_error.hpp"
#include "dramsweep/common/text.hpp"
#include "dramsweep/explore/pareto.hpp"

namespace dramsweep::cli {
namespace {

using Json = nlohmann::ordered_json;
constexpr std::size_t kMostColourSeries = 12;  // more distinct numbers: one series on a colour scale

// A column by name or pareto alias; errors name the option it came from.
std::size_t column_of(const explore::ResultTable& table, const std::string& key, const std::string& option) {
    try {
        return explore::resolve_objectives(table, key).front().column;
    } catch (const InputError&) {
        throw InputError(table.origin, 0, option, "no column '" + key + "' in the file");
    }
}

bool is_number(const std::string& cell, double& value) {
    const std::string_view t = text::trim(cell);
    const auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), value);
    return !t.empty() && ec == std::errc() && end == t.data() + t.size() && std::isfinite(value);
}

struct Point {
    std::size_t row;
    std::string x;
    double y;
    std::string series;
};

Json panel(const PlotRequest& req, const std::string& path, std::size_t index) {
    const explore::ResultTable table = explore::read_result_table(path);
    const bool pareto = !req.pareto.empty();
    std::vector<explore::Objective> objectives;
    std::size_t xc = 0, yc = 0;
    if (pareto) {
        objectives = explore::resolve_objectives(table, req.pareto);
        if (objectives.size() != 2)
            throw InputError("command line", 0, "--pareto",
                             "expected two objectives to plot, got '" + req.pareto + "'");
        xc = objectives[0].column;
        yc = objectives[1].column;
    } else {
        xc = column_of(table, req.x, "--x");
        yc = column_of(table, req.y, "--y");
    }
    std::vector<std::size_t> colour;
    for (const std::string& key : req.color) colour.push_back(column_of(table, key, "--color"));
    std::vector<std::pair<std::size_t, std::string>> filters;
    for (const std::string& w : req.where) {
        const auto eq = w.find('=');
        if (eq == std::string::npos)
            throw InputError("command line", 0, "--where", "expected KEY=VALUE, got '" + w + "'");
        filters.emplace_back(column_of(table, w.substr(0, eq), "--where"), w.substr(eq + 1));
    }

    // The rows to draw, as numbers where they must be.
    std::vector<Point> points;
    std::size_t skipped = table.skipped_failures;  // serve's failed answers: read, but nothing to plot
    bool x_numeric = !req.categorical;
    for (std::size_t r = 0; r < table.rows.size(); ++r) {
        const auto& row = table.rows[r];
        if (std::any_of(filters.begin(), filters.end(),
                        [&](const auto& f) { return row[f.first] != f.second; }))
            continue;
        // An empty colour cell (in a sweep's rows: the key left at its base value) is a value too.
        std::string series;
        for (std::size_t k = 0; k < colour.size(); ++k)
            series += (k ? ", " : "") + (row[colour[k]].empty() ? std::string("(not set)") : row[colour[k]]);
        if (row[xc].empty() || row[yc].empty()) {
            ++skipped;
            continue;
        }
        double x = 0;
        x_numeric = x_numeric && is_number(row[xc], x);
        const double y = text::parse_double(row[yc], {table.origin, table.lines[r]}, table.columns[yc]);
        points.push_back({r, row[xc], y, series});
    }
    if (points.empty())
        throw InputError(path, 0, "--where", "no row to plot (every row filtered out or empty)");

    // Series in order of first appearance; a numeric colour with many values is one scale instead.
    std::vector<std::string> series_names;
    for (const Point& p : points)
        if (std::find(series_names.begin(), series_names.end(), p.series) == series_names.end())
            series_names.push_back(p.series);
    double unused = 0;
    const bool colour_scale = colour.size() == 1 && series_names.size() > kMostColourSeries &&
                              std::all_of(points.begin(), points.end(),
                                          [&](const Point& p) { return is_number(p.series, unused); });
    std::vector<std::string> categories;
    if (!x_numeric)
        for (const Point& p : points)
            if (std::find(categories.begin(), categories.end(), p.x) == categories.end())
                categories.push_back(p.x);
    auto x_value = [&](const Point& p) -> Json {
        if (!x_numeric) return p.x;
        double v = 0;
        is_number(p.x, v);
        return v;
    };
    auto x_order = [&](const Point& p) {
        double v = 0;
        if (x_numeric)
            is_number(p.x, v);
        else
            v = static_cast<double>(std::find(categories.begin(), categories.end(), p.x) -
                                    categories.begin());
        return v;
    };

    Json out;
    const std::string file_name = std::filesystem::path(path).filename().string();
    out["title"] = req.titles.empty() ? file_name + " (" + std::to_string(points.size()) + " points)"
                                      : req.titles[index];
    out["xlabel"] = req.xlabel.empty() ? table.columns[xc] : req.xlabel;
    out["ylabel"] = req.ylabel.empty() ? table.columns[yc] : req.ylabel;
    out["categories"] = x_numeric ? Json() : Json(categories);
    out["skipped"] = skipped;
    out["colour_label"] = colour_scale ? Json(table.columns[colour.front()]) : Json();
    out["series"] = Json::array();
    const std::vector<std::string> groups = colour_scale ? std::vector<std::string>{""} : series_names;
    for (const std::string& name : groups) {
        std::vector<const Point*> mine;
        for (const Point& p : points)
            if (colour_scale || p.series == name) mine.push_back(&p);
        if (req.line)
            std::stable_sort(mine.begin(), mine.end(),
                             [&](const Point* a, const Point* b) { return x_order(*a) < x_order(*b); });
        Json s = {{"label", colour.empty() || colour_scale ? Json() : Json(name)},
                  {"x", Json::array()},
                  {"y", Json::array()}};
        if (colour_scale) s["colour"] = Json::array();
        for (const Point* p : mine) {
            s["x"].push_back(x_value(*p));
            s["y"].push_back(p->y);
            if (colour_scale) s["colour"].push_back(std::stod(p->series));
        }
        out["series"].push_back(s);
    }
    out["front"] = Json();
    if (pareto) {
        // The front of the rows drawn, by the same rule as `dramsweep pareto`.
        explore::ResultTable drawn{table.columns, {}, {}, table.origin};
        for (const Point& p : points) {
            drawn.rows.push_back(table.rows[p.row]);
            drawn.lines.push_back(table.lines[p.row]);
        }
        std::vector<std::size_t> front = explore::pareto_front(drawn, objectives);
        std::sort(front.begin(), front.end(),
                  [&](std::size_t a, std::size_t b) { return x_order(points[a]) < x_order(points[b]); });
        Json f = {{"x", Json::array()}, {"y", Json::array()}, {"lines", Json::array()}};
        for (const std::size_t k : front) {
            f["x"].push_back(x_value(points[k]));
            f["y"].push_back(points[k].y);
            f["lines"].push_back(drawn.lines[k]);
        }
        out["front"] = f;
    }
    return out;
}

bool ends_with(const std::string& s, const std::string& suffix) {
    return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

nlohmann::ordered_json plot_figure(const PlotRequest& req) {
    const std::string where = "command line";
    if (!ends_with(req.out, ".png") && !ends_with(req.out, ".svg"))
        throw InputError(where, 0, "-o", "'" + req.out + "': the figure's name must end in .png or .svg");
    if (req.pareto.empty() == (req.x.empty() || req.y.empty()))
        throw InputError(where, 0, "--x", "give either --x KEY and --y KEY, or --pareto OBJ1,OBJ2");
    if (!req.pareto.empty() && (!req.x.empty() || !req.y.empty()))
        throw InputError(where, 0, "--pareto", "--pareto sets both axes: leave out --x and --y");
    if (!req.titles.empty() && req.titles.size() != req.results.size())
        throw InputError(where, 0, "--title",
                         "give one per results file (" + std::to_string(req.results.size()) + "), or none");
    Json figure = {{"out", req.out},   {"format", ends_with(req.out, ".svg") ? "svg" : "png"},
                   {"line", req.line}, {"logx", req.logx},
                   {"logy", req.logy}, {"panels", Json::array()}};
    for (std::size_t i = 0; i < req.results.size(); ++i)
        figure["panels"].push_back(panel(req, req.results[i], i));
    return figure;
}

}  // namespace dramsweep::cli
