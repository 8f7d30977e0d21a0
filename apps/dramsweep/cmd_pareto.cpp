// `dramsweep pareto RESULTS --objectives latency,energy`: the non-dominated results.

#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>

#include "command_registry.hpp"
#include "dramsweep/common/input_error.hpp"
#include "dramsweep/explore/pareto.hpp"

namespace dramsweep::cli {
namespace {

struct ParetoOptions {
    std::string results;
    std::string objectives = "latency,energy";
    std::string out;
};

void write_csv_row(std::ostream& out, const std::vector<std::string>& cells) {
    for (std::size_t i = 0; i < cells.size(); ++i) out << (i ? "," : "") << cells[i];
    out << '\n';
}

int run_pareto(const ParetoOptions& opt) {
    const explore::ResultTable table = explore::read_result_table(opt.results);
    const std::vector<explore::Objective> objectives = explore::resolve_objectives(table, opt.objectives);
    const std::vector<std::size_t> front = explore::pareto_front(table, objectives);

    std::cout << "Pareto front of " << table.rows.size() << " results over";
    for (const auto& o : objectives) std::cout << ' ' << (o.maximize ? "max " : "min ") << table.columns[o.column];
    std::cout << ": " << front.size() << " points\n";
    for (const std::size_t r : front) {
        std::cout << "  line " << table.lines[r] << ":";
        for (const auto& o : objectives) std::cout << ' ' << table.columns[o.column] << '=' << table.rows[r][o.column];
        std::cout << '\n';
    }
    const std::string out_path = opt.out.empty() ? opt.results + ".pareto.csv" : opt.out;
    {
        std::ofstream out(out_path + ".tmp");
        if (!out) throw InputError(out_path, 0, "--out", "cannot create the file");
        write_csv_row(out, table.columns);
        for (const std::size_t r : front) write_csv_row(out, table.rows[r]);
        if (!out.flush()) throw InputError(out_path, 0, "--out", "could not write the file");
    }
    std::filesystem::rename(out_path + ".tmp", out_path);
    std::cout << "front written to " << out_path << '\n';
    return 0;
}

const RegisterCommand kRegisterPareto{
    "pareto", "The Pareto front of a results file (CSV or JSON Lines)", [](CLI::App& sub) -> std::function<int()> {
        auto opt = std::make_shared<ParetoOptions>();
        sub.add_option("results", opt->results, "results of sweep or serve (CSV or JSON Lines)")->required();
        sub.add_option("--objectives", opt->objectives,
                       "comma-separated columns to minimise ('max:NAME' to maximise); aliases latency, energy, edp")
            ->capture_default_str();
        sub.add_option("--out", opt->out, "where to write the front (default RESULTS.pareto.csv)");
        return [opt] { return run_pareto(*opt); };
    }};

}  // namespace
}  // namespace dramsweep::cli
