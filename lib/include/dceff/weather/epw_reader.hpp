#pragma once

#include <string>
#include <string_view>

#include "dceff/weather/weather_year.hpp"

namespace dceff::weather {

/// Reads an EnergyPlus Weather (EPW) file, plain or gzip-compressed, into a year of hours.
///
/// Expects the 8 header lines (LOCATION, DESIGN CONDITIONS, TYPICAL/EXTREME PERIODS, GROUND
/// TEMPERATURES, HOLIDAYS/DAYLIGHT SAVINGS, COMMENTS 1, COMMENTS 2, DATA PERIODS) and then one
/// row of 35 fields per hour from 1 January hour 1 to 31 December hour 24: 8760 rows, or 8784
/// when the HOLIDAYS/DAYLIGHT SAVINGS header says the leap year is observed (29 February
/// present). Rows are ordered by month, day and hour; the year field is not used, since a typical
/// year takes each month from a different year. Missing values (dry bulb or dew point >= 99.9,
/// RH >= 999, pressure >= 999999, or an empty field) are filled: gaps of
/// up to 6 hours by linear interpolation, one missing humidity measure from the other; each fill
/// is a line of `notes`. The wet bulb comes from dry bulb, dew point and station pressure
/// (psychrometrics.hpp). `sha256` is that of the file as stored.
/// @throws InputError `<path>:<line>: <what> '<text>' (expected ...)`
[[nodiscard]] auto read_epw(const std::string& path) -> WeatherYear;

/// The same from bytes in memory (tests, fuzzing): a pure function of `bytes`, with `name` in
/// messages and as `source`; `sha256` is that of `bytes`.
/// @throws InputError `<name>:<line>: ...`
[[nodiscard]] auto parse_epw(std::string_view bytes, const std::string& name) -> WeatherYear;

}  // namespace dceff::weather
