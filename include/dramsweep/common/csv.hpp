#pragma once
// CSV as RFC 4180 writes it, the one way the project writes and reads it: a cell holding a comma,
// a double quote, CR or LF is quoted, its quotes doubled; a quoted cell may span lines. Sweep
// results are written with `escape` and read back (--resume, pareto) with RecordReader.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace dramsweep::csv {

std::string escape(const std::string& cell);

// The records of a CSV text, one at a time. "\r\n" line ends are accepted.
class RecordReader {
public:
    explicit RecordReader(std::string_view text) : text_(text) {}

    // The next record's cells (raw, not trimmed); false at the end. A record that ends without
    // a newline counts: complete() says whether it had one, and open_quote() whether the text
    // ended inside a quoted cell (a record cut off mid-write, or a quote never closed).
    bool next(std::vector<std::string>& cells);
    bool open_quote() const { return open_quote_; }
    std::size_t line() const { return record_line_; }       // 1-based line where the last record started
    bool complete() const { return complete_; }              // the last record ended with a newline
    std::size_t offset() const { return pos_; }              // bytes read through the last record

private:
    std::string_view text_;
    std::size_t pos_ = 0;
    std::size_t next_line_ = 1;
    std::size_t record_line_ = 0;
    bool complete_ = false;
    bool open_quote_ = false;
};

}  // namespace dramsweep::csv
