#pragma once
// One request of `dramsweep serve` (JSON Lines in, JSON Lines out), answered with one line.
// Schema in docs/formats.md ("serve"). An error answers {"id": ..., "ok": false, "error": "..."}
// and never ends the stream.

#include <string>

namespace dramsweep::serve {

// Parses and runs one request line (line_number counts from 1, for messages) and returns the
// answer line (no trailing newline). Never throws for bad input.
std::string answer_request(const std::string& line, std::size_t line_number);

}  // namespace dramsweep::serve
