#include "dramsweep/explore/pareto.hpp"

#include <algorithm>
#include <map>

#include "dramsweep/common/input_error.hpp"
#include "dramsweep/common/text.hpp"

namespace dramsweep::explore {
namespace {

const std::map<std::string, std::vector<std::string>>& aliases() {
    static const std::map<std::string, std::vector<std::string>> table = {
        // Time, never clocks: a trace sweep over presets with different clocks compares time_ns.
        {"latency", {"latency_s", "objectives.latency_s", "time_ns"}},
        {"energy", {"energy_j", "objectives.energy_j", "energy_nj"}},
        {"edp", {"edp_js", "objectives.edp_js"}},
    };
    return table;
}

}  // namespace

std::vector<Objective> resolve_objectives(const ResultTable& table, const std::string& spec) {
    std::vector<Objective> objectives;
    for (std::string name : text::split(spec, ',')) {
        Objective o;
        if (name.starts_with("max:")) {
            o.maximize = true;
            name = name.substr(4);
        }
        o.name = name;
        std::vector<std::string> candidates{name};
        if (const auto a = aliases().find(name); a != aliases().end()) {
            candidates.insert(candidates.end(), a->second.begin(), a->second.end());
        }
        bool found = false;
        for (const std::string& c : candidates) {
            const auto it = std::find(table.columns.begin(), table.columns.end(), c);
            if (it != table.columns.end()) {
                o.column = static_cast<std::size_t>(it - table.columns.begin());
                found = true;
                break;
            }
        }
        if (!found) throw InputError(table.origin, 0, "--objectives", "no column for objective " + text::quote(name));
        objectives.push_back(o);
    }
    if (objectives.empty()) throw InputError("<command line>", 0, "--objectives", "no objective given");
    return objectives;
}

std::vector<std::size_t> pareto_front(const ResultTable& table, const std::vector<Objective>& objectives) {
    // Values to minimise, row by row.
    std::vector<std::vector<double>> v(table.rows.size(), std::vector<double>(objectives.size()));
    for (std::size_t r = 0; r < table.rows.size(); ++r) {
        for (std::size_t o = 0; o < objectives.size(); ++o) {
            const double x = text::parse_double(table.rows[r][objectives[o].column], {table.origin, table.lines[r]},
                                                table.columns[objectives[o].column]);
            v[r][o] = objectives[o].maximize ? -x : x;
        }
    }
    auto dominates = [&](std::size_t a, std::size_t b) {
        bool strictly = false;
        for (std::size_t o = 0; o < objectives.size(); ++o) {
            if (v[a][o] > v[b][o]) return false;
            strictly = strictly || v[a][o] < v[b][o];
        }
        return strictly;
    };
    // Sort by the first objective so that only earlier rows can dominate later ones' candidates;
    // quadratic in the front size, which is small.
    std::vector<std::size_t> order(table.rows.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return v[a] < v[b]; });
    std::vector<std::size_t> front;
    for (const std::size_t r : order) {
        const bool dominated = std::any_of(front.begin(), front.end(), [&](std::size_t f) { return dominates(f, r); });
        const bool duplicate = std::any_of(front.begin(), front.end(), [&](std::size_t f) { return v[f] == v[r]; });
        if (!dominated && !duplicate) front.push_back(r);
    }
    std::sort(front.begin(), front.end());
    return front;
}

}  // namespace dramsweep::explore
