#include "weather_bytes.hpp"

#include <array>
#include <span>

#include <fmt/format.h>

#include "dceff/error.hpp"
#include "dceff/io/byte_source.hpp"

namespace dceff::weather::detail {

auto read_weather_bytes(const std::string& path) -> StoredBytes {
  auto source = io::ByteSource::open(path);
  StoredBytes stored;
  std::array<char, std::size_t{64} << 10U> buffer{};
  while (true) {
    const std::size_t got = source.read(std::span<char>{buffer});
    if (got == 0) {
      break;
    }
    if (stored.bytes.size() + got > kMaxWeatherBytes) {
      throw InputError(
          fmt::format("{}: larger than {} MiB (expected a year of hourly weather, "
                      "about 1.6 MB as EPW)",
                      path, kMaxWeatherBytes >> 20U));
    }
    stored.bytes.append(buffer.data(), got);
  }
  stored.sha256 = source.sha256_hex();
  return stored;
}

}  // namespace dceff::weather::detail
