#pragma once
// What `dramsweep plot` draws, prepared from result files (CSV or JSON Lines of sweep, serve or
// any tool; explore::read_result_table): per file one panel of points grouped into coloured
// series, and with --pareto the front explore::pareto_front finds. The Python tool
// python/dramsweep/plot_figure.py draws the JSON this returns with matplotlib.

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace dramsweep::cli {

struct PlotRequest {
    std::vector<std::string> results;  // one panel per file
    std::string x, y;                  // column names or aliases (latency, energy, edp)
    std::string pareto;                // "OBJ1,OBJ2" instead of x and y
    std::vector<std::string> color;    // columns whose values, joined, name a point's series
    std::vector<std::string> where;    // "KEY=VALUE": keep rows whose cell is VALUE
    std::vector<std::string> titles;   // one per panel (default: the file's name and row count)
    std::string xlabel, ylabel;
    bool line = false;         // join each series' points in x order
    bool categorical = false;  // x values as labels in order of appearance, even when numbers
    bool logx = false, logy = false;
    std::string out;  // .png or .svg
};

// The figure as plot_figure.py reads it. Throws InputError for bad options or cells (a y value
// that is not a number names the file, line and column); rows with an empty x or y cell, and
// serve's failed answers, are left out and counted per panel ("skipped"); an empty colour cell
// makes the series "(not set)".
nlohmann::ordered_json plot_figure(const PlotRequest& request);

}  // namespace dramsweep::cli
