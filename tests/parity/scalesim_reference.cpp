#include "scalesim_reference.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace dramsweep::test {
namespace {

std::string trim(const std::string& s) {
    const auto begin = s.find_first_not_of(" \t\r");
    if (begin == std::string::npos) return "";
    return s.substr(begin, s.find_last_not_of(" \t\r") - begin + 1);
}

std::vector<std::string> split_row(const std::string& line) {
    std::vector<std::string> cells;
    std::stringstream in(line);
    std::string cell;
    while (std::getline(in, cell, ',')) cells.push_back(trim(cell));
    while (!cells.empty() && cells.back().empty()) cells.pop_back();  // SCALE-Sim's trailing comma
    return cells;
}

}  // namespace

std::filesystem::path scalesim_reference_root() {
    return std::filesystem::path(DRAMSWEEP_SHARED_DIR) / "reference" / "scalesim";
}

std::filesystem::path scalesim_derived_root() {
    return std::filesystem::path(DRAMSWEEP_SOURCE_DIR) / "tests" / "parity" / "derived";
}

std::vector<std::string> scalesim_cases(const std::filesystem::path& root) {
    std::vector<std::string> cases;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(root, ec)) {
        if (entry.is_directory() && std::filesystem::exists(entry.path() / "scale.cfg")) {
            cases.push_back(entry.path().filename().string());
        }
    }
    std::sort(cases.begin(), cases.end());
    return cases;
}

std::size_t ReportTable::column(const std::string& name) const {
    const auto it = std::find(header.begin(), header.end(), name);
    if (it == header.end()) throw std::out_of_range("no column '" + name + "'");
    return static_cast<std::size_t>(it - header.begin());
}

const std::string& ReportTable::cell(std::size_t row, const std::string& name) const {
    return rows.at(row).at(column(name));
}

double ReportTable::number(std::size_t row, const std::string& name) const { return std::stod(cell(row, name)); }

std::string read_text(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw std::runtime_error("cannot open " + file.string());
    std::stringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

ReportTable read_report(const std::filesystem::path& file) {
    std::stringstream in(read_text(file));
    ReportTable table;
    std::string line;
    while (std::getline(in, line)) {
        if (trim(line).empty()) continue;
        if (table.header.empty()) {
            table.header = split_row(line);
        } else {
            table.rows.push_back(split_row(line));
        }
    }
    return table;
}

bool is_gemm_topology(const std::filesystem::path& topo_csv) {
    std::stringstream in(read_text(topo_csv));
    std::string header;
    std::getline(in, header);
    const auto cells = split_row(header);
    return cells.size() >= 4 && cells[1] == "M" && cells[2] == "N" && cells[3] == "K";
}

}  // namespace dramsweep::test
