#include "dramsweep/common/output_file.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>

#include "dramsweep/common/input_error.hpp"

namespace dramsweep {
namespace {

namespace fs = std::filesystem;

std::string folder_of(const std::string& path) {
    const fs::path parent = fs::path(path).parent_path();
    return parent.empty() ? std::string(".") : parent.string();
}

}  // namespace

void check_output_path(const std::string& path, const std::string& option) {
    if (path.empty()) throw InputError("<command line>", 0, option, "an empty file name");
    struct stat info {};
    if (::stat(path.c_str(), &info) == 0 && S_ISDIR(info.st_mode))
        throw InputError(path, 0, option, "is a directory: name a file to write");
    const std::string folder = folder_of(path);
    if (::stat(folder.c_str(), &info) != 0 || !S_ISDIR(info.st_mode))
        throw InputError(path, 0, option, "its folder " + folder + " does not exist");
    if (::access(folder.c_str(), W_OK | X_OK) != 0)
        throw InputError(path, 0, option, "cannot write in " + folder + ": " + std::strerror(errno));
}

LockedFile::LockedFile(std::string path, Mode mode, const std::string& option) : path_(std::move(path)) {
    int flags = O_RDWR | O_CLOEXEC;
    if (mode == Mode::kCreateNew) flags |= O_CREAT | O_EXCL;
    if (mode == Mode::kCreateOrReuse) flags |= O_CREAT;
    fd_ = ::open(path_.c_str(), flags, 0644);
    if (fd_ < 0) {
        const int err = errno;
        if (err == EEXIST) {
            // Held by another process, or left by one that was interrupted: say which.
            const int probe = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
            const bool busy = probe >= 0 && ::flock(probe, LOCK_EX | LOCK_NB) != 0 && errno == EWOULDBLOCK;
            if (probe >= 0) ::close(probe);
            throw InputError(path_, 0, option,
                             busy ? "another dramsweep process is writing this file now"
                                  : "the file exists (an interrupted run left it): continue with --resume, or delete it");
        }
        throw InputError(path_, 0, option, std::string("cannot open for writing: ") + std::strerror(err));
    }
    if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
        ::close(fd_);
        fd_ = -1;
        throw InputError(path_, 0, option, "another dramsweep process is writing this file now");
    }
    if (mode == Mode::kCreateOrReuse && ::ftruncate(fd_, 0) != 0) {
        const int err = errno;
        ::close(fd_);
        fd_ = -1;
        throw InputError(path_, 0, option, std::string("cannot truncate: ") + std::strerror(err));
    }
}

LockedFile::~LockedFile() {
    if (fd_ >= 0) ::close(fd_);  // releases the lock
}

void LockedFile::rename_to(const std::string& path) {
    if (std::rename(path_.c_str(), path.c_str()) != 0)
        throw OutputError("cannot rename " + path_ + " to " + path + ": " + std::strerror(errno));
    path_ = path;
}

void LockedFile::remove() {
    if (fd_ < 0) return;
    (void)::unlink(path_.c_str());
    ::close(fd_);
    fd_ = -1;
}

OutputFile::OutputFile(const std::string& path, const std::string& option)
    : path_((check_output_path(path, option), path)),
      temporary_(path + ".tmp", LockedFile::Mode::kCreateOrReuse, option),
      stream_(path + ".tmp", std::ios::binary | std::ios::trunc) {
    if (!stream_) throw InputError(path, 0, option, "cannot open " + path + ".tmp for writing");
}

OutputFile::~OutputFile() {
    if (!committed_) {
        stream_.close();
        temporary_.remove();
    }
}

void OutputFile::finish() {
    if (finished_) return;
    stream_.flush();
    stream_.close();
    if (!stream_) throw OutputError(path_ + ": write failed (disk full?)");
    finished_ = true;
}

void OutputFile::commit() {
    finish();
    temporary_.rename_to(path_);
    committed_ = true;
}

void finish_stdout() {
    std::cout.flush();
    const bool failed = !std::cout || std::fflush(stdout) != 0 || std::ferror(stdout);
    if (failed) {
        const int err = errno;
        throw OutputError(std::string("cannot write to stdout: ") + (err != 0 ? std::strerror(err) : "write failed"));
    }
}

}  // namespace dramsweep
