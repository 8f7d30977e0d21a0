#pragma once
// Opening an input file the one way every reader does: a path that is not a regular file (a
// directory, a FIFO, a device) is refused before anything is read from it, so that no command,
// and no `serve` request naming such a path, can block on it; then the file is read in chunks,
// whole or line by line, so that a trace of any length is streamed rather than held in memory.

#include <cstdint>
#include <string>
#include <string_view>

namespace dramsweep {

class InputFile {
public:
    // Throws InputError (line 0, naming `path`) when the path is missing, unreadable or not a
    // regular file.
    explicit InputFile(const std::string& path);
    ~InputFile();
    InputFile(const InputFile&) = delete;
    InputFile& operator=(const InputFile&) = delete;

    const std::string& path() const { return path_; }
    std::uint64_t size() const { return size_; }            // bytes, when opened
    std::uint64_t bytes_read() const { return consumed_; }  // handed out so far

    // The rest of the file.
    std::string read_all();
    // The next line without its '\n' (a final line without one counts); false at the end. A
    // line longer than 16 MiB throws InputError.
    bool next_line(std::string& line);
    std::size_t lines_read() const { return lines_; }

private:
    bool fill();  // reads the next chunk; false at the end of the file

    std::string path_;
    int fd_ = -1;
    std::uint64_t size_ = 0;
    std::uint64_t consumed_ = 0;
    std::size_t lines_ = 0;
    std::string buffer_;
    std::size_t pos_ = 0;
    bool eof_ = false;
};

}  // namespace dramsweep
