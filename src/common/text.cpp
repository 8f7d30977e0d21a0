#include "dramsweep/common/text.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>

#include "dramsweep/common/input_error.hpp"
#include "dramsweep/common/input_file.hpp"

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
        throw InputError(where.file, where.line, field, "expected an integer, got " + quote(t));
    }
    return value;
}

double parse_double(std::string_view s, const Location& where, const std::string& field) {
    const std::string_view t = trim(s);
    double value = 0.0;
    const auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), value);
    if (t.empty() || ec != std::errc() || end != t.data() + t.size() || !std::isfinite(value)) {
        throw InputError(where.file, where.line, field, "expected a number, got " + quote(t));
    }
    return value;
}

std::string read_file(const std::string& path, bool allow_empty) {
    InputFile file(path);
    std::string content = file.read_all();
    if (content.empty() && !allow_empty) throw InputError(path, 0, "", "the file is empty");
    return content;
}

namespace {

// Length of the well-formed UTF-8 sequence starting at s[i] (0: not one). Follows the table of
// well-formed byte sequences of the Unicode standard (chapter 3, table 3-7).
std::size_t utf8_sequence_length(std::string_view s, std::size_t i) {
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    const unsigned char b0 = byte(i);
    if (b0 < 0x80) return 1;
    std::size_t length = 0;
    unsigned char low = 0x80, high = 0xBF;  // allowed range of the second byte
    if (b0 >= 0xC2 && b0 <= 0xDF) length = 2;
    else if (b0 == 0xE0) length = 3, low = 0xA0;
    else if (b0 >= 0xE1 && b0 <= 0xEC) length = 3;
    else if (b0 == 0xED) length = 3, high = 0x9F;  // no surrogates
    else if (b0 >= 0xEE && b0 <= 0xEF) length = 3;
    else if (b0 == 0xF0) length = 4, low = 0x90;
    else if (b0 >= 0xF1 && b0 <= 0xF3) length = 4;
    else if (b0 == 0xF4) length = 4, high = 0x8F;  // nothing above U+10FFFF
    else return 0;
    if (i + length > s.size()) return 0;
    if (byte(i + 1) < low || byte(i + 1) > high) return 0;
    for (std::size_t k = 2; k < length; ++k)
        if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) return 0;
    return length;
}

constexpr std::size_t kQuoteLimit = 80;

}  // namespace

bool is_utf8(std::string_view s) {
    for (std::size_t i = 0; i < s.size();) {
        const std::size_t n = utf8_sequence_length(s, i);
        if (n == 0) return false;
        i += n;
    }
    return true;
}

std::string printable(std::string_view s) {
    static const char* const kHex = "0123456789abcdef";
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        const std::size_t n = utf8_sequence_length(s, i);
        if (n > 1) {
            out.append(s.substr(i, n));
            i += n;
            continue;
        }
        if (n == 1 && c >= 0x20 && c != 0x7F) {
            out += static_cast<char>(c);
        } else if (c == '\n') {
            out += "\\n";
        } else if (c == '\r') {
            out += "\\r";
        } else if (c == '\t') {
            out += "\\t";
        } else {
            out += "\\x";
            out += kHex[c >> 4];
            out += kHex[c & 0xF];
        }
        ++i;
    }
    return out;
}

std::string quote(std::string_view s) {
    // Built with append() only: GCC 12 reports a false -Wrestrict on `"literal" + std::string`.
    std::string out = "'";
    if (s.size() <= kQuoteLimit) return out.append(printable(s)).append("'");
    // Cut at a character boundary so that the quoted part stays valid UTF-8.
    std::size_t cut = 0;
    while (cut < kQuoteLimit) {
        const std::size_t n = utf8_sequence_length(s, cut);
        if (cut + std::max<std::size_t>(n, 1) > kQuoteLimit) break;
        cut += std::max<std::size_t>(n, 1);
    }
    return out.append(printable(s.substr(0, cut))).append("...' (").append(std::to_string(s.size())).append(" bytes)");
}

}  // namespace dramsweep::text
