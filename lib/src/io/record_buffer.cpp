#include "record_buffer.hpp"

#include <algorithm>
#include <cstring>

#include <fmt/format.h>

#include "dceff/error.hpp"

namespace dceff::io::detail {

auto RecordBuffer::ensure(std::size_t want) -> bool {
  while (end_ - begin_ < want) {
    if (eof_) {
      return false;
    }
    if (begin_ > 0) {
      std::memmove(data_.data(), data_.data() + begin_, end_ - begin_);
      end_ -= begin_;
      begin_ = 0;
    }
    if (end_ == data_.size()) {
      if (data_.size() >= kMaxRecord) {
        throw InputError(fmt::format("{}:{}: record longer than {} MiB", source_.name(), line_,
                                     kMaxRecord >> 20));
      }
      data_.resize(std::min(data_.size() * 2, kMaxRecord));
    }
    const auto got = source_.read({data_.data() + end_, data_.size() - end_});
    if (got == 0) {
      eof_ = true;
    }
    end_ += got;
  }
  return true;
}

void RecordBuffer::skip_bom() {
  if (ensure(3) && std::memcmp(data_.data() + begin_, "\xEF\xBB\xBF", 3) == 0) {
    begin_ += 3;
  }
}

auto RecordBuffer::next_line(std::string_view& line) -> bool {
  std::size_t scanned = 0;
  for (;;) {
    const char* start = data_.data() + begin_;
    const auto available = end_ - begin_;
    if (const void* nl = std::memchr(start + scanned, '\n', available - scanned)) {
      const auto length = static_cast<std::size_t>(static_cast<const char*>(nl) - start);
      line = {start, length};
      begin_ += length + 1;
      record_line_ = line_++;
      break;
    }
    scanned = available;
    if (!ensure(available + 1)) {
      if (end_ == begin_) {
        return false;
      }
      // Last line without a newline.
      line = {data_.data() + begin_, end_ - begin_};
      begin_ = end_;
      record_line_ = line_++;
      break;
    }
  }
  if (!line.empty() && line.back() == '\r') {
    line.remove_suffix(1);
  }
  return true;
}

auto RecordBuffer::peek(std::size_t offset, char& c) -> bool {
  if (!ensure(offset + 1)) {
    return false;
  }
  c = data_.data()[begin_ + offset];
  return true;
}

void RecordBuffer::consume(std::size_t count) {
  begin_ += count;
}

void RecordBuffer::count_lines(std::size_t count) noexcept {
  line_ += static_cast<std::uint64_t>(
      std::count(data_.data() + begin_, data_.data() + begin_ + count, '\n'));
}

void RecordBuffer::take_remaining(ByteBuffer& out) {
  out.assign(data_.data() + begin_, data_.data() + end_);
  begin_ = end_;
}

}  // namespace dceff::io::detail
