#pragma once

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <memory>
#include <utility>

namespace dceff::io::detail {

/// A growable byte buffer that does not zero what it is about to overwrite (a std::vector would
/// clear every chunk's megabytes before read(2) fills them).
class ByteBuffer {
 public:
  [[nodiscard]] auto data() noexcept -> char* { return data_.get(); }
  [[nodiscard]] auto data() const noexcept -> const char* { return data_.get(); }
  [[nodiscard]] auto size() const noexcept -> std::size_t { return size_; }
  [[nodiscard]] auto empty() const noexcept -> bool { return size_ == 0; }
  void clear() noexcept { size_ = 0; }

  /// Sets the size; new bytes are uninitialised.
  void resize(std::size_t size) {
    if (size > capacity_) {
      const auto capacity = std::max(size, capacity_ * 2);
      auto grown = std::make_unique_for_overwrite<char[]>(capacity);
      if (size_ > 0) {
        std::memcpy(grown.get(), data_.get(), size_);
      }
      data_ = std::move(grown);
      capacity_ = capacity;
    }
    size_ = size;
  }

  void assign(const char* first, const char* last) {
    const auto n = static_cast<std::size_t>(last - first);
    size_ = 0;
    resize(n);
    if (n > 0) {
      std::memmove(data_.get(), first, n);
    }
  }

  void swap(ByteBuffer& other) noexcept {
    std::swap(data_, other.data_);
    std::swap(size_, other.size_);
    std::swap(capacity_, other.capacity_);
  }

 private:
  std::unique_ptr<char[]> data_;
  std::size_t size_ = 0;
  std::size_t capacity_ = 0;
};

}  // namespace dceff::io::detail
