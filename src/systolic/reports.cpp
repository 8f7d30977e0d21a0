// SCALE-Sim's report files. Its rows are "LayerID, v1, v2, ...," — every value followed by a
// comma, values separated by ", ", each printed with Python's str().

#include "dramsweep/systolic/reports.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <memory>
#include <system_error>

#include "dramsweep/common/input_error.hpp"
#include "dramsweep/common/output_file.hpp"

namespace dramsweep {
namespace {

// One CSV line in SCALE-Sim's layout.
class Row {
public:
    Row& add(const std::string& text) {
        line_ += text;
        line_ += ", ";
        return *this;
    }
    Row& integer(std::int64_t v) { return add(std::to_string(v)); }
    Row& real(double v) { return add(format_python_float(v)); }
    // Cycle stamps: SCALE-Sim takes them from a float trace column.
    Row& cycle(std::int64_t v) { return real(static_cast<double>(v)); }

    // SCALE-Sim ends each line with "," rather than ", ".
    std::string finish() const { return line_.substr(0, line_.size() - 1) + "\n"; }

private:
    std::string line_;
};

std::string header(std::initializer_list<const char*> columns) {
    Row row;
    for (const char* c : columns) row.add(c);
    return row.finish();
}

void check_sizes(const std::vector<LayerCompute>& layers, const std::vector<DramColumns>& dram) {
    if (layers.size() != dram.size()) {
        throw std::invalid_argument("reports: " + std::to_string(layers.size()) + " layers but " +
                                    std::to_string(dram.size()) + " DRAM rows");
    }
}

}  // namespace

double dram_bandwidth(double start, double stop, std::int64_t words) {
    const double span = stop - start + 1.0;
    return span > 0.0 ? static_cast<double>(words) / span : 0.0;
}

std::string format_python_float(double value) {
    if (std::isnan(value)) return "nan";
    if (std::isinf(value)) return value < 0 ? "-inf" : "inf";
    const std::string sign = std::signbit(value) ? "-" : "";
    // Shortest round-trip digits, as Python's repr chooses them.
    char buf[64];
    const auto res = std::to_chars(buf, buf + sizeof buf, std::fabs(value), std::chars_format::scientific);
    const std::string sci(buf, res.ptr);
    const std::size_t e = sci.find('e');
    std::string digits;
    for (std::size_t i = 0; i < e; ++i) {
        if (sci[i] != '.') digits += sci[i];
    }
    const int exponent = std::stoi(sci.substr(e + 1));
    const auto n = static_cast<int>(digits.size());

    // Python writes fixed notation for decimal exponents in [-4, 16), scientific otherwise.
    if (exponent < -4 || exponent >= 16) {
        std::string text = sign;
        text.append(digits, 0, 1);
        if (n > 1) text.append(".").append(digits, 1);
        const int abs_exp = std::abs(exponent);
        text.append(exponent < 0 ? "e-" : "e+");
        if (abs_exp < 10) text.append("0");
        return text.append(std::to_string(abs_exp));
    }
    const int point = exponent + 1;  // digits before the decimal point
    std::string text = sign;
    if (point <= 0) {
        text.append("0.").append(static_cast<std::size_t>(-point), '0').append(digits);
    } else if (point >= n) {
        text.append(digits).append(static_cast<std::size_t>(point - n), '0').append(".0");
    } else {
        text.append(digits, 0, static_cast<std::size_t>(point)).append(".").append(digits, static_cast<std::size_t>(point));
    }
    return text;
}

std::string compute_report_csv(const std::vector<LayerCompute>& layers) {
    std::string text = header({"LayerID", "Total Cycles", "Stall Cycles", "Overall Util %", "Mapping Efficiency %",
                               "Compute Util %"});
    for (std::size_t i = 0; i < layers.size(); ++i) {
        const LayerCompute& l = layers[i];
        text += Row()
                    .integer(static_cast<std::int64_t>(i))
                    .integer(l.compute_cycles + l.stall_cycles)
                    .integer(l.stall_cycles)
                    .real(l.overall_utilization_pct)
                    .real(l.mapping_efficiency_pct)
                    .real(l.compute_utilization_pct)
                    .finish();
    }
    return text;
}

std::string bandwidth_report_csv(const std::vector<LayerCompute>& layers, const std::vector<DramColumns>& dram) {
    check_sizes(layers, dram);
    std::string text = header({"LayerID", "Avg IFMAP SRAM BW", "Avg FILTER SRAM BW", "Avg OFMAP SRAM BW",
                               "Avg IFMAP DRAM BW", "Avg FILTER DRAM BW", "Avg OFMAP DRAM BW"});
    for (std::size_t i = 0; i < layers.size(); ++i) {
        const LayerCompute& l = layers[i];
        const DramColumns& d = dram[i];
        text += Row()
                    .integer(static_cast<std::int64_t>(i))
                    .real(l.avg_ifmap_sram_bw)
                    .real(l.avg_filter_sram_bw)
                    .real(l.avg_ofmap_sram_bw)
                    .real(dram_bandwidth(d.ifmap_start, d.ifmap_stop, d.ifmap_reads))
                    .real(dram_bandwidth(d.filter_start, d.filter_stop, d.filter_reads))
                    .real(dram_bandwidth(d.ofmap_start, d.ofmap_stop, d.ofmap_writes))
                    .finish();
    }
    return text;
}

std::string detailed_access_report_csv(const std::vector<LayerCompute>& layers,
                                       const std::vector<DramColumns>& dram) {
    check_sizes(layers, dram);
    std::string text = header({"LayerID", "SRAM IFMAP Start Cycle", "SRAM IFMAP Stop Cycle", "SRAM IFMAP Reads",
                               "SRAM Filter Start Cycle", "SRAM Filter Stop Cycle", "SRAM Filter Reads",
                               "SRAM OFMAP Start Cycle", "SRAM OFMAP Stop Cycle", "SRAM OFMAP Writes",
                               "DRAM IFMAP Start Cycle", "DRAM IFMAP Stop Cycle", "DRAM IFMAP Reads",
                               "DRAM Filter Start Cycle", "DRAM Filter Stop Cycle", "DRAM Filter Reads",
                               "DRAM OFMAP Start Cycle", "DRAM OFMAP Stop Cycle", "DRAM OFMAP Writes"});
    for (std::size_t i = 0; i < layers.size(); ++i) {
        const LayerCompute& l = layers[i];
        const DramColumns& d = dram[i];
        text += Row()
                    .integer(static_cast<std::int64_t>(i))
                    .cycle(l.ifmap_sram.start_cycle)
                    .cycle(l.ifmap_sram.stop_cycle)
                    .integer(l.ifmap_sram_reads)
                    .cycle(l.filter_sram.start_cycle)
                    .cycle(l.filter_sram.stop_cycle)
                    .integer(l.filter_sram_reads)
                    .cycle(l.ofmap_sram.start_cycle)
                    .cycle(l.ofmap_sram.stop_cycle)
                    .integer(l.ofmap_sram_writes)
                    .real(d.ifmap_start)
                    .real(d.ifmap_stop)
                    .integer(d.ifmap_reads)
                    .real(d.filter_start)
                    .real(d.filter_stop)
                    .integer(d.filter_reads)
                    .real(d.ofmap_start)
                    .real(d.ofmap_stop)
                    .integer(d.ofmap_writes)
                    .finish();
    }
    return text;
}

void write_scalesim_reports(const std::filesystem::path& dir, const std::vector<LayerCompute>& layers,
                            const std::vector<DramColumns>& dram) {
    // Build every text first: a bad input fails before anything touches the disk.
    const std::pair<const char*, std::string> reports[] = {
        {"COMPUTE_REPORT.csv", compute_report_csv(layers)},
        {"BANDWIDTH_REPORT.csv", bandwidth_report_csv(layers, dram)},
        {"DETAILED_ACCESS_REPORT.csv", detailed_access_report_csv(layers, dram)},
    };
    prepare_report_dir(dir);
    std::vector<std::unique_ptr<OutputFile>> files;
    for (const auto& [name, text] : reports) {
        files.push_back(std::make_unique<OutputFile>((dir / name).string(), "-o"));
        files.back()->stream() << text;
    }
    for (auto& file : files) file->finish();  // all three written before any is renamed
    for (auto& file : files) file->commit();
}

void prepare_report_dir(const std::filesystem::path& dir) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) throw InputError(dir.string(), 0, "-o", "cannot create the folder: " + ec.message());
    check_output_path((dir / "COMPUTE_REPORT.csv").string(), "-o");
}

}  // namespace dramsweep
