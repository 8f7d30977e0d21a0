#pragma once
// Writing outputs the one way every command does, so that nothing is lost silently:
//   * a path that cannot be written (a directory, a missing or read-only folder) is refused
//     before anything runs (InputError, exit 2);
//   * a file is written under a temporary name that this process alone holds (an exclusive
//     lock: a second process writing the same output is refused at once, exit 2) and renamed
//     when complete, so that an interrupted run leaves nothing that looks whole;
//   * a write that fails (a full disk, a closed pipe on stdout) is an OutputError (exit 3).

#include <fstream>
#include <stdexcept>
#include <string>

namespace dramsweep {

// An output could not be written: the disk is full, the pipe closed, the file vanished.
class OutputError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

inline constexpr int kExitOutputError = 3;

// Throws InputError (naming `option`) unless `path` can be created or replaced as a file: it
// is not a directory, its folder exists and this process may write there.
void check_output_path(const std::string& path, const std::string& option);

// A file held with an exclusive lock (flock) for the object's lifetime. Another process that
// tries to hold the same file is refused with InputError at once, never made to wait.
class LockedFile {
public:
    enum class Mode {
        kCreateNew,     // the file must not exist yet (O_EXCL)
        kOpenExisting,  // the file must exist
        kCreateOrReuse  // a leftover of an interrupted run is taken over (truncated)
    };
    LockedFile(std::string path, Mode mode, const std::string& option);
    ~LockedFile();
    LockedFile(const LockedFile&) = delete;
    LockedFile& operator=(const LockedFile&) = delete;

    const std::string& path() const { return path_; }
    // Renames the file (the lock stays with it) and remembers the new name.
    void rename_to(const std::string& path);
    // Deletes the file and gives up the lock (for a run that failed before writing anything).
    void remove();

private:
    std::string path_;
    int fd_ = -1;
};

// A file written whole or not at all: written to PATH.tmp (locked) and renamed to PATH by
// commit(). Destroyed without commit(), it removes PATH.tmp.
class OutputFile {
public:
    OutputFile(const std::string& path, const std::string& option);
    ~OutputFile();

    std::ostream& stream() { return stream_; }
    // Flushes and checks every write succeeded (OutputError otherwise).
    void finish();
    // finish(), then renames PATH.tmp to PATH.
    void commit();

private:
    std::string path_;
    LockedFile temporary_;
    std::ofstream stream_;
    bool committed_ = false;
    bool finished_ = false;
};

// Flushes stdout (std::cout and C's stdout) and throws OutputError when any write to it failed.
void finish_stdout();

}  // namespace dramsweep
