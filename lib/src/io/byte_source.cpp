#include "dceff/io/byte_source.hpp"

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>
#include <new>
#include <stdexcept>

#include <fmt/format.h>
#include <zlib.h>

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

// Compressed input is read in large blocks so that inflate, not system calls, sets the pace;
// it also caps the first read, which becomes the head of the compressed input.
constexpr std::size_t kCompressedBlock = std::size_t{1} << 20;

// gzip wrapper only, 32 KiB window: automatic header detection would also accept a zlib stream
// after a member, which `gzip -dc` rejects and so do we.
constexpr int kGzipWindowBits = 16 + MAX_WBITS;

constexpr unsigned char kGzipMagic[2] = {0x1f, 0x8b};

auto to_bytef(char* data) noexcept -> Bytef* {
  return reinterpret_cast<Bytef*>(data);
}

auto hex_digest(const EVP_MD_CTX* digest) -> std::string {
  // Finalise a copy so the source could keep reading.
  DigestContext copy{EVP_MD_CTX_new()};
  unsigned char bytes[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (!copy || EVP_MD_CTX_copy_ex(copy.get(), digest) != 1 ||
      EVP_DigestFinal_ex(copy.get(), bytes, &length) != 1) {
    throw std::runtime_error("cannot finalise SHA-256");
  }
  std::string hex;
  for (unsigned int i = 0; i < length; ++i) {
    hex += fmt::format("{:02x}", bytes[i]);
  }
  return hex;
}

enum class Encoding { kUnknown, kPlain, kGzip };

}  // namespace

struct ByteSource::Impl {
  std::string name;
  int fd = -1;
  bool owns_fd = false;
  std::string memory;
  std::size_t memory_pos = 0;
  std::uint64_t bytes = 0;   // as stored, hashed
  std::uint64_t served = 0;  // handed to callers of read()
  DigestContext digest{EVP_MD_CTX_new()};
  bool hash_deferred = false;  // the caller hashes served bytes (defer_hashing())

  Encoding encoding = Encoding::kUnknown;
  // A one-byte read still needs two bytes to tell gzip from plain data; the spare one waits here.
  char probe[2] = {};
  std::size_t probe_size = 0;
  std::size_t probe_pos = 0;

  std::unique_ptr<char[]> input;  // compressed bytes not yet inflated, at stream.next_in
  z_stream stream{};
  bool stream_ready = false;
  bool in_member = false;
  bool input_ended = false;

  Impl() {
    if (!digest || EVP_DigestInit_ex(digest.get(), EVP_sha256(), nullptr) != 1) {
      throw std::runtime_error("cannot initialise SHA-256");
    }
  }
  Impl(const Impl&) = delete;
  auto operator=(const Impl&) -> Impl& = delete;
  ~Impl() {
    if (stream_ready) {
      inflateEnd(&stream);
    }
    if (owns_fd && fd >= 0) {
      ::close(fd);
    }
  }

  /// Stored bytes into `data`, neither hashed nor counted yet; 0 at the end.
  auto read_stored(char* data, std::size_t size) -> std::size_t {
    if (fd < 0) {
      const auto got = std::min(size, memory.size() - memory_pos);
      std::memcpy(data, memory.data() + memory_pos, got);
      memory_pos += got;
      return got;
    }
    for (;;) {
      const auto n = ::read(fd, data, size);
      if (n >= 0) {
        return static_cast<std::size_t>(n);
      }
      if (errno != EINTR) {
        throw InputError(fmt::format("{}: read error: {}", name, std::strerror(errno)));
      }
    }
  }

  void account(const char* data, std::size_t size) {
    if (size > 0) {
      if (!hash_deferred) {
        EVP_DigestUpdate(digest.get(), data, size);
      }
      bytes += size;
    }
  }

  auto detect(std::span<char> buffer) -> std::size_t {
    auto target = buffer.size() >= 2 ? buffer.first(std::min(buffer.size(), kCompressedBlock))
                                     : std::span<char>{probe};
    auto got = read_stored(target.data(), target.size());
    // A pipe may deliver the first byte alone, and 1f could still start plain data.
    while (got == 1 && static_cast<unsigned char>(target[0]) == kGzipMagic[0]) {
      const auto more = read_stored(target.data() + 1, target.size() - 1);
      if (more == 0) {
        break;
      }
      got += more;
    }
    if (got >= 2 && static_cast<unsigned char>(target[0]) == kGzipMagic[0] &&
        static_cast<unsigned char>(target[1]) == kGzipMagic[1]) {
      account(target.data(), got);
      start_gzip(target.first(got));
      return read_gzip(buffer);
    }
    encoding = Encoding::kPlain;
    if (target.data() == probe) {
      probe_size = got;
      return read_plain(buffer);
    }
    account(buffer.data(), got);
    served += got;
    return got;
  }

  auto read_plain(std::span<char> buffer) -> std::size_t {
    std::size_t got = 0;
    if (probe_pos < probe_size) {
      got = std::min(buffer.size(), probe_size - probe_pos);
      std::memcpy(buffer.data(), probe + probe_pos, got);
      probe_pos += got;
    } else {
      got = read_stored(buffer.data(), buffer.size());
    }
    account(buffer.data(), got);
    served += got;
    return got;
  }

  void start_gzip(std::span<const char> head) {
    input = std::make_unique_for_overwrite<char[]>(kCompressedBlock);
    std::memcpy(input.get(), head.data(), head.size());
    const int status = inflateInit2(&stream, kGzipWindowBits);
    if (status == Z_MEM_ERROR) {
      throw std::bad_alloc();
    }
    if (status != Z_OK) {
      throw std::runtime_error(fmt::format("cannot initialise zlib: {}", zError(status)));
    }
    stream_ready = true;
    encoding = Encoding::kGzip;
    in_member = true;
    stream.next_in = to_bytef(input.get());
    stream.avail_in = static_cast<uInt>(head.size());
  }

