#include "dramsweep/common/input_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "dramsweep/common/input_error.hpp"

namespace dramsweep {
namespace {

constexpr std::size_t kChunkBytes = std::size_t{1} << 16;
// No line of any text format here is this long; a longer one is a binary file read by mistake,
// and holding it whole is what streaming avoids.
constexpr std::size_t kMaxLineBytes = std::size_t{16} << 20;

const char* kind_of(mode_t mode) {
    if (S_ISDIR(mode)) return "a directory";
    if (S_ISFIFO(mode)) return "a FIFO (named pipe)";
    if (S_ISCHR(mode)) return "a character device";
    if (S_ISBLK(mode)) return "a block device";
    if (S_ISSOCK(mode)) return "a socket";
    return "not a regular file";
}

}  // namespace

InputFile::InputFile(const std::string& path) : path_(path) {
    // O_NONBLOCK: opening a FIFO without a writer would otherwise wait for one. The kind is
    // checked on the descriptor itself, so the path cannot change between check and read.
    fd_ = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd_ < 0) {
        const int err = errno;
        throw InputError(path, 0, "", err == ENOENT ? std::string("no such file") : "cannot open: " + std::string(std::strerror(err)));
    }
    struct stat info {};
    const bool stat_ok = ::fstat(fd_, &info) == 0;
    if (!stat_ok || !S_ISREG(info.st_mode)) {
        const char* kind = stat_ok ? kind_of(info.st_mode) : "not a regular file";
        ::close(fd_);
        fd_ = -1;
        throw InputError(path, 0, "", std::string("is ") + kind + ", not a file to read");
    }
    const int flags = ::fcntl(fd_, F_GETFL);
    if (flags >= 0) (void)::fcntl(fd_, F_SETFL, flags & ~O_NONBLOCK);
    size_ = static_cast<std::uint64_t>(info.st_size);
}

InputFile::~InputFile() {
    if (fd_ >= 0) ::close(fd_);
}

bool InputFile::fill() {
    if (eof_) return false;
    if (pos_ > 0) {
        buffer_.erase(0, pos_);
        pos_ = 0;
    }
    const std::size_t old = buffer_.size();
    buffer_.resize(old + kChunkBytes);
    ssize_t n = 0;
    do {
        n = ::read(fd_, buffer_.data() + old, kChunkBytes);
    } while (n < 0 && errno == EINTR);
    if (n < 0) {
        const int err = errno;
        buffer_.resize(old);
        throw InputError(path_, 0, "", "cannot read: " + std::string(std::strerror(err)));
    }
    buffer_.resize(old + static_cast<std::size_t>(n));
    if (n == 0) eof_ = true;
    return n > 0;
}

std::string InputFile::read_all() {
    if (size_ > 0) buffer_.reserve(static_cast<std::size_t>(size_) + 1);
    while (fill()) {
    }
    std::string out = buffer_.substr(pos_);
    consumed_ += out.size();
    buffer_.clear();
    pos_ = 0;
    return out;
}

bool InputFile::next_line(std::string& line) {
    std::size_t scanned = pos_;
    while (true) {
        const std::size_t eol = buffer_.find('\n', scanned);
        if (eol == std::string::npos && buffer_.size() - pos_ > kMaxLineBytes)
            throw InputError(path_, lines_ + 1, "", "a line longer than " + std::to_string(kMaxLineBytes >> 20) +
                                                         " MiB: not a text file of this kind");
        if (eol != std::string::npos) {
            ++lines_;
            line.assign(buffer_, pos_, eol - pos_);
            consumed_ += eol + 1 - pos_;
            pos_ = eol + 1;
            return true;
        }
        scanned = buffer_.size() - pos_;  // relative: fill() moves the unread part to the front
        if (!fill()) break;
        scanned = scanned + pos_;
    }
    if (pos_ >= buffer_.size()) return false;
    line.assign(buffer_, pos_, std::string::npos);
    ++lines_;
    consumed_ += buffer_.size() - pos_;
    pos_ = buffer_.size();
    return true;
}

}  // namespace dramsweep
