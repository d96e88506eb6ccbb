#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>

namespace dceff::io {

/// A stream of bytes from a file, standard input (`-`) or memory, hashed (SHA-256) and counted
/// as it is read, so provenance costs no second pass.
class ByteSource {
 public:
  /// Opens a path, or standard input for `-`. @throws InputError `<path>: cannot open: <reason>`
  [[nodiscard]] static auto open(const std::string& path) -> ByteSource;
  /// Serves bytes from memory under a display name (tests, in-process callers).
  [[nodiscard]] static auto from_string(std::string bytes, std::string name) -> ByteSource;

  ByteSource(ByteSource&&) noexcept;
  auto operator=(ByteSource&&) noexcept -> ByteSource&;
  ByteSource(const ByteSource&) = delete;
  auto operator=(const ByteSource&) -> ByteSource& = delete;
  ~ByteSource();

  /// Reads up to `buffer.size()` bytes; 0 at the end. @throws InputError on a read error.
  [[nodiscard]] auto read(std::span<char> buffer) -> std::size_t;

  [[nodiscard]] auto name() const noexcept -> const std::string&;
  /// Bytes read so far.
  [[nodiscard]] auto bytes_read() const noexcept -> std::uint64_t;
  /// Lower-case hex SHA-256 of every byte read; call after the end was reached.
  [[nodiscard]] auto sha256_hex() const -> std::string;

  struct Impl;

 private:
  explicit ByteSource(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

/// SHA-256 of a whole file, as lower-case hex. @throws InputError when it cannot be read.
[[nodiscard]] auto sha256_file(const std::string& path) -> std::string;

}  // namespace dceff::io
