// `dramsweep plot RESULTS... (--x KEY --y KEY | --pareto latency,energy) -o FIG.png|svg`: the
// points are chosen here (plot_data.hpp), matplotlib draws them (python/dramsweep/plot_figure.py).

#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>

#include "command_registry.hpp"
#include "dramsweep/common/input_error.hpp"
#include "dramsweep/common/text.hpp"
#include "plot_data.hpp"
#include "python_tool.hpp"

namespace dramsweep::cli {
namespace {

struct PlotOptions {
    PlotRequest request;
    std::string pareto_flag;
    std::string color;
    std::string data;
};

// A temporary file for the drawing tool's input, removed when done.
class ScratchFile {
public:
    ScratchFile() {
        std::string pattern = (std::filesystem::temp_directory_path() / "dramsweep-plot-XXXXXX").string();
        const int fd = mkstemp(pattern.data());
        if (fd < 0)
            throw std::runtime_error("cannot create a temporary file in " +
                                     std::filesystem::temp_directory_path().string());
        close(fd);
        path_ = pattern;
    }
    ~ScratchFile() {
        std::error_code ec;
        std::filesystem::remove(path_, ec);
    }
    ScratchFile(const ScratchFile&) = delete;
    ScratchFile& operator=(const ScratchFile&) = delete;
    const std::string& path() const { return path_; }

private:
    std::string path_;
};

void write_text(const std::string& path, const std::string& text, const std::string& option) {
    std::ofstream out(path);
    if (!out || !(out << text) || !out.flush()) throw InputError(path, 0, option, "cannot write the file");
}

int run_plot(PlotOptions& opt) {
    PlotRequest& req = opt.request;
    if (!opt.color.empty()) req.color = text::split(opt.color, ',');
    const nlohmann::ordered_json figure = plot_figure(req);
    for (const auto& panel : figure["panels"])
        if (panel["skipped"].get<std::size_t>() > 0)
            std::cerr << "dramsweep plot: " << panel["title"].get<std::string>() << ": left out "
                      << panel["skipped"].get<std::size_t>() << " rows (failed answers, or an empty cell to plot)\n";
    const std::string figure_json = figure.dump(1);
    std::optional<ScratchFile> scratch;
    if (opt.data.empty()) scratch.emplace();
    const std::string spec = opt.data.empty() ? scratch->path() : opt.data;
    write_text(spec, figure_json, "--data");
    return run_python_tool("plot", "plot_figure.py", {spec});
}

const RegisterCommand kRegisterPlot{
    "plot", "A figure (PNG or SVG) of results: two columns, or the points and Pareto front of two objectives",
    [](CLI::App& sub) -> std::function<int()> {
        auto opt = std::make_shared<PlotOptions>();
        PlotRequest& r = opt->request;
        sub.add_option("results", r.results,
                       "result files (CSV or JSON Lines of sweep, serve, ...): one panel each")
            ->required();
        sub.add_option("--x", r.x, "column on the x axis (aliases latency, energy, edp)");
        sub.add_option("--y", r.y, "column on the y axis");
        sub.add_option("--pareto", r.pareto,
                       "two objectives (as pareto --objectives): all points and their front");
        sub.add_option("--color", opt->color,
                       "column(s), comma-separated, whose values make the coloured series");
        sub.add_option("--where", r.where, "KEY=VALUE: only rows whose KEY is VALUE (repeatable)");
        sub.add_option("--title", r.titles, "a panel's title (one per results file)");
        sub.add_option("--xlabel", r.xlabel, "x axis label (default: the column)");
        sub.add_option("--ylabel", r.ylabel, "y axis label (default: the column)");
        sub.add_flag("--line", r.line, "join each series' points in x order");
        sub.add_flag("--categorical", r.categorical,
                     "x values as labels in order of appearance, even numbers");
        sub.add_flag("--logx", r.logx, "logarithmic x axis");
        sub.add_flag("--logy", r.logy, "logarithmic y axis");
        sub.add_option("--data", opt->data, "also write the plotted points as JSON to this file");
        sub.add_option("-o,--out", r.out, "the figure, .png or .svg")->required();
        return [opt] { return run_plot(*opt); };
    }};

}  // namespace
}  // namespace dramsweep::cli
