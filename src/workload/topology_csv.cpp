// SCALE-Sim topology CSVs. The first line is a header; every other non-blank line is a layer.
// SCALE-Sim itself needs a trailing comma on each row; we accept rows with or without it.
//
// A conv row has SCALE-Sim v2's columns by position: name, H, W, R, S, C, N, the row stride and,
// optionally on each row, the column stride (equal to the row stride when absent). Columns after
// those nine are dramsweep's own, which SCALE-Sim does not read, found by their header name:
// `Groups`. A row whose name contains "DP" is SCALE-Sim's depthwise rule (scalesim_layers.hpp).

#include <array>

#include "dramsweep/common/input_error.hpp"
#include "dramsweep/common/text.hpp"
#include "dramsweep/workload/scalesim_layers.hpp"
#include "dramsweep/workload/topology_io.hpp"

namespace dramsweep {
namespace {

constexpr std::array<const char*, 9> kConvColumns = {"Layer name",    "IFMAP Height", "IFMAP Width",
                                                     "Filter Height", "Filter Width", "Channels",
                                                     "Num Filter",    "Strides",      "Stride Width"};
constexpr std::array<const char*, 4> kGemmColumns = {"Layer Name", "M", "N", "K"};
constexpr const char* kGroupsColumn = "Groups";

// Drops the one empty piece a trailing comma leaves.
std::vector<std::string> row_cells(const std::string& line) {
    std::vector<std::string> cells = text::split(line, ',');
    if (cells.size() > 1 && cells.back().empty()) cells.pop_back();
    return cells;
}

bool header_is_gemm(const std::vector<std::string>& header) {
    if (header.size() != 4) return false;
    return text::to_lower(header[1]) == "m" && text::to_lower(header[2]) == "n" && text::to_lower(header[3]) == "k";
}

// dramsweep's named columns of a conv CSV, found in its header.
struct NamedColumns {
    std::size_t row_cells = 0;  // cells every row must have when there are named columns, else 0
    std::size_t groups = 0;     // index of the Groups column; 0: none
};

NamedColumns named_columns(const std::vector<std::string>& header, const text::Location& where) {
    NamedColumns named;
    // A header that names the 9th column Groups means groups there, but SCALE-Sim reads that
    // column as the column stride, and so does dramsweep: refuse the file rather than misread it.
    const std::size_t column_stride = kConvColumns.size() - 1;
    if (header.size() > column_stride && text::to_lower(header[column_stride]) == "groups") {
        throw InputError(
            where.file, where.line, kGroupsColumn,
            "the 9th column is SCALE-Sim's column stride; put Groups after it, as the 10th column "
            "(header '..., Strides, Stride Width, Groups')");
    }
    for (std::size_t i = kConvColumns.size(); i < header.size(); ++i) {
        if (text::to_lower(header[i]) == "groups" && named.groups == 0) {
            named.groups = i;
            continue;
        }
        throw InputError(where.file, where.line, header[i],
                         named.groups != 0 && text::to_lower(header[i]) == "groups"
                             ? "a second Groups column"
                             : "unknown column '" + header[i] +
                                   "' (after SCALE-Sim's nine columns dramsweep reads "
                                   "only Groups)");
    }
    if (header.size() > kConvColumns.size()) named.row_cells = header.size();
    return named;
}

std::int64_t cell_int(const std::vector<std::string>& cells, std::size_t index, const char* column,
                      const text::Location& where) {
    return text::parse_int(cells[index], where, column);
}

Layer parse_conv_row(const std::vector<std::string>& cells, const NamedColumns& named,
                     const text::Location& where) {
    if (named.row_cells != 0 && cells.size() != named.row_cells) {
        throw InputError(where.file, where.line, "row",
                         "expected " + std::to_string(named.row_cells) +
                             " columns, as the header names, got " + std::to_string(cells.size()));
    }
    if (named.row_cells == 0 && cells.size() != 8 && cells.size() != 9) {
        throw InputError(
            where.file, where.line, "row",
            "expected 8 columns (name, H, W, R, S, C, N, stride) or 9 (with the column stride), got " +
                std::to_string(cells.size()));
    }
    Layer layer;
    layer.name = cells[0];
    layer.ifmap_h = cell_int(cells, 1, kConvColumns[1], where);
    layer.ifmap_w = cell_int(cells, 2, kConvColumns[2], where);
    layer.filter_h = cell_int(cells, 3, kConvColumns[3], where);
    layer.filter_w = cell_int(cells, 4, kConvColumns[4], where);
    layer.channels = cell_int(cells, 5, kConvColumns[5], where);
    layer.num_filters = cell_int(cells, 6, kConvColumns[6], where);
    layer.stride_h = cell_int(cells, 7, kConvColumns[7], where);
    layer.stride_w = cells.size() > 8 ? cell_int(cells, 8, kConvColumns[8], where) : layer.stride_h;
    if (named.groups != 0) layer.groups = cell_int(cells, named.groups, kGroupsColumn, where);
    if (has_scalesim_dp_name(layer.name))
        apply_scalesim_dp_rule(layer, named.groups != 0, where.file, where.line);
    return layer;
}

Layer parse_gemm_row(const std::vector<std::string>& cells, const text::Location& where) {
    if (cells.size() != 4) {
        throw InputError(where.file, where.line, "row",
                         "expected 4 columns (name, M, N, K), got " + std::to_string(cells.size()));
    }
    return Layer::gemm(cells[0], cell_int(cells, 1, kGemmColumns[1], where), cell_int(cells, 2, kGemmColumns[2], where),
                       cell_int(cells, 3, kGemmColumns[3], where));
}

// A header names its columns; a row without one starts with a layer's numbers.
bool looks_like_a_layer(const std::vector<std::string>& cells) {
    if (cells.size() < 2) return false;
    for (std::size_t i = 1; i < cells.size(); ++i) {
        if (cells[i].empty()) return false;
        for (const char c : cells[i])
            if (c < '0' || c > '9') return false;
    }
    return true;
}

}  // namespace

Topology parse_topology_csv(const std::string& content, const std::string& origin, TopologyFormat format) {
    Topology topology;
    bool header_seen = false;
    NamedColumns named;
    std::size_t last_text_line = 0;
    for (const auto& [line_number, line] : text::numbered_lines(content)) {
        if (line.empty() || line[0] == '#') continue;
        last_text_line = line_number;
        const text::Location where{origin, line_number};
        const std::vector<std::string> cells = row_cells(line);
        if (!header_seen) {
            if (looks_like_a_layer(cells))
                throw InputError(origin, line_number, "header",
                                 "the first line is a layer, not the header line SCALE-Sim topologies start with "
                                 "(Layer name, IFMAP Height, ..., or Layer Name, M, N, K): add the header");
            header_seen = true;
            if (format == TopologyFormat::Auto) {
                format = header_is_gemm(cells) ? TopologyFormat::GemmCsv : TopologyFormat::ConvCsv;
            }
            if (format == TopologyFormat::ConvCsv) named = named_columns(cells, where);
            continue;
        }
        if (cells[0].empty()) throw InputError(origin, line_number, "Layer name", "empty layer name");
        Layer layer = format == TopologyFormat::GemmCsv ? parse_gemm_row(cells, where)
                                                        : parse_conv_row(cells, named, where);
        validate_layer(layer, origin, line_number);
        topology.layers.push_back(std::move(layer));
    }
    if (topology.layers.empty()) throw InputError(origin, last_text_line, "", "the topology has no layers");
    return topology;
}

}  // namespace dramsweep
