#pragma once

#include <cstddef>
#include <string>

namespace dceff::weather::detail {

/// A weather file is a year of hours: an EPW is about 1.6 MB, an hourly CSV far less. Anything
/// larger is refused before it can fill memory (a gzip bomb included).
inline constexpr std::size_t kMaxWeatherBytes = std::size_t{64} << 20U;

struct StoredBytes {
  std::string bytes;   ///< decompressed when the file is gzip
  std::string sha256;  ///< of the file as stored
};

/// Reads a whole weather file through io::ByteSource (gzip-transparent).
/// @throws InputError `<path>: cannot open: ...`, `<path>: larger than 64 MiB (...)`
[[nodiscard]] auto read_weather_bytes(const std::string& path) -> StoredBytes;

}  // namespace dceff::weather::detail
