// Trace file formats (see trace.hpp). The format is fixed by the first request line; every other
// line must follow it, so a stray line is reported instead of being guessed at.

#include <charconv>
#include <string>
#include <vector>

#include "dramsweep/common/input_error.hpp"
#include "dramsweep/common/text.hpp"
#include "dramsweep/dram/trace.hpp"

namespace dramsweep::dram {
namespace {

enum class Format { kUnknown, kAddrOp, kOpAddr, kDramsim3, kCpu };

std::vector<std::string_view> tokens(std::string_view line) {
    std::vector<std::string_view> out;
    std::size_t i = 0;
    while (i < line.size()) {
        while (i < line.size() && (line[i] == ' ' || line[i] == '\t' || line[i] == ',')) ++i;
        const std::size_t start = i;
        while (i < line.size() && line[i] != ' ' && line[i] != '\t' && line[i] != ',') ++i;
        if (i > start) out.push_back(line.substr(start, i - start));
    }
    return out;
}

bool is_hex_addr(std::string_view t) { return t.size() > 2 && t[0] == '0' && (t[1] == 'x' || t[1] == 'X'); }

bool is_decimal(std::string_view t) {
    if (t.empty()) return false;
    for (char c : t)
        if (c < '0' || c > '9') return false;
    return true;
}

std::uint64_t parse_addr(std::string_view t, int base, const std::string& origin, std::size_t line, const char* field) {
    std::string_view digits = t;
    if (base == 16) {
        if (!is_hex_addr(t)) throw InputError(origin, line, field, "expected a hexadecimal address 0x..., got '" + std::string(t) + "'");
        digits = t.substr(2);
    }
    std::uint64_t v = 0;
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), v, base);
    if (ec != std::errc() || end != digits.data() + digits.size())
        throw InputError(origin, line, field, "bad address '" + std::string(t) + "'");
    return v;
}

Format detect(const std::vector<std::string_view>& t) {
    if (t.size() == 2 && is_hex_addr(t[0])) return Format::kAddrOp;
    if (t.size() == 3 && is_hex_addr(t[0])) return Format::kDramsim3;
    if (t.size() == 2 && is_hex_addr(t[1])) return Format::kOpAddr;
    if ((t.size() == 2 || t.size() == 3) && is_decimal(t[0]) && is_decimal(t[1])) return Format::kCpu;
    return Format::kUnknown;
}

bool parse_op(std::string_view op, const std::string& origin, std::size_t line) {
    if (op == "R" || op == "r" || op == "READ" || op == "read" || op == "LD") return false;
    if (op == "W" || op == "w" || op == "WRITE" || op == "write" || op == "ST") return true;
    throw InputError(origin, line, "operation", "expected R or W (READ/WRITE, LD/ST), got '" + std::string(op) + "'");
}

}  // namespace

std::vector<TraceRequest> parse_trace(std::string_view text, const std::string& origin) {
    std::vector<TraceRequest> out;
    Format format = Format::kUnknown;
    std::size_t line_no = 0, pos = 0;
    const char* expected = "";
    while (pos < text.size()) {
        std::size_t eol = text.find('\n', pos);
        if (eol == std::string_view::npos) eol = text.size();
        const std::string_view line = text::trim(text.substr(pos, eol - pos));
        pos = eol + 1;
        ++line_no;
        if (line.empty() || line[0] == '#') continue;
        const auto t = tokens(line);
        if (format == Format::kUnknown) {
            format = detect(t);
            switch (format) {
                case Format::kAddrOp: expected = "'0x<addr> R|W'"; break;
                case Format::kOpAddr: expected = "'LD|ST|R|W 0x<addr>'"; break;
                case Format::kDramsim3: expected = "'0x<addr> READ|WRITE <cycle>'"; break;
                case Format::kCpu: expected = "'<n> <addr> [<writeback addr>]'"; break;
                case Format::kUnknown:
                    throw InputError(origin, line_no, "line",
                                     "not a trace line ('0x<addr> R|W', 'LD|ST 0x<addr>', '0x<addr> READ|WRITE <cycle>' "
                                     "or '<n> <addr> [<wb>]'): '" + std::string(line) + "'");
            }
        }
        auto wrong_shape = [&] {
            return InputError(origin, line_no, "line",
                              "expected " + std::string(expected) + " like the first line, got '" + std::string(line) + "'");
        };
        switch (format) {
            case Format::kAddrOp:
                if (t.size() != 2) throw wrong_shape();
                out.push_back({parse_addr(t[0], 16, origin, line_no, "address"), parse_op(t[1], origin, line_no)});
                break;
            case Format::kOpAddr:
                if (t.size() != 2) throw wrong_shape();
                out.push_back({parse_addr(t[1], 16, origin, line_no, "address"), parse_op(t[0], origin, line_no)});
                break;
            case Format::kDramsim3: {
                if (t.size() != 3) throw wrong_shape();
                const bool w = parse_op(t[1], origin, line_no);
                if (!is_decimal(t[2])) throw InputError(origin, line_no, "cycle", "expected a decimal cycle, got '" + std::string(t[2]) + "'");
                out.push_back({parse_addr(t[0], 16, origin, line_no, "address"), w});
                break;
            }
            case Format::kCpu:
                if (t.size() != 2 && t.size() != 3) throw wrong_shape();
                if (!is_decimal(t[0])) throw InputError(origin, line_no, "instructions", "expected a decimal count");
                out.push_back({parse_addr(t[1], 10, origin, line_no, "address"), false});
                if (t.size() == 3) out.push_back({parse_addr(t[2], 10, origin, line_no, "writeback"), true});
                break;
            case Format::kUnknown: break;
        }
    }
    return out;
}

std::vector<TraceRequest> read_trace_file(const std::string& path) { return parse_trace(text::read_file(path), path); }

std::string format_trace(const std::vector<TraceRequest>& requests) {
    std::string out;
    out.reserve(requests.size() * 14);
    char buf[32];
    for (const TraceRequest& r : requests) {
        const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, r.addr, 16);
        (void)ec;
        out.append("0x").append(buf, end).append(r.is_write ? " W\n" : " R\n");
    }
    return out;
}

}  // namespace dramsweep::dram
