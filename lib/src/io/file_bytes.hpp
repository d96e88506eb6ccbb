#pragma once

#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <utility>

namespace dceff::io::detail {

/// The bytes of a whole file as stored (no newline translation). Empty when the file cannot be
/// opened, with errno still that of the failed open, so callers can word their own error.
[[nodiscard]] inline auto read_file_bytes(const std::string& path) -> std::optional<std::string> {
  std::ifstream in{path, std::ios::binary};
  if (!in) {
    return std::nullopt;
  }
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return std::move(bytes).str();
}

}  // namespace dceff::io::detail
