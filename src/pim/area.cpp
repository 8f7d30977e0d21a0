#include "dramsweep/pim/area.hpp"

#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <sstream>

namespace dramsweep::pim {

AreaBreakdown compute_area(const PimConfig& c) {
    AreaBreakdown a;
    const double pes = static_cast<double>(c.pe_rows) * c.pe_cols;
    a.pe_mm2 = pes * c.area.pe_mm2;
    a.regf_mm2 = pes * static_cast<double>(c.regf_bytes) / 1024.0 * c.area.regf_mm2_per_kb;
    a.buffer_mm2 = static_cast<double>(c.buffer_bytes) / 1024.0 * c.area.sram_mm2_per_kb;
    a.dram_interface_mm2 = static_cast<double>(c.dram_pins) * c.area.dram_if_mm2_per_pin;
    a.router_mm2 = c.area.router_mm2;
    a.logic_mm2 = a.pe_mm2 + a.regf_mm2 + a.buffer_mm2 + a.dram_interface_mm2 + a.router_mm2;
    a.dram_footprint_mm2 = static_cast<double>(c.dram_capacity_mb) * 8.0 / c.area.dram_mbit_per_mm2;
    a.nodes = c.nodes();
    a.die_mm2 = a.nodes * std::max(a.logic_mm2, a.dram_footprint_mm2);
    a.die_budget_mm2 = c.area.die_budget_mm2;
    a.logic_fits_under_dram = a.logic_mm2 <= a.dram_footprint_mm2;
    a.within_budget = a.die_budget_mm2 == 0 || a.die_mm2 <= a.die_budget_mm2;
    a.legal = a.logic_fits_under_dram && a.within_budget;
    char buf[256];
    if (a.legal) {
        std::snprintf(buf, sizeof buf, "legal: each node's logic (%.3f mm2) fits under its DRAM (%.3f mm2)%s",
                      a.logic_mm2, a.dram_footprint_mm2,
                      a.die_budget_mm2 > 0 ? " and the die is within budget" : "");
    } else if (!a.logic_fits_under_dram) {
        std::snprintf(buf, sizeof buf,
                      "illegal: a node's logic (%.3f mm2) does not fit under its DRAM (%.3f mm2)",
                      a.logic_mm2, a.dram_footprint_mm2);
    } else {
        std::snprintf(buf, sizeof buf, "illegal: the die (%.3f mm2) exceeds the budget of %.3f mm2",
                      a.die_mm2, a.die_budget_mm2);
    }
    a.verdict = buf;
    return a;
}

std::string area_text(const PimConfig& c, const AreaBreakdown& a) {
    std::ostringstream out;
    char line[160];
    out << "PIM design " << c.name << ": " << c.mesh_h << "x" << c.mesh_w << " nodes, " << c.pe_rows << "x"
        << c.pe_cols << " PEs, " << c.regf_bytes << " B register file per PE, " << c.buffer_bytes
        << " B buffer, " << c.dram_pins << " DRAM pins, " << c.dram_capacity_mb << " MB DRAM per node\n\n";
    out << "Area of one node (mm2)\n";
    auto row = [&](const char* what, double mm2) {
        std::snprintf(line, sizeof line, "  %-26s %10.4f  %5.1f %%\n", what, mm2,
                      a.logic_mm2 > 0 ? 100.0 * mm2 / a.logic_mm2 : 0.0);
        out << line;
    };
    row("PEs", a.pe_mm2);
    row("register files", a.regf_mm2);
    row("global buffer (SRAM)", a.buffer_mm2);
    row("DRAM interface", a.dram_interface_mm2);
    row("router", a.router_mm2);
    std::snprintf(line, sizeof line, "  %-26s %10.4f\n", "logic, total", a.logic_mm2);
    out << line;
    std::snprintf(line, sizeof line, "  %-26s %10.4f  (%lld MB at %.1f Mb/mm2)\n", "DRAM footprint",
                  a.dram_footprint_mm2, static_cast<long long>(c.dram_capacity_mb), c.area.dram_mbit_per_mm2);
    out << line;
    std::snprintf(line, sizeof line, "\nDie: %d nodes x %.4f mm2 = %.3f mm2", a.nodes,
                  a.die_mm2 / std::max(1, a.nodes), a.die_mm2);
    out << line;
    if (a.die_budget_mm2 > 0) {
        std::snprintf(line, sizeof line, " (budget %.3f mm2)", a.die_budget_mm2);
        out << line;
    }
    out << "\n" << a.verdict << "\n";
    return out.str();
}

std::string area_json(const PimConfig& c, const AreaBreakdown& a) {
    nlohmann::ordered_json j;
    j["name"] = c.name;
    j["node_mm2"] = {{"pe", a.pe_mm2},
                     {"regf", a.regf_mm2},
                     {"buffer", a.buffer_mm2},
                     {"dram_interface", a.dram_interface_mm2},
                     {"router", a.router_mm2},
                     {"logic", a.logic_mm2},
                     {"dram_footprint", a.dram_footprint_mm2}};
    j["nodes"] = a.nodes;
    j["die_mm2"] = a.die_mm2;
    j["die_budget_mm2"] = a.die_budget_mm2;
    j["logic_fits_under_dram"] = a.logic_fits_under_dram;
    j["within_budget"] = a.within_budget;
    j["legal"] = a.legal;
    j["verdict"] = a.verdict;
    return j.dump();
}

}  // namespace dramsweep::pim
