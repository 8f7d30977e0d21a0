#include "dramsweep/common/text.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <fstream>
#include <sstream>

#include "dramsweep/common/input_error.hpp"

namespace dramsweep::text {

std::string_view trim(std::string_view s) {
    const auto is_space = [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; };
    while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
    return s;
}

std::string to_lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

std::vector<NumberedLine> numbered_lines(std::string_view content) {
    std::vector<NumberedLine> lines;
    std::size_t start = 0, number = 0;
    while (start <= content.size()) {
        std::size_t end = content.find('\n', start);
        if (end == std::string_view::npos) end = content.size();
        lines.push_back({++number, std::string(trim(content.substr(start, end - start)))});
        start = end + 1;
    }
    return lines;
}

std::vector<std::string> split(std::string_view s, char sep) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    while (true) {
        const std::size_t pos = s.find(sep, start);
        const std::string_view piece = s.substr(start, pos == std::string_view::npos ? s.npos : pos - start);
        parts.emplace_back(trim(piece));
        if (pos == std::string_view::npos) break;
        start = pos + 1;
    }
    return parts;
}

std::int64_t parse_int(std::string_view s, const Location& where, const std::string& field) {
    const std::string_view t = trim(s);
    std::int64_t value = 0;
    const auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), value);
    if (t.empty() || ec != std::errc() || end != t.data() + t.size()) {
        // Accept integral floats such as "64.0", which spreadsheets like to write.
        double d = 0.0;
        const auto [dend, dec] = std::from_chars(t.data(), t.data() + t.size(), d);
        if (!t.empty() && dec == std::errc() && dend == t.data() + t.size() && std::isfinite(d) &&
            d == std::floor(d) && std::fabs(d) < 9.0e15) {
            return static_cast<std::int64_t>(d);
        }
        throw InputError(where.file, where.line, field, "expected an integer, got '" + std::string(t) + "'");
    }
    return value;
}

double parse_double(std::string_view s, const Location& where, const std::string& field) {
    const std::string_view t = trim(s);
    double value = 0.0;
    const auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), value);
    if (t.empty() || ec != std::errc() || end != t.data() + t.size() || !std::isfinite(value)) {
        throw InputError(where.file, where.line, field, "expected a number, got '" + std::string(t) + "'");
    }
    return value;
}

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw InputError(path, 0, "", "cannot open file");
    std::ostringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

}  // namespace dramsweep::text