  /// Loads the next block of compressed input; false at the end of the stored bytes.
  auto refill() -> bool {
    if (input_ended) {
      return false;
    }
    const auto got = read_stored(input.get(), kCompressedBlock);
    if (got == 0) {
      input_ended = true;
      return false;
    }
    account(input.get(), got);
    stream.next_in = to_bytef(input.get());
    stream.avail_in = static_cast<uInt>(got);
    return true;
  }

  auto read_gzip(std::span<char> buffer) -> std::size_t {
    // zlib counts in uInt; a shorter read is within the contract.
    const auto want = static_cast<uInt>(std::min<std::size_t>(buffer.size(), UINT_MAX));
    stream.next_out = to_bytef(buffer.data());
    stream.avail_out = want;
    while (stream.avail_out > 0) {
      if (stream.avail_in == 0) {
        // Hand over what is ready rather than wait on a slow pipe for more.
        if (stream.avail_out < want) {
          break;
        }
        if (!refill()) {
          if (in_member) {
            throw InputError(fmt::format(
                "{}: truncated gzip data (the file ends inside a compressed stream)", name));
          }
          break;
        }
      }
      if (!in_member) {
        // More bytes after a member must be another member, as `gzip -dc` reads them.
        inflateReset(&stream);
        in_member = true;
      }
      const int status = inflate(&stream, Z_NO_FLUSH);
      if (status == Z_STREAM_END) {
        in_member = false;
      } else if (status != Z_OK && !(status == Z_BUF_ERROR && stream.avail_in == 0)) {
        fail(status);
      }
    }
    const std::size_t produced = want - stream.avail_out;
    served += produced;
    return produced;
  }

  [[noreturn]] void fail(int status) const {
    if (status == Z_MEM_ERROR) {
      throw std::bad_alloc();
    }
    const char* reason = stream.msg != nullptr ? stream.msg : zError(status);
    if (status == Z_STREAM_ERROR) {
      throw std::runtime_error(fmt::format("{}: zlib misuse: {}", name, reason));
    }
    throw InputError(fmt::format("{}: invalid gzip data: {} (at compressed byte {})", name, reason,
                                 bytes - stream.avail_in));
  }
};

namespace {

auto open_stored(const std::string& path) -> std::unique_ptr<ByteSource::Impl> {
  auto impl = std::make_unique<ByteSource::Impl>();
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
  return impl;
}

}  // namespace

ByteSource::ByteSource(std::unique_ptr<Impl> impl) : impl_{std::move(impl)} {}
ByteSource::ByteSource(ByteSource&&) noexcept = default;
auto ByteSource::operator=(ByteSource&&) noexcept -> ByteSource& = default;
ByteSource::~ByteSource() = default;

auto ByteSource::open(const std::string& path) -> ByteSource {
  return ByteSource{open_stored(path)};
}

auto ByteSource::from_string(std::string bytes, std::string name) -> ByteSource {
  auto impl = std::make_unique<Impl>();
  impl->name = std::move(name);
  impl->memory = std::move(bytes);
  return ByteSource{std::move(impl)};
}

auto ByteSource::read(std::span<char> buffer) -> std::size_t {
  if (buffer.empty()) {
    return 0;
  }
  switch (impl_->encoding) {
    case Encoding::kPlain:
      return impl_->read_plain(buffer);
    case Encoding::kGzip:
      return impl_->read_gzip(buffer);
    case Encoding::kUnknown:
      break;
  }
  return impl_->detect(buffer);
}

auto ByteSource::name() const noexcept -> const std::string& {
  return impl_->name;
}

auto ByteSource::bytes_read() const noexcept -> std::uint64_t {
  return impl_->bytes;
}

auto ByteSource::decompressed_bytes() const noexcept -> std::uint64_t {
  return impl_->served;
}

auto ByteSource::compressed() const noexcept -> bool {
  return impl_->encoding == Encoding::kGzip;
}

auto ByteSource::sha256_hex() const -> std::string {
  return hex_digest(impl_->digest.get());
}

auto ByteSource::defer_hashing() noexcept -> bool {
  if (impl_->encoding != Encoding::kPlain) {
    return false;  // gzip, or not yet known
  }
  impl_->hash_deferred = true;
  return true;
}

void ByteSource::hash(std::span<const char> bytes) {
  if (!bytes.empty()) {
    EVP_DigestUpdate(impl_->digest.get(), bytes.data(), bytes.size());
  }
}

auto sha256_hex(std::string_view bytes) -> std::string {
  DigestContext digest{EVP_MD_CTX_new()};
  if (!digest || EVP_DigestInit_ex(digest.get(), EVP_sha256(), nullptr) != 1 ||
      EVP_DigestUpdate(digest.get(), bytes.data(), bytes.size()) != 1) {
    throw std::runtime_error("cannot compute SHA-256");
  }
  return hex_digest(digest.get());
}

auto sha256_file(const std::string& path) -> std::string {
  // Hashes the file as stored: no detection, so a file that merely starts with 1f 8b still hashes.
  auto impl = open_stored(path);
  std::string buffer(1 << 16, '\0');
  while (const auto got = impl->read_stored(buffer.data(), buffer.size())) {
    impl->account(buffer.data(), got);
  }
  return hex_digest(impl->digest.get());
}

}  // namespace dceff::io
