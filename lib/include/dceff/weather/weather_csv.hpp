#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "dceff/weather/weather_year.hpp"

namespace dceff::weather {

/// What a weather CSV cannot say about itself.
struct WeatherCsvOptions {
  /// Site elevation in m. Used only when the file has no `pressure_pa` column: the pressure is
  /// then the standard atmosphere at this elevation (ASHRAE 2017 Fundamentals ch. 1 eq. 3, [T]);
  /// without it, 101325 Pa (sea level). Either way `notes` says which.
  std::optional<double> elevation_m;
};

/// Reads a simple hourly weather CSV (plain or gzip) for users without an EPW file.
///
/// Header (names in any order, case-insensitive): `timestamp`, `dry_bulb_c`, at least one of
/// `relative_humidity_pct` and `dew_point_c`, and optionally `pressure_pa`. One row per hour of a
/// whole calendar year: the first at `YYYY-01-01 00:00`, each one hour after the previous, 8760
/// rows (8784 in a leap year). A timestamp labels the start of its hour in local standard time,
/// written without an offset (`2025-01-01 00:00`, `2025-01-01T00:00:00`) or with one fixed offset
/// throughout (`+01:00`, `Z`; it sets `utc_offset_h`): no daylight saving. An empty cell is a
/// missing value, filled like a missing EPW value (gaps of up to 6 hours, by linear
/// interpolation, noted). Ranges: dry bulb and dew point -90..70 degC, RH 0..110 %, pressure
/// 30000..120000 Pa. `sha256` is that of the file as stored.
/// @throws InputError `<path>:<line>: <what> '<text>' (expected ...)`
[[nodiscard]] auto read_weather_csv(const std::string& path, const WeatherCsvOptions& options = {})
    -> WeatherYear;

/// The same from bytes in memory (tests, fuzzing); `sha256` is that of `bytes`.
[[nodiscard]] auto parse_weather_csv(std::string_view bytes, const std::string& name,
                                     const WeatherCsvOptions& options = {}) -> WeatherYear;

}  // namespace dceff::weather
