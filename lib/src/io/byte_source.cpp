#include "dceff/io/byte_source.hpp"

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "dceff/error.hpp"

#include <fcntl.h>
#include <openssl/evp.h>
#include <unistd.h>

namespace dceff::io {
namespace {

struct DigestDeleter {
  void operator()(EVP_MD_CTX* ctx) const noexcept { EVP_MD_CTX_free(ctx); }
};
using DigestContext = std::unique_ptr<EVP_MD_CTX, DigestDeleter>;

}  // namespace

struct ByteSource::Impl {
  std::string name;
  int fd = -1;
  bool owns_fd = false;
  std::string memory;
  std::size_t memory_pos = 0;
  std::uint64_t bytes = 0;
  DigestContext digest{EVP_MD_CTX_new()};

  Impl() {
    if (!digest || EVP_DigestInit_ex(digest.get(), EVP_sha256(), nullptr) != 1) {
      throw std::runtime_error("cannot initialise SHA-256");
    }
  }
  Impl(const Impl&) = delete;
  auto operator=(const Impl&) -> Impl& = delete;
  ~Impl() {
    if (owns_fd && fd >= 0) {
      ::close(fd);
    }
  }
};

ByteSource::ByteSource(std::unique_ptr<Impl> impl) : impl_{std::move(impl)} {}
ByteSource::ByteSource(ByteSource&&) noexcept = default;
auto ByteSource::operator=(ByteSource&&) noexcept -> ByteSource& = default;
ByteSource::~ByteSource() = default;

auto ByteSource::open(const std::string& path) -> ByteSource {
  auto impl = std::make_unique<Impl>();
  if (path == "-") {
    impl->name = "<stdin>";
    impl->fd = STDIN_FILENO;
  } else {
    impl->name = path;
    impl->fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (impl->fd < 0) {
      throw InputError(fmt::format("{}: cannot open: {}", path, std::strerror(errno)));
    }
    impl->owns_fd = true;
    ::posix_fadvise(impl->fd, 0, 0, POSIX_FADV_SEQUENTIAL);
  }
  return ByteSource{std::move(impl)};
}

auto ByteSource::from_string(std::string bytes, std::string name) -> ByteSource {
  auto impl = std::make_unique<Impl>();
  impl->name = std::move(name);
  impl->memory = std::move(bytes);
  return ByteSource{std::move(impl)};
}

auto ByteSource::read(std::span<char> buffer) -> std::size_t {
  std::size_t got = 0;
  if (impl_->fd >= 0) {
    for (;;) {
      const auto n = ::read(impl_->fd, buffer.data(), buffer.size());
      if (n < 0 && errno == EINTR) {
        continue;
      }
      if (n < 0) {
        throw InputError(fmt::format("{}: read error: {}", impl_->name, std::strerror(errno)));
      }
      got = static_cast<std::size_t>(n);
      break;
    }
  } else {
    got = std::min(buffer.size(), impl_->memory.size() - impl_->memory_pos);
    std::memcpy(buffer.data(), impl_->memory.data() + impl_->memory_pos, got);
    impl_->memory_pos += got;
  }
  if (got > 0) {
    EVP_DigestUpdate(impl_->digest.get(), buffer.data(), got);
    impl_->bytes += got;
  }
  return got;
}

auto ByteSource::name() const noexcept -> const std::string& {
  return impl_->name;
}

auto ByteSource::bytes_read() const noexcept -> std::uint64_t {
  return impl_->bytes;
}

auto ByteSource::sha256_hex() const -> std::string {
  // Finalise a copy so the source could keep reading.
  DigestContext copy{EVP_MD_CTX_new()};
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (!copy || EVP_MD_CTX_copy_ex(copy.get(), impl_->digest.get()) != 1 ||
      EVP_DigestFinal_ex(copy.get(), digest, &length) != 1) {
    throw std::runtime_error("cannot finalise SHA-256");
  }
  std::string hex;
  for (unsigned int i = 0; i < length; ++i) {
    hex += fmt::format("{:02x}", digest[i]);
  }
  return hex;
}

auto sha256_file(const std::string& path) -> std::string {
  auto source = ByteSource::open(path);
  std::string buffer(1 << 16, '\0');
  while (source.read(buffer) > 0) {
  }
  return source.sha256_hex();
}

}  // namespace dceff::io
