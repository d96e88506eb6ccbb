#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>

namespace dceff::io {

/// A stream of bytes from a file, standard input (`-`) or memory, hashed (SHA-256) and counted
/// as it is read, so provenance costs no second pass.
///
/// Input that starts with the gzip magic bytes (1f 8b) is decompressed on the fly, whatever its
/// name, including concatenated members as `gzip -dc` reads them. The hash and bytes_read() stay
/// those of the bytes as stored, because an auditor checks the file they hold, not its contents.
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

  /// Reads up to `buffer.size()` bytes, decompressed if the input is gzip; 0 only at the end.
  /// @throws InputError on a read error, `<name>: invalid gzip data: <reason> (at compressed
  /// byte N)` on corrupt gzip data, and `<name>: truncated gzip data (the file ends inside a
  /// compressed stream)` when the input stops in the middle of a gzip member.
  [[nodiscard]] auto read(std::span<char> buffer) -> std::size_t;

  [[nodiscard]] auto name() const noexcept -> const std::string&;
  /// Bytes read so far from the file, standard input or memory, as stored (compressed bytes for
  /// gzip input).
  [[nodiscard]] auto bytes_read() const noexcept -> std::uint64_t;
  /// Bytes handed to callers of read() so far: the decompressed count for gzip input, equal to
  /// bytes_read() otherwise.
  [[nodiscard]] auto decompressed_bytes() const noexcept -> std::uint64_t;
  /// Whether the input is gzip and being decompressed; known once read() has returned data or
  /// reached the end.
  [[nodiscard]] auto compressed() const noexcept -> bool;
  /// Lower-case hex SHA-256 of every byte read as stored (the compressed bytes for gzip input);
  /// call after the end was reached.
  [[nodiscard]] auto sha256_hex() const -> std::string;

  /// Hands the hashing of plain (uncompressed) input over to the caller, so that a reader with a
  /// thread to spare can hash while it parses. From then on read() only counts, and every byte it
  /// serves must be passed to hash() once, in order, before sha256_hex(). Returns false, and
  /// changes nothing, for gzip input (the caller never sees its stored bytes) or before the
  /// first read().
  [[nodiscard]] auto defer_hashing() noexcept -> bool;
  /// Adds served bytes to the hash after defer_hashing(); one thread at a time.
  void hash(std::span<const char> bytes);

  struct Impl;

 private:
  explicit ByteSource(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

/// SHA-256 of a whole file as stored (never decompressed), as lower-case hex.
/// @throws InputError when it cannot be read.
[[nodiscard]] auto sha256_file(const std::string& path) -> std::string;

/// SHA-256 of bytes in memory, as lower-case hex.
[[nodiscard]] auto sha256_hex(std::string_view bytes) -> std::string;

}  // namespace dceff::io
