#pragma once
// Small text helpers shared by every parser: trimming, splitting, and strict number parsing
// that reports the file, line and field of a bad value through InputError.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace dramsweep::text {

std::string_view trim(std::string_view s);
std::string to_lower(std::string_view s);

// The lines of a text, trimmed, each with its 1-based number (blank lines included: callers
// decide what to skip). A final line without a newline counts; "\r\n" endings are trimmed.
struct NumberedLine {
    std::size_t number;
    std::string text;
};
std::vector<NumberedLine> numbered_lines(std::string_view content);

// Splits on `sep` and trims each piece. A trailing separator yields a trailing empty piece,
// which callers use to accept SCALE-Sim's rows that end with a comma.
std::vector<std::string> split(std::string_view s, char sep);

// Where a value came from, for error messages.
struct Location {
    std::string file;
    std::size_t line = 0;
};

// Parse a whole string as a number; anything else (empty, trailing junk, overflow) throws
// InputError at `where` naming `field`.
std::int64_t parse_int(std::string_view s, const Location& where, const std::string& field);
double parse_double(std::string_view s, const Location& where, const std::string& field);

// Reads a whole file; throws InputError (line 0) when it cannot be opened.
std::string read_file(const std::string& path);

}  // namespace dramsweep::text
