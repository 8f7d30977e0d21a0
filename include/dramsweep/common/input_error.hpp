#pragma once
// The one error type for bad user input (files, JSON, command-line values).
//
// Every parser throws InputError naming the file, the 1-based line (0 when the input has no
// lines, such as a command-line value) and the field. The CLI turns it into one message on
// stderr and exit code 2; nothing else in the program is allowed to print a parse error.

#include <cstddef>
#include <stdexcept>
#include <string>

namespace dramsweep {

class InputError : public std::runtime_error {
public:
    InputError(std::string file, std::size_t line, std::string field, std::string message);

    // what() is "file:line: field 'f': message", printable (text::printable: bytes that are not
    // UTF-8 and control characters escaped), so that it can go into a terminal or a JSON string.
    const std::string& file() const noexcept { return file_; }
    std::size_t line() const noexcept { return line_; }
    const std::string& field() const noexcept { return field_; }
    // The message alone, without the location: for re-issuing it at another location.
    const std::string& message() const noexcept { return message_; }

private:
    std::string file_;
    std::size_t line_;
    std::string field_;
    std::string message_;
};

// Exit code for bad input, shared by every subcommand.
inline constexpr int kExitBadInput = 2;

}  // namespace dramsweep
