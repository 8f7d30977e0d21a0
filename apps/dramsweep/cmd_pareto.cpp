// `dramsweep pareto RESULTS --objectives latency,energy`: the non-dominated results.

#include <iostream>
#include <memory>

#include "command_registry.hpp"
#include "dramsweep/common/csv.hpp"
#include "dramsweep/common/output_file.hpp"
#include "dramsweep/explore/pareto.hpp"

namespace dramsweep::cli {
namespace {

struct ParetoOptions {
    std::string results;
    std::string objectives = "latency,energy";
    std::string out;
};

void write_csv_row(std::ostream& out, const std::vector<std::string>& cells) {
    for (std::size_t i = 0; i < cells.size(); ++i) out << (i ? "," : "") << csv::escape(cells[i]);
    out << '\n';
}

int run_pareto(const ParetoOptions& opt) {
    // The output is claimed first: a path that cannot be written is refused before any work.
    OutputFile out(opt.out.empty() ? opt.results + ".pareto.csv" : opt.out, "--out");
    const explore::ResultTable table = explore::read_result_table(opt.results);
    const std::vector<explore::Objective> objectives = explore::resolve_objectives(table, opt.objectives);
    const std::vector<std::size_t> front = explore::pareto_front(table, objectives);

    std::cout << "Pareto front of " << table.rows.size() << " results";
    if (table.skipped_failures > 0)
        std::cout << " (" << table.skipped_failures << " failed answers, \"ok\": false, skipped)";
    std::cout << " over";
    for (const auto& o : objectives) std::cout << ' ' << (o.maximize ? "max " : "min ") << table.columns[o.column];
    std::cout << ": " << front.size() << " points\n";
    for (const std::size_t r : front) {
        std::cout << "  line " << table.lines[r] << ":";
        for (const auto& o : objectives) std::cout << ' ' << table.columns[o.column] << '=' << table.rows[r][o.column];
        std::cout << '\n';
    }
    write_csv_row(out.stream(), table.columns);
    for (const std::size_t r : front) write_csv_row(out.stream(), table.rows[r]);
    out.commit();
    std::cout << "front written to " << (opt.out.empty() ? opt.results + ".pareto.csv" : opt.out) << '\n';
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
