#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "dceff/io/byte_source.hpp"

#include "byte_buffer.hpp"

namespace dceff::io::detail {

/// A rolling window over a ByteSource that hands out whole records (lines, or any span the
/// caller delimits) without copying them, refilling and growing as needed. Memory is bounded by
/// the block size plus the longest record, never by the file's length.
class RecordBuffer {
 public:
  static constexpr std::size_t kBlockSize = std::size_t{1} << 20;
  static constexpr std::size_t kMaxRecord = std::size_t{64} << 20;

  explicit RecordBuffer(ByteSource& source) : source_{source} { data_.resize(kBlockSize); }

  /// Skips a UTF-8 byte-order mark at the very start.
  void skip_bom();

  /// The next line without its `\n` or `\r\n`; false at the end of input.
  /// @throws InputError when a line exceeds kMaxRecord.
  [[nodiscard]] auto next_line(std::string_view& line) -> bool;

  /// 1-based number of the line the last record started on.
  [[nodiscard]] auto line_number() const noexcept -> std::uint64_t { return record_line_; }

  /// Character-level access for the JSON array reader.
  [[nodiscard]] auto peek(std::size_t offset, char& c) -> bool;
  void consume(std::size_t count);
  /// The `count` bytes at the cursor; they must have been peeked.
  [[nodiscard]] auto view(std::size_t count) const noexcept -> std::string_view {
    return {data_.data() + begin_, count};
  }
  /// Counts newlines in the next `count` bytes (they must have been peeked) into the line number.
  void count_lines(std::size_t count) noexcept;
  [[nodiscard]] auto current_line() const noexcept -> std::uint64_t { return line_; }
  void mark_record_start() noexcept { record_line_ = line_; }
  /// Moves the buffered, unread bytes to `out`: the caller reads the source directly from here.
  void take_remaining(ByteBuffer& out);

 private:
  /// Makes at least `want` bytes available from begin_; false when the input ends first.
  auto ensure(std::size_t want) -> bool;

  ByteSource& source_;
  ByteBuffer data_;  // not zero-filled: read(2) overwrites it
  std::size_t begin_ = 0;
  std::size_t end_ = 0;
  bool eof_ = false;
  std::uint64_t line_ = 1;
  std::uint64_t record_line_ = 0;
};

}  // namespace dceff::io::detail
