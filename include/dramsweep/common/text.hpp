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

// Reads a whole input file through InputFile (input_file.hpp): a directory, FIFO, device or
// (unless `allow_empty`) empty file throws InputError (line 0), as does one that cannot be opened.
std::string read_file(const std::string& path, bool allow_empty = false);

// Text as it may go into a message or a terminal: valid UTF-8 stays, every other byte and every
// control character is escaped ("\xff", "\n", "\t"). Printable text comes back unchanged, so
// applying it twice changes nothing.
std::string printable(std::string_view s);
// A bad value quoted for a message: 'printable(s)', cut to about 80 characters ("... (1234
// bytes)" when cut), so that one stray megabyte-long line does not flood the terminal.
std::string quote(std::string_view s);
// Whether `s` is well-formed UTF-8 (no overlong forms, no surrogates, nothing above U+10FFFF).
bool is_utf8(std::string_view s);

}  // namespace dramsweep::text
