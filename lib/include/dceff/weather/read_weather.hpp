#pragma once

#include <string>
#include <string_view>

#include "dceff/weather/weather_csv.hpp"
#include "dceff/weather/weather_year.hpp"

namespace dceff::weather {

/// Reads a weather file, plain or gzip, choosing the format by content: EPW when the text
/// starts with `LOCATION,` (after an optional UTF-8 byte-order mark), the weather CSV otherwise.
/// `options` apply to CSV only (an EPW states its own elevation and pressure).
/// @throws InputError as read_epw() or read_weather_csv()
[[nodiscard]] auto read_weather(const std::string& path, const WeatherCsvOptions& options = {})
    -> WeatherYear;

/// The same from bytes in memory; `sha256` is that of `bytes`.
[[nodiscard]] auto parse_weather(std::string_view bytes, const std::string& name,
                                 const WeatherCsvOptions& options = {}) -> WeatherYear;

}  // namespace dceff::weather
