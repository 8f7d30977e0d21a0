// Trace file formats (see trace.hpp). The format is fixed by the first request line; every other
// line must follow it, so a stray line is reported instead of being guessed at. Files are read
// line by line (trace_stream.hpp): a trace of any length is streamed, never held whole.

#include <charconv>
#include <deque>
#include <string>
#include <vector>

#include "dramsweep/common/input_error.hpp"
#include "dramsweep/common/input_file.hpp"
#include "dramsweep/common/text.hpp"
#include "dramsweep/dram/trace.hpp"
#include "dramsweep/dram/trace_stream.hpp"

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
        if (!is_hex_addr(t)) throw InputError(origin, line, field, "expected a hexadecimal address 0x..., got " + text::quote(t));
        digits = t.substr(2);
    }
    std::uint64_t v = 0;
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), v, base);
    if (ec == std::errc::result_out_of_range)
        throw InputError(origin, line, field, "address " + text::quote(t) + " does not fit 64 bits");
    if (ec != std::errc() || end != digits.data() + digits.size())
        throw InputError(origin, line, field, "bad address " + text::quote(t));
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
    throw InputError(origin, line, "operation", "expected R or W (READ/WRITE, LD/ST), got " + text::quote(op));
}

// Parses trace lines one at a time; the first request line fixes the format.
class LineParser {
public:
    explicit LineParser(std::string origin) : origin_(std::move(origin)) {}

    // Appends the line's requests (none for a blank or comment line, two for a CPU line with a
    // writeback) to `out`.
    template <typename Out>
    void parse(std::string_view raw, std::size_t line_no, Out& out) {
        const std::string_view line = text::trim(raw);
        if (line.empty() || line[0] == '#') return;
        const auto t = tokens(line);
        if (format_ == Format::kUnknown) {
            format_ = detect(t);
            switch (format_) {
                case Format::kAddrOp: expected_ = "'0x<addr> R|W'"; break;
                case Format::kOpAddr: expected_ = "'LD|ST|R|W 0x<addr>'"; break;
                case Format::kDramsim3: expected_ = "'0x<addr> READ|WRITE <cycle>'"; break;
                case Format::kCpu: expected_ = "'<n> <addr> [<writeback addr>]'"; break;
                case Format::kUnknown:
                    throw InputError(origin_, line_no, "line",
                                     "not a trace line ('0x<addr> R|W', 'LD|ST 0x<addr>', '0x<addr> READ|WRITE <cycle>' "
                                     "or '<n> <addr> [<wb>]'): " + text::quote(line));
            }
        }
        auto wrong_shape = [&] {
            return InputError(origin_, line_no, "line",
                              "expected " + std::string(expected_) + " like the first line, got " + text::quote(line));
        };
        switch (format_) {
            case Format::kAddrOp:
                if (t.size() != 2) throw wrong_shape();
                out.push_back({parse_addr(t[0], 16, origin_, line_no, "address"), parse_op(t[1], origin_, line_no)});
                break;
            case Format::kOpAddr:
                if (t.size() != 2) throw wrong_shape();
                out.push_back({parse_addr(t[1], 16, origin_, line_no, "address"), parse_op(t[0], origin_, line_no)});
                break;
            case Format::kDramsim3: {
                if (t.size() != 3) throw wrong_shape();
                const bool w = parse_op(t[1], origin_, line_no);
                if (!is_decimal(t[2]))
                    throw InputError(origin_, line_no, "cycle", "expected a decimal cycle, got " + text::quote(t[2]));
                out.push_back({parse_addr(t[0], 16, origin_, line_no, "address"), w});
                break;
            }
            case Format::kCpu:
                if (t.size() != 2 && t.size() != 3) throw wrong_shape();
                if (!is_decimal(t[0])) throw InputError(origin_, line_no, "instructions", "expected a decimal count");
                out.push_back({parse_addr(t[1], 10, origin_, line_no, "address"), false});
                if (t.size() == 3) out.push_back({parse_addr(t[2], 10, origin_, line_no, "writeback"), true});
                break;
            case Format::kUnknown: break;
        }
    }

private:
    std::string origin_;
    Format format_ = Format::kUnknown;
    const char* expected_ = "";
};

}  // namespace

std::vector<TraceRequest> parse_trace(std::string_view text, const std::string& origin) {
    std::vector<TraceRequest> out;
    LineParser parser(origin);
    std::size_t line_no = 0, pos = 0;
    while (pos < text.size()) {
        std::size_t eol = text.find('\n', pos);
        if (eol == std::string_view::npos) eol = text.size();
        parser.parse(text.substr(pos, eol - pos), ++line_no, out);
        pos = eol + 1;
    }
    return out;
}

struct TraceFileReader::State {
    InputFile file;
    LineParser parser;
    std::uint64_t limit;
    std::uint64_t given = 0;
    std::deque<TraceRequest> pending;  // a CPU line gives two requests
    std::string line;

    State(const std::string& path, std::uint64_t l) : file(path), parser(path), limit(l) {}
};

TraceFileReader::TraceFileReader(const std::string& path, std::uint64_t limit)
    : state_(std::make_unique<State>(path, limit)) {
    if (state_->file.size() == 0) throw InputError(path, 0, "", "the file is empty");
}
TraceFileReader::~TraceFileReader() = default;

bool TraceFileReader::next(TraceRequest& request) {
    State& s = *state_;
    if (s.limit != 0 && s.given >= s.limit) return false;
    while (s.pending.empty()) {
        if (!s.file.next_line(s.line)) return false;
        s.parser.parse(s.line, s.file.lines_read(), s.pending);
    }
    request = s.pending.front();
    s.pending.pop_front();
    ++s.given;
    return true;
}

std::uint64_t TraceFileReader::bytes_read() const { return state_->file.bytes_read(); }
std::uint64_t TraceFileReader::size() const { return state_->file.size(); }

std::uint64_t count_trace_requests(const std::string& path, std::uint64_t limit,
                                   const std::function<void(std::uint64_t, std::uint64_t)>& on_progress) {
    TraceFileReader reader(path, limit);
    TraceRequest r{};
    std::uint64_t n = 0;
    while (reader.next(r))
        if ((++n & 0xFFFF) == 0 && on_progress) on_progress(reader.bytes_read(), reader.size());
    return n;
}

std::vector<TraceRequest> read_trace_file(const std::string& path, std::uint64_t limit) {
    TraceFileReader reader(path, limit);
    std::vector<TraceRequest> out;
    TraceRequest r{};
    while (reader.next(r)) out.push_back(r);
    return out;
}

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
