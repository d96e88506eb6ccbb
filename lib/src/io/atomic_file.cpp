#include "dceff/io/atomic_file.hpp"

#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ostream>
#include <streambuf>
#include <vector>

#include <fmt/format.h>

#include "dceff/error.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace dceff::io {
namespace {

[[noreturn]] void fail(const std::string& path, int error) {
  throw OutputError(fmt::format("{}: cannot write: {}", path, std::strerror(error)));
}

// Removes the temporary file unless it was renamed into place.
class TemporaryFile {
 public:
  explicit TemporaryFile(const std::string& target) {
    std::vector<char> name(target.begin(), target.end());
    const std::string suffix = ".dceff-XXXXXX";
    name.insert(name.end(), suffix.begin(), suffix.end());
    name.push_back('\0');
    fd_ = ::mkstemp(name.data());
    if (fd_ < 0) {
      fail(target, errno);
    }
    path_.assign(name.data());
  }
  TemporaryFile(const TemporaryFile&) = delete;
  auto operator=(const TemporaryFile&) -> TemporaryFile& = delete;
  ~TemporaryFile() {
    if (fd_ >= 0) {
      ::close(fd_);
    }
    if (!committed_) {
      ::unlink(path_.c_str());
    }
  }
  [[nodiscard]] auto fd() const noexcept -> int { return fd_; }
  [[nodiscard]] auto path() const noexcept -> const std::string& { return path_; }
  void close_fd(const std::string& target) {
    const int fd = fd_;
    fd_ = -1;
    if (::close(fd) != 0) {
      fail(target, errno);
    }
  }
  void commit() noexcept { committed_ = true; }

 private:
  int fd_ = -1;
  std::string path_;
  bool committed_ = false;
};

// Writes all of [data, data + size) or returns the errno that stopped it (0 when done).
auto write_all(int fd, const char* data, std::size_t size) noexcept -> int {
  std::size_t done = 0;
  while (done < size) {
    const auto n = ::write(fd, data + done, size - done);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n <= 0) {
      return n < 0 ? errno : EIO;
    }
    done += static_cast<std::size_t>(n);
  }
  return 0;
}

// The writer's output goes straight to the file in 64 KiB blocks, so a report of any size
// needs no copy of itself in memory; the first write error is kept for the caller to report
// (an ostream turns a throwing buffer into a silent badbit).
class FdBuffer : public std::streambuf {
 public:
  explicit FdBuffer(int fd) : fd_{fd} { setp(block_.data(), block_.data() + block_.size()); }

  /// Writes what is buffered; the errno of the first failed write, or 0.
  [[nodiscard]] auto finish() noexcept -> int {
    drain();
    return error_;
  }

 protected:
  auto overflow(int_type c) -> int_type override {
    drain();
    if (error_ != 0) {
      return traits_type::eof();
    }
    if (!traits_type::eq_int_type(c, traits_type::eof())) {
      *pptr() = traits_type::to_char_type(c);
      pbump(1);
    }
    return traits_type::not_eof(c);
  }
  auto sync() -> int override {
    drain();
    return error_ == 0 ? 0 : -1;
  }

 private:
  void drain() noexcept {
    if (error_ == 0 && pptr() > pbase()) {
      error_ = write_all(fd_, pbase(), static_cast<std::size_t>(pptr() - pbase()));
    }
    setp(block_.data(), block_.data() + block_.size());
  }

  int fd_;
  int error_ = 0;
  std::array<char, std::size_t{1} << 16> block_{};
};

// Runs `write` into `fd`. @throws OutputError naming `path` when a write failed.
void write_to(int fd, const std::string& path, const std::function<void(std::ostream&)>& write) {
  FdBuffer buffer{fd};
  std::ostream out{&buffer};
  write(out);
  if (const int error = buffer.finish(); error != 0) {
    fail(path, error);
  }
  if (!out) {
    fail(path, EIO);
  }
}

}  // namespace

void write_atomically(const std::string& path, const std::function<void(std::ostream&)>& write) {
  // A device or pipe (/dev/stdout, /dev/null, a FIFO) is written in place: renaming a temporary
  // file over it would replace the device itself.
  struct stat target {};
  if (::stat(path.c_str(), &target) == 0 && !S_ISREG(target.st_mode)) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
    if (fd < 0) {
      fail(path, errno);
    }
    try {
      write_to(fd, path, write);
    } catch (...) {
      ::close(fd);
      throw;
    }
    if (::close(fd) != 0) {
      fail(path, errno);
    }
    return;
  }

  // A regular file appears whole or not at all: written to a temporary file beside it (removed
  // if anything fails), synced, then renamed over it.
  TemporaryFile temporary{path};
  write_to(temporary.fd(), path, write);
  if (::fsync(temporary.fd()) != 0 && errno != EINVAL) {
    fail(path, errno);
  }
  ::fchmod(temporary.fd(), 0644);
  temporary.close_fd(path);
  if (std::rename(temporary.path().c_str(), path.c_str()) != 0) {
    fail(path, errno);
  }
  temporary.commit();
}

}  // namespace dceff::io
