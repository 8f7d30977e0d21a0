#pragma once
// SCALE-Sim v2 reference outputs (shared/reference/scalesim/<case>/): the case folders and
// their report files, read as tables of text cells by column name.

#include <cstddef>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace dramsweep::test {

std::filesystem::path scalesim_reference_root();
// Cases made here, with SCALE-Sim's expected numbers derived from its closed form
// (tests/parity/derived/derive_expected.py): one expected.csv per case instead of the reports.
std::filesystem::path scalesim_derived_root();

// Names of every case folder (those holding a scale.cfg) under `root`, sorted; empty when the
// root is missing.
std::vector<std::string> scalesim_cases(const std::filesystem::path& root);
inline std::vector<std::string> scalesim_reference_cases() {
    return scalesim_cases(scalesim_reference_root());
}

// A SCALE-Sim report: every line "a, b, c," split at commas, cells trimmed.
struct ReportTable {
    std::vector<std::string> header;
    std::vector<std::vector<std::string>> rows;

    std::size_t column(const std::string& name) const;  // throws when absent
    const std::string& cell(std::size_t row, const std::string& name) const;
    double number(std::size_t row, const std::string& name) const;
};

ReportTable read_report(const std::filesystem::path& file);
std::string read_text(const std::filesystem::path& file);

// Whether the case's topology is SCALE-Sim's GEMM form (header "name, M, N, K").
bool is_gemm_topology(const std::filesystem::path& topo_csv);

}  // namespace dramsweep::test
