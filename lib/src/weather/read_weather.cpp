#include "dceff/weather/read_weather.hpp"

#include "dceff/weather/epw_reader.hpp"

#include "weather_bytes.hpp"

namespace dceff::weather {
namespace {

auto looks_like_epw(std::string_view bytes) noexcept -> bool {
  constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";
  if (bytes.substr(0, kByteOrderMark.size()) == kByteOrderMark) {
    bytes.remove_prefix(kByteOrderMark.size());
  }
  constexpr std::string_view kLocation = "LOCATION,";
  return bytes.substr(0, kLocation.size()) == kLocation;
}

}  // namespace

auto parse_weather(std::string_view bytes, const std::string& name,
                   const WeatherCsvOptions& options) -> WeatherYear {
  return looks_like_epw(bytes) ? parse_epw(bytes, name) : parse_weather_csv(bytes, name, options);
}

auto read_weather(const std::string& path, const WeatherCsvOptions& options) -> WeatherYear {
  auto stored = detail::read_weather_bytes(path);
  auto year = parse_weather(stored.bytes, path, options);
  year.sha256 = std::move(stored.sha256);
  return year;
}

}  // namespace dceff::weather
