#include "dceff/io/atomic_file.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <sstream>
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

void write_all(int fd, const std::string& text, const std::string& path) {
  std::size_t done = 0;
  while (done < text.size()) {
    const auto n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n <= 0) {
      fail(path, n < 0 ? errno : EIO);
    }
    done += static_cast<std::size_t>(n);
  }
}

}  // namespace

void write_atomically(const std::string& path, const std::function<void(std::ostream&)>& write) {
  std::ostringstream content;
  write(content);
  const auto text = std::move(content).str();

  // A device or pipe (/dev/stdout, /dev/null, a FIFO) is written in place: renaming a temporary
  // file over it would replace the device itself.
  struct stat target {};
  if (::stat(path.c_str(), &target) == 0 && !S_ISREG(target.st_mode)) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
    if (fd < 0) {
      fail(path, errno);
    }
    try {
      write_all(fd, text, path);
    } catch (...) {
      ::close(fd);
      throw;
    }
    if (::close(fd) != 0) {
      fail(path, errno);
    }
    return;
  }

  TemporaryFile temporary{path};
  write_all(temporary.fd(), text, path);
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
